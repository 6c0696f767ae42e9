import { publicUrl } from '../../electron/engine/proxy/proxy-state';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../shared/config';
import type { DomainState, EngineStatus } from '../../shared/contract';
import type { Exchange } from '../../shared/exchange';
import {
  describeCertificate,
  formatDomainList,
  offlineDomainStates,
} from '../../electron/cli/format-domains';
import {
  formatDuration,
  formatRequestList,
  formatRequestsJson,
} from '../../electron/cli/format-requests';
import { dashboardLink, formatServeBanner } from '../../electron/cli/format-serve';
import { usage } from '../../electron/cli/usage';

const shop: DomainState = {
  host: 'shop.localhost',
  target: 'http://localhost:5173',
  enabled: true,
  tls: true,
  rewriteHost: false,
  forwardedHeader: false,
  url: 'https://shop.localhost:8443',
  health: 'up',
  certificate: { state: 'valid', notAfter: null, trusted: false, names: [], problem: null },
};

describe('domain formatting', () => {
  it('builds URLs with non-standard ports only', () => {
    expect(publicUrl('a.localhost', true, { http: 80, https: 443 })).toBe('https://a.localhost');
    expect(publicUrl('a.localhost', true, { http: 80, https: 8443 })).toBe(
      'https://a.localhost:8443',
    );
    expect(publicUrl('a.localhost', false, { http: 8080, https: 443 })).toBe(
      'http://a.localhost:8080',
    );
    expect(publicUrl('*.a.localhost', true, { http: 80, https: 443 })).toBe('https://a.localhost');
    // HTTPS not listening (no mkcert): the domain is reached over HTTP.
    expect(publicUrl('a.localhost', true, { http: 8080, https: null })).toBe(
      'http://a.localhost:8080',
    );
  });

  it('describes offline domains from the config alone', () => {
    const config = defaultConfig();
    config.proxy.httpsPort = 8443;
    config.domains.push({ ...shop, enabled: false });
    const [state] = offlineDomainStates(config);
    expect(state).toMatchObject({
      url: 'https://shop.localhost:8443',
      health: 'unknown',
      certificate: null,
    });
    const text = formatDomainList(offlineDomainStates(config), false);
    expect(text).toContain('Portico is not running');
    expect(text).toMatch(
      /off\s+shop\.localhost\s+localhost:5173\s+https:\/\/shop\.localhost:8443\s+unknown/,
    );
  });

  it('shows state, target, URL, certificate and backend health when running', () => {
    const text = formatDomainList([shop], true);
    expect(text.split('\n')[0]).toMatch(/^STATE\s+HOST\s+TARGET\s+URL\s+CERTIFICATE\s+BACKEND$/);
    expect(text).toMatch(
      /on\s+shop\.localhost\s+localhost:5173\s+https:\/\/shop\.localhost:8443\s+valid, CA not trusted\s+up/,
    );
    expect(describeCertificate(false, null)).toBe('no TLS');
  });

  it('teaches what to type when there are no domains', () => {
    expect(formatDomainList([], true)).toBe(
      'No domains yet. Add one: portico add shop.localhost 5173\n',
    );
  });
});

describe('request formatting', () => {
  const exchange = {
    id: '1',
    time: '2026-01-01T10:00:00.000Z',
    method: 'GET',
    host: 'shop.localhost',
    path: '/cart',
    status: null,
    durationMs: 3.14,
    upgrade: null,
    error: 'ECONNREFUSED',
  } as unknown as Exchange;

  it('lists one row per exchange with its error', () => {
    const text = formatRequestList([exchange]);
    expect(text).toMatch(
      /10:00:00\.000\s+GET\s+-\s+shop\.localhost\/cart\s+3\.1 ms\s+ECONNREFUSED/,
    );
    expect(formatRequestList([])).toBe('No requests recorded yet.\n');
    expect(JSON.parse(formatRequestsJson([exchange]))).toEqual([exchange]);
    expect(formatDuration(1500)).toBe('1.50 s');
  });
});

describe('serve banner', () => {
  const status: EngineStatus = {
    version: '0.1.0',
    pid: 42,
    startedAt: '2026-01-01T00:00:00.000Z',
    dataDir: '/data',
    paused: false,
    http: { requestedPort: 80, port: 8080, problem: 'port 80 needs privileges' },
    https: { requestedPort: 443, port: 8443, problem: null },
    configProblem: null,
    certificatesAvailable: true,
    certificatesBusy: false,
    certificatesProblem: null,
    runtime: { node: 'v24.0.0', v8: '13.6.233.10', gcExposed: true },
  };

  it('prints the listening URLs and the dashboard link with the token in the fragment', () => {
    const text = formatServeBanner({
      status,
      adminUrl: 'http://127.0.0.1:7380',
      dashboardUrl: 'http://127.0.0.1:7380/',
      token: 'abc',
    });
    expect(text).toContain('http://localhost:8080  (port 80 needs privileges)');
    expect(text).toContain('https://localhost:8443');
    expect(text).toContain('http://127.0.0.1:7380/#token=abc');
    expect(dashboardLink('http://x/#token=t', 'other')).toBe('http://x/#token=t');
  });

  it('has help for the whole CLI and for each command', () => {
    expect(usage(null)).toContain('requests [--json] [--limit N]');
    expect(usage('add')).toContain('Usage: portico add HOST TARGET [--no-tls] [--data-dir DIR]');
  });
});
