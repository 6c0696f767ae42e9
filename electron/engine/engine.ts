/**
 * The engine: config store, proxy listeners, certificates, inspector and admin API, put
 * together and kept in step. Hosted by the CLI (`portico serve`), by the Electron utility
 * process, and by tests. Pure Node: it never imports electron.
 */
import { mkdir } from 'node:fs/promises';
import type { PorticoConfig } from '../../shared/config';
import type { EngineHandlers, EngineStatus } from '../../shared/contract';
import { DEFAULT_ADMIN_PORT } from '../../shared/admin-protocol';
import { startAdminServer } from './admin/admin-server';
import { CertificateService, type CertificateServiceOptions } from './certificates';
import { openConfigStore } from './config/config-store';
import { acquireEngineLock, type EngineLock } from './config/engine-lock';
import { loadOrCreateToken } from './config/token';
import { domainState, type Health, type Ports } from './domain-state';
import type { EngineEndpoint, EventListener } from './engine-api';
import { EngineEvents } from './engine-events';
import { createHandlers } from './handlers';
import { startHealthMonitor } from './health-monitor';
import { startIdleMemoryReclaim } from './idle-memory-reclaim';
import { bulkBufferRelease } from './bulk-buffer-release';
import { hostsManagerFromEnv, type HostsManager } from './hosts/hosts-manager';
import { HostsSync } from './hosts/hosts-sync';
import { createRecorder } from './inspector/recorder';
import { ProxyServer } from './proxy/proxy-server';
import { buildSnapshot } from './proxy/proxy-state';
import type { BoundListener } from './proxy/listeners';
import type { CertificateProvider } from './tls/certificate-provider';
import { PORTICO_VERSION } from './version';

/**
 * How long start-up waits for mkcert before serving the admin API without HTTPS (it keeps
 * looking, and HTTPS starts once it has it).
 */
const CERTIFICATES_WAIT_MS = 1_500;

export interface EngineOptions {
  dataDir: string;
  /** Overrides of the configured ports (`serve --http-port` …); 0 picks a free port. */
  httpPort?: number;
  httpsPort?: number;
  adminPort?: number;
  /** The renderer build served as the web dashboard; null serves none. */
  dashboardDir?: string | null;
  log?: (line: string) => void;
  /** For tests: certificates from this provider instead of mkcert. */
  certificateProvider?: CertificateProvider;
  /** How often each dev server's port is checked for the health dots (default 5 s). */
  healthCheckMs?: number;
  /** How long start-up waits for mkcert before going on without HTTPS (default 1.5 s). */
  certificatesWaitMs?: number;
  /** Tests: mkcert's first-run download without the network (default: mkcert-cli's). */
  downloadMkcert?: CertificateServiceOptions['downloadMkcert'];
  /** Hosts file kept in step with non-.localhost domains; default from PORTICO_HOSTS_FILE, null: none. */
  hostsManager?: HostsManager | null;
}

export interface RunningEngine extends EngineEndpoint {
  status(): EngineStatus;
  /** `http://127.0.0.1:<port>` of the admin API. */
  adminUrl: string;
  /** The dashboard URL with the token in the fragment (never sent to a server). */
  dashboardUrl: string;
  stop(): Promise<void>;
}

export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const log = options.log ?? (() => {});
  await mkdir(options.dataDir, { recursive: true });
  const lock = await acquireEngineLock(options.dataDir, { log });
  const cleanups: (() => Promise<void> | void)[] = [() => lock.release()];
  try {
    return await assemble(options, log, cleanups, lock);
  } catch (error) {
    await runCleanups(cleanups);
    throw error;
  }
}

async function assemble(
  options: EngineOptions,
  log: (line: string) => void,
  cleanups: (() => Promise<void> | void)[],
  lock: EngineLock,
): Promise<RunningEngine> {
  const startedAt = new Date().toISOString();
  const store = await openConfigStore(options.dataDir, { log, watch: true });
  cleanups.unshift(() => store.close());
  const token = await loadOrCreateToken(options.dataDir);
  const events = new EngineEvents();
  /** Start-up is done: `status` exists and the engine has been handed out. */
  let assembled = false;

  const health = new Map<string, Health>();
  let ports: Ports = { http: null, https: null };

  const recorder = createRecorder({
    settings: () => store.current().inspector,
    isWatched: () => events.watching,
    onChange: (upserted) => events.emit('exchanges', { upserted }),
    onError: (error) => log(`inspector: ${String(error)}`),
  });
  cleanups.unshift(() => recorder.close());

  let config = store.current();
  function reportHealth(host: string, up: boolean): void {
    const next: Health = up ? 'up' : 'down';
    if (health.get(host) === next) return;
    health.set(host, next);
    void publishDomains();
  }
  const proxy = new ProxyServer({
    initial: buildSnapshot(config, ports),
    recorder,
    frameCounter: (record, fromClient) => (chunk) => record.websocketData(fromClient, chunk),
    health: reportHealth,
    log,
    onBulkTraffic: bulkBufferRelease(log) ?? undefined,
  });
  cleanups.unshift(() => proxy.close());

  const certs = new CertificateService({
    dataDir: options.dataDir,
    log,
    provider: options.certificateProvider,
    domainFor: (servername) => {
      const name = servername.toLowerCase().replace(/\.$/, '');
      const route = proxy.current().routes.resolve(name);
      return route && route.domain.tls ? route.domain.host : null;
    },
    // The UI hears of a download's progress; until start-up is done there is nobody to tell
    // (and `status` is not defined yet).
    onProgress: () => {
      if (assembled) events.emit('status', status());
    },
    downloadMkcert: options.downloadMkcert,
  });
  const certsStarted = certs.start();
  // An installed mkcert answers in tens of milliseconds (a Go program starting); a first-run
  // download can take a while. Wait briefly, then serve the admin API (the UI shows the
  // download as busy) and start HTTPS as soon as certificates can be issued. HTTP needs no
  // certificate, so it listens meanwhile: mkcert's start is not part of the cold start.
  const certsWait = Promise.race([
    // Never rejects: nothing awaits it while HTTP binds (a failure is logged below instead).
    certsStarted.then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) =>
      setTimeout(() => resolve(false), options.certificatesWaitMs ?? CERTIFICATES_WAIT_MS).unref(),
    ),
  ]);

  const httpsPort = options.httpsPort ?? config.proxy.httpsPort;
  const httpListener = await proxy.listenHttp(
    options.httpPort ?? config.proxy.httpPort,
    config.proxy.fallbackHttpPort,
  );
  ports = { http: httpListener.port, https: null };
  if (httpListener.problem) log(httpListener.problem);
  proxy.setSnapshot(buildSnapshot(config, ports));
  const certsReady = await certsWait;
  let httpsListener: BoundListener = {
    requestedPort: httpsPort,
    port: null,
    problem: 'HTTPS starts once mkcert is ready.',
    servers: [],
  };
  const startHttps = async () => {
    httpsListener = certs.sni
      ? await proxy.listenHttps(httpsPort, config.proxy.fallbackHttpsPort, certs.sni)
      : { ...httpsListener, problem: `HTTPS is off: ${certs.problem ?? 'no certificates.'}` };
    ports = { http: httpListener.port, https: httpsListener.port };
    proxy.setSnapshot(buildSnapshot(config, ports));
    if (httpsListener.problem) log(httpsListener.problem);
    for (const domain of config.domains) if (domain.tls) certs.prepare(domain.host);
  };
  if (certsReady) await startHttps();
  else {
    void certsStarted
      .then(startHttps)
      .then(() => {
        events.emit('status', status());
        return publishDomains();
      })
      .catch((error: unknown) => log(`HTTPS could not start: ${String(error)}`));
  }
  const stopHealthMonitor = startHealthMonitor({
    domains: () => config.domains,
    report: reportHealth,
    intervalMs: options.healthCheckMs,
  });
  cleanups.unshift(stopHealthMonitor);
  cleanups.unshift(startIdleMemoryReclaim({ activity: () => proxy.traffic.moved, log }));
  const hostsSync = new HostsSync({
    manager: options.hostsManager === undefined ? hostsManagerFromEnv() : options.hostsManager,
    log,
  });
  void hostsSync.update(config.domains.map((d) => d.host));

  // What the engine runs on does not change while it runs.
  const runtime: EngineStatus['runtime'] = {
    node: process.version,
    v8: process.versions.v8,
    gcExposed: typeof globalThis.gc === 'function',
  };
  const status = (): EngineStatus => ({
    version: PORTICO_VERSION,
    pid: process.pid,
    startedAt,
    dataDir: options.dataDir,
    paused: store.current().paused,
    http: {
      requestedPort: httpListener.requestedPort,
      port: httpListener.port,
      problem: httpListener.problem,
    },
    https: {
      requestedPort: httpsListener.requestedPort,
      port: httpsListener.port,
      problem: httpsListener.problem,
    },
    configProblem: store.problem(),
    certificatesAvailable: certs.sni !== null,
    certificatesBusy: certs.busy,
    certificatesProblem: certs.problem,
    runtime,
  });

  async function publishDomains(): Promise<void> {
    const current = store.current();
    events.emit(
      'domains',
      await Promise.all(current.domains.map((d) => domainState(d, ports, health, certs))),
    );
  }

  store.onChange((next: PorticoConfig) => {
    const previous = config;
    config = next;
    proxy.setSnapshot(buildSnapshot(next, ports));
    recorder.settingsChanged();
    const hosts = new Set(next.domains.map((d) => d.host));
    for (const domain of previous.domains) {
      if (hosts.has(domain.host)) continue;
      certs.forget(domain.host);
      health.delete(domain.host);
    }
    const before = new Set(previous.domains.filter((d) => d.tls).map((d) => d.host));
    for (const domain of next.domains)
      if (domain.tls && !before.has(domain.host)) certs.prepare(domain.host);
    void publishDomains();
    events.emit('status', status());
    void hostsSync.update(next.domains.map((d) => d.host));
  });

  const handlers: EngineHandlers = createHandlers({
    store,
    certs,
    recorder,
    events,
    health,
    ports: () => ports,
    status,
    hosts: hostsSync,
  });
  const endpoint: EngineEndpoint = {
    handlers,
    subscribe: (listener: EventListener) => events.subscribe(listener),
  };

  const admin = await startAdminServer({
    endpoint,
    token,
    port: options.adminPort ?? DEFAULT_ADMIN_PORT,
    dashboardDir: options.dashboardDir ?? null,
    log,
  });
  cleanups.unshift(() => admin.close());
  if (admin.problem) log(admin.problem);
  await lock.writeRuntime({ adminPort: admin.port, adminUrl: admin.url, version: PORTICO_VERSION });

  let stopping: Promise<void> | null = null;
  assembled = true;
  return {
    ...endpoint,
    status,
    adminUrl: admin.url,
    dashboardUrl: `${admin.url}/#token=${token}`,
    stop: () => (stopping ??= runCleanups(cleanups)),
  };
}

async function runCleanups(cleanups: (() => Promise<void> | void)[]): Promise<void> {
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch {
      // Keep releasing the rest (ports, lock) even if one part fails to close.
    }
  }
}
