/**
 * `runDoctor(host?)`: the checks an experienced engineer would run on each domain, in the
 * order that explains failures best (name → proxy → dev server → certificate → through the
 * proxy: WebSocket, redirects, client address). Checks that go through the proxy are
 * skipped, with the reason, when an earlier one already explains why they cannot work.
 */
import type { DomainConfig } from '../../../shared/config';
import {
  worstStatus,
  type DoctorCheck,
  type DoctorReport,
  type DomainDiagnosis,
} from '../../../shared/doctor';
import { normaliseHost } from '../../../shared/host-name';
import { PorticoError } from '../../../shared/rpc';
import { checkBackend } from './check-backend';
import { checkCertificate } from './check-certificate';
import { checkClientAddress } from './check-client-address';
import { checkListener, checkPorts } from './check-ports';
import { checkRedirect } from './check-redirect';
import { checkResolve, defaultLookup } from './check-resolve';
import { checkWebSocket } from './check-websocket';
import { check, type DoctorDeps, type DomainContext } from './doctor-context';

/** The name probes use: `*.shop.localhost` is checked as `portico-doctor.shop.localhost`. */
export function probeName(host: string): string {
  return host.startsWith('*.') ? `portico-doctor.${host.slice(2)}` : host;
}

export function domainContext(
  domain: DomainConfig,
  ports: { http: number | null; https: number | null },
  timeoutMs: number,
): DomainContext {
  const name = probeName(domain.host);
  const tls = domain.tls && ports.https !== null;
  const port = tls ? ports.https : ports.http;
  const standard = tls ? 443 : 80;
  const suffix = port === null || port === standard ? '' : `:${port}`;
  return {
    domain,
    name,
    tls,
    port,
    url: `${tls ? 'https' : 'http'}://${name}${suffix}`,
    timeoutMs,
  };
}

export async function diagnoseDomain(
  context: DomainContext,
  deps: DoctorDeps,
): Promise<DomainDiagnosis> {
  const status = deps.status();
  const config = deps.config();
  const checks: DoctorCheck[] = [];
  checks.push(await checkResolve(context, deps.lookup ?? defaultLookup, deps.hostsStatus()));
  const listener = await checkListener(context);
  checks.push(listener);
  const backend = await checkBackend(context);
  checks.push(backend);
  checks.push(
    await checkCertificate(context, {
      caStatus: deps.caStatus,
      caCertificate: deps.caCertificate,
      certificatesProblem: status.certificatesProblem,
    }),
  );
  const blocked =
    listener.status === 'fail'
      ? 'the proxy does not listen for this domain'
      : backend.status === 'fail'
        ? 'the dev server does not answer'
        : config.paused
          ? 'Portico is paused (every domain answers 503)'
          : !context.domain.enabled
            ? 'the domain is off (it answers 503)'
            : null;
  if (blocked) {
    const titles = {
      websocket: 'A WebSocket upgrade through the proxy succeeds',
      redirect: 'No redirect loop behind the proxy',
      'client-address': "The app sees the client's address, not the proxy's",
    } as const;
    for (const id of ['websocket', 'redirect', 'client-address'] as const)
      checks.push(check(id, titles[id], 'skip', `Not checked: ${blocked}.`));
  } else {
    checks.push(await checkWebSocket(context));
    checks.push(await checkRedirect(context));
    checks.push(await checkClientAddress(context));
  }
  return {
    host: context.domain.host,
    url: context.url,
    target: context.domain.target,
    status: worstStatus(checks.map((c) => c.status)),
    checks,
  };
}

/** Diagnoses every domain, or only `host`; throws UNKNOWN_DOMAIN for a host not configured. */
export async function runDoctor(deps: DoctorDeps, host?: string): Promise<DoctorReport> {
  const config = deps.config();
  const status = deps.status();
  let domains = config.domains;
  if (host !== undefined) {
    const wanted = normaliseHost(host);
    domains = domains.filter((d) => d.host === wanted);
    if (domains.length === 0)
      throw new PorticoError(
        'UNKNOWN_DOMAIN',
        `No domain ${wanted}: \`portico list\` shows the configured ones.`,
      );
  }
  const timeoutMs = deps.timeoutMs ?? 3_000;
  const ports = { http: status.http.port, https: status.https.port };
  const engine = checkPorts(status, deps.platform ?? process.platform);
  // Domains are diagnosed one after another: the probes are cheap, and parallel runs would
  // interleave in the Inspector and hammer a dev server that is starting up.
  const results: DomainDiagnosis[] = [];
  for (const domain of domains)
    results.push(await diagnoseDomain(domainContext(domain, ports, timeoutMs), deps));
  return {
    ranAt: new Date().toISOString(),
    status: worstStatus([...engine, ...results].map((r) => r.status)),
    engine,
    domains: results,
  };
}
