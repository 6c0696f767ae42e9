/**
 * The engine's implementation of the contract: one handler per method, each a few lines
 * over the config store, the certificate service and the inspector.
 */
import path from 'node:path';
import type { EngineHandlers, EngineStatus, Settings } from '../../shared/contract';
import type { PorticoConfig } from '../../shared/config';
import { PorticoError } from '../../shared/rpc';
import type { CertificateService } from './certificates';
import type { ConfigStore } from './config/config-store-api';
import {
  addDomain,
  applySettingsPatch,
  findDomain,
  removeDomain,
  setDomainEnabled,
  updateDomain,
} from './config/domain-edits';
import { runDoctor } from './doctor/run-doctor';
import { domainState, type Health, type Ports } from './domain-state';
import type { EngineEvents } from './engine-events';
import type { HostsSync } from './hosts/hosts-sync';
import { toCurl } from './inspector/curl';
import { toHar } from './inspector/har';
import type { Recorder } from './inspector/recorder';
import { replayExchange } from './inspector/replay';
import { PORTICO_VERSION } from './version';

export interface HandlerDeps {
  store: ConfigStore;
  certs: CertificateService;
  recorder: Recorder;
  events: EngineEvents;
  health: ReadonlyMap<string, Health>;
  ports(): Ports;
  status(): EngineStatus;
  /** Keeps the hosts-file block in step with the domains; absent when none is managed. */
  hosts?: HostsSync | null;
}

export function settingsOf(config: PorticoConfig): Settings {
  return {
    proxy: config.proxy,
    timeouts: config.timeouts,
    inspector: config.inspector,
    trustedProxies: config.trustedProxies,
    defaultTld: config.defaultTld,
  };
}

export function createHandlers(deps: HandlerDeps): EngineHandlers {
  const { store, certs, recorder } = deps;
  const stateOf = async (config: PorticoConfig, host: string) => {
    const domain = findDomain(config, host);
    if (!domain)
      throw new PorticoError(
        'UNKNOWN_DOMAIN',
        `No domain ${host}: \`portico list\` shows the configured ones.`,
      );
    return domainState(domain, deps.ports(), deps.health, certs);
  };
  const exchange = (id: string, redact?: boolean) => {
    const found = recorder.get(id, redact);
    if (!found)
      throw new PorticoError(
        'NOT_FOUND',
        `No exchange ${id}: it may have been dropped from the inspector's buffer.`,
      );
    return found;
  };

  return {
    getStatus: async () => deps.status(),
    setPaused: async ({ paused }) => {
      await store.update((draft) => {
        draft.paused = paused;
      });
      return deps.status();
    },

    listDomains: async () =>
      Promise.all(
        store.current().domains.map((d) => domainState(d, deps.ports(), deps.health, certs)),
      ),
    addDomain: async (params) =>
      stateOf(await store.update((draft) => void addDomain(draft, params)), params.host),
    updateDomain: async (params) =>
      stateOf(
        await store.update((draft) => void updateDomain(draft, params)),
        params.rename ?? params.host,
      ),
    removeDomain: async ({ host }) => {
      await store.update((draft) => void removeDomain(draft, host));
      return { ok: true as const };
    },
    setDomainEnabled: async ({ host, enabled }) =>
      stateOf(await store.update((draft) => void setDomainEnabled(draft, host, enabled)), host),

    getSettings: async () => settingsOf(store.current()),
    updateSettings: async (patch) =>
      settingsOf(await store.update((draft) => applySettingsPatch(draft, patch))),

    // Starting at login is the desktop app's business: its main process answers these itself.
    getLoginItem: async () => ({ supported: false, openAtLogin: false }),
    setLoginItem: async () => {
      throw new PorticoError('NOT_SUPPORTED', 'Only the desktop app can start at login.');
    },

    getCaStatus: () => certs.caStatus(),
    trustCa: () => certs.trust(),
    untrustCa: () => certs.untrust(),
    regenerateCertificate: async ({ host }) => {
      const domain = findDomain(store.current(), host);
      if (!domain) throw new PorticoError('UNKNOWN_DOMAIN', `No domain ${host}.`);
      const state = await certs.regenerate(domain.host);
      deps.events.emit(
        'domains',
        await Promise.all(
          store.current().domains.map((d) => domainState(d, deps.ports(), deps.health, certs)),
        ),
      );
      return state;
    },

    listExchanges: async (filter) => recorder.list(filter),
    getExchange: async ({ id }) => exchange(id),
    listExchangeDetails: async (filter) => recorder.listDetails(filter),
    clearExchanges: async () => {
      recorder.clear();
      deps.events.emit('exchangesCleared', {});
      return { ok: true as const };
    },
    replayExchange: async ({ id }) => {
      const record = recorder.record(id);
      if (!record) throw new PorticoError('NOT_FOUND', `No exchange ${id} to replay.`);
      const ports = deps.ports();
      const tls = exchange(id).protocol.tls && ports.https !== null;
      const port = tls ? ports.https : ports.http;
      if (port === null)
        throw new PorticoError('NOT_FOUND', 'Portico is not listening for that scheme any more.');
      const ca = tls ? ((await certs.caCertificate()) ?? undefined) : undefined;
      return replayExchange(record, { port, tls, ca, recorder });
    },
    exportHar: async ({ ids }) => {
      const exchanges = ids ? ids.map((id) => exchange(id)) : recorder.listDetails({});
      return toHar(exchanges, { creatorVersion: PORTICO_VERSION });
    },
    curlForExchange: async ({ id }) => {
      const redact = store.current().inspector.redact;
      const caroot = await certs.caroot();
      return {
        command: toCurl(exchange(id, false), {
          redact,
          caFile: caroot ? path.join(caroot, 'rootCA.pem') : null,
        }),
      };
    },
    setCapture: async ({ captureBodies, redact }) =>
      settingsOf(
        await store.update((draft) => {
          if (captureBodies !== undefined) draft.inspector.captureBodies = captureBodies;
          if (redact !== undefined) draft.inspector.redact = redact;
        }),
      ),

    runDoctor: ({ host }) =>
      runDoctor(
        {
          config: () => store.current(),
          status: deps.status,
          caStatus: () => (certs.mkcert ? certs.caStatus() : Promise.resolve(null)),
          caCertificate: () => certs.caCertificate(),
          hostsStatus: () => deps.hosts?.status() ?? null,
        },
        host,
      ),
    hostsStatus: async () =>
      deps.hosts?.status() ?? {
        file: null,
        wanted: [],
        managed: [],
        pending: false,
        problem: null,
      },
  };
}
