import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../renderer/src/client/engine-client';
import { ClientError } from '../../renderer/src/client/engine-client';
import { applyEvent, createPorticoStore } from '../../renderer/src/store/store';
import { engineProblems, healthBadge, lockBadge } from '../../renderer/src/store/selectors';
import type { DomainState, EngineStatus } from '../../shared/contract';
import type { ExchangeSummary } from '../../shared/exchange';

function domain(host: string, patch: Partial<DomainState> = {}): DomainState {
  return {
    host,
    target: 'http://localhost:5173',
    enabled: true,
    tls: true,
    rewriteHost: false,
    forwardedHeader: false,
    url: `https://${host}`,
    health: 'unknown',
    certificate: { state: 'valid', notAfter: null, trusted: true, names: [host], problem: null },
    ...patch,
  };
}

function summary(id: string): ExchangeSummary {
  return {
    id,
    time: new Date().toISOString(),
    method: 'GET',
    host: 'shop.localhost',
    path: '/',
    domain: 'shop.localhost',
    target: null,
    status: 200,
    durationMs: 1,
    upgrade: null,
    error: null,
    replayOf: null,
  };
}

/** Only the methods a test uses; calling anything else fails the test loudly. */
function fakeClient(methods: Partial<EngineClient>): EngineClient {
  return new Proxy(methods as EngineClient, {
    get(target, name: string) {
      const value = (target as unknown as Record<string, unknown>)[name];
      if (value) return value;
      return () => Promise.reject(new Error(`unexpected call: ${name}`));
    },
  });
}

describe('store', () => {
  it('shows a domains event at once (a toggle from the tray or the CLI)', () => {
    const store = createPorticoStore(fakeClient({}));
    applyEvent(store, {
      event: 'domains',
      payload: [domain('shop.localhost', { enabled: false })],
    });
    expect(store.getState().domains[0]?.enabled).toBe(false);
    expect(store.getState().domainsLoaded).toBe(true);
  });

  it('rolls a toggle back and says why when the engine refuses it', async () => {
    const store = createPorticoStore(
      fakeClient({
        setDomainEnabled: () =>
          Promise.reject(new ClientError('UNKNOWN_DOMAIN', 'No domain shop.localhost.')),
      }),
    );
    store.setState({ domains: [domain('shop.localhost')] });
    await store.getState().setDomainEnabled('shop.localhost', false);
    expect(store.getState().domains[0]?.enabled).toBe(true);
    expect(store.getState().toasts.map((t) => [t.tone, t.message])).toEqual([
      ['error', 'No domain shop.localhost.'],
    ]);
  });

  it('holds the inspector list still while paused and catches up on resume', async () => {
    const store = createPorticoStore(
      fakeClient({ listExchanges: async () => [summary('2'), summary('1')] }),
    );
    applyEvent(store, { event: 'exchanges', payload: { upserted: [summary('1')] } });
    await store.getState().setInspectorPaused(true);
    applyEvent(store, { event: 'exchanges', payload: { upserted: [summary('2')] } });
    expect(store.getState().exchanges.map((e) => e.id)).toEqual(['1']);
    expect(store.getState().missedWhilePaused).toBe(1);
    await store.getState().setInspectorPaused(false);
    expect(store.getState().exchanges.map((e) => e.id)).toEqual(['2', '1']);
    expect(store.getState().missedWhilePaused).toBe(0);
  });

  it('forgets the list and the selection when the exchanges are cleared elsewhere', () => {
    const store = createPorticoStore(fakeClient({}));
    store.setState({ exchanges: [summary('1')], selectedId: '1' });
    applyEvent(store, { event: 'exchangesCleared', payload: {} });
    expect(store.getState()).toMatchObject({ exchanges: [], selectedId: null });
  });

  it('offers start at login only where the app supports it, and saves the choice', async () => {
    const headless = createPorticoStore(
      fakeClient({ getLoginItem: async () => ({ supported: false, openAtLogin: false }) }),
    );
    await headless.getState().loadLoginItem();
    expect(headless.getState().loginItem?.supported).toBe(false);

    let saved: boolean | null = null;
    const desktop = createPorticoStore(
      fakeClient({
        getLoginItem: async () => ({ supported: true, openAtLogin: false }),
        setLoginItem: async ({ openAtLogin }) => {
          saved = openAtLogin;
          return { supported: true, openAtLogin };
        },
      }),
    );
    await desktop.getState().loadLoginItem();
    await desktop.getState().setOpenAtLogin(true);
    expect(saved).toBe(true);
    expect(desktop.getState().loginItem).toEqual({ supported: true, openAtLogin: true });
  });

  it('updates one domain from an edit that renamed it', async () => {
    const store = createPorticoStore(
      fakeClient({ updateDomain: async () => domain('store.localhost') }),
    );
    store.setState({ domains: [domain('shop.localhost'), domain('api.localhost')] });
    await store.getState().updateDomain({ host: 'shop.localhost', rename: 'store.localhost' });
    expect(store.getState().domains.map((d) => d.host)).toEqual([
      'store.localhost',
      'api.localhost',
    ]);
  });
});

describe('selectors', () => {
  it('lockBadge tells valid, untrusted, missing and plain HTTP apart', () => {
    expect(lockBadge(domain('a.localhost')).label).toBe('valid');
    const untrusted = domain('a.localhost', {
      certificate: { state: 'valid', notAfter: null, trusted: false, names: [], problem: null },
    });
    expect(lockBadge(untrusted)).toMatchObject({ label: 'untrusted', tone: 'warn' });
    expect(lockBadge(domain('a.localhost', { certificate: null })).label).toBe('missing');
    expect(lockBadge(domain('a.localhost', { tls: false })).label).toBe('HTTP');
  });
  it('healthBadge shows a disabled domain as off whatever its backend', () => {
    expect(healthBadge(domain('a.localhost', { enabled: false, health: 'up' })).label).toBe('off');
    expect(healthBadge(domain('a.localhost', { health: 'down' })).tone).toBe('bad');
  });
  it('engineProblems lists what needs action, not a normal fallback port', () => {
    const status: EngineStatus = {
      version: '0',
      pid: 1,
      startedAt: '',
      dataDir: '',
      paused: false,
      http: { requestedPort: 80, port: 8080, problem: 'Port 80 needs privileges.' },
      https: { requestedPort: 443, port: null, problem: 'Port 8443 is in use.' },
      configProblem: 'config.json: domains.0.host: bad',
      certificatesAvailable: true,
      certificatesBusy: false,
      certificatesProblem: null,
      runtime: { node: 'v24.0.0', v8: '13.6.233.10', gcExposed: true },
    };
    expect(engineProblems(status)).toEqual([
      'config.json: domains.0.host: bad',
      'Port 8443 is in use.',
    ]);
    // While mkcert is being fetched, HTTPS not listening yet is not a problem to report.
    const fetching: EngineStatus = {
      ...status,
      configProblem: null,
      certificatesAvailable: false,
      certificatesBusy: true,
      certificatesProblem: 'downloading mkcert…',
      https: { requestedPort: 443, port: null, problem: 'HTTPS starts once mkcert is ready.' },
    };
    expect(engineProblems(fetching)).toEqual([]);
  });
});
