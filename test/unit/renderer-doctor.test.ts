import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../renderer/src/client/engine-client';
import {
  countsLine,
  countStatuses,
  hostsNeedAttention,
  missingHostNames,
  splitFix,
  STATUS_VIEW,
  summarize,
} from '../../renderer/src/doctor/doctor-view';
import { createPorticoStore } from '../../renderer/src/store/store';
import type { DoctorCheck, DoctorReport, HostsStatus } from '../../shared/doctor';

function check(status: DoctorCheck['status'], id: DoctorCheck['id'] = 'backend'): DoctorCheck {
  return { id, title: id, status, message: `${id} ${status}`, fix: null };
}

function report(domains: Array<[string, DoctorCheck[]]>, engine = [check('pass', 'ports')]) {
  const all = [...engine, ...domains.flatMap(([, checks]) => checks)].map((c) => c.status);
  const worst = all.includes('fail') ? 'fail' : all.includes('warn') ? 'warn' : 'pass';
  return {
    ranAt: '2026-01-01T00:00:00.000Z',
    status: worst,
    engine,
    domains: domains.map(([host, checks]) => ({
      host,
      url: `http://${host}`,
      target: 'http://127.0.0.1:5173',
      status: checks.some((c) => c.status === 'fail')
        ? 'fail'
        : checks.some((c) => c.status === 'warn')
          ? 'warn'
          : 'pass',
      checks,
    })),
  } satisfies DoctorReport;
}

const hosts = (patch: Partial<HostsStatus> = {}): HostsStatus => ({
  file: '/etc/hosts',
  wanted: [],
  managed: [],
  pending: false,
  problem: null,
  ...patch,
});

describe('doctor view', () => {
  it('names every status with a word and an icon, not a colour alone', () => {
    expect(Object.values(STATUS_VIEW).map((view) => view.label)).toEqual([
      'Pass',
      'Warning',
      'Fail',
      'Skipped',
    ]);
    expect(new Set(Object.values(STATUS_VIEW).map((view) => view.icon)).size).toBe(4);
  });

  it('counts checks and summarises what is broken where', () => {
    const r = report([
      ['shop.localhost', [check('pass'), check('skip', 'websocket')]],
      ['api.localhost', [check('fail'), check('warn', 'resolve'), check('skip', 'redirect')]],
    ]);
    expect(countStatuses(r)).toEqual({ pass: 2, warn: 1, fail: 1, skip: 2 });
    expect(summarize(r)).toBe('1 check fails, 1 warning — 1 of 2 domains broken.');
    expect(countsLine(countStatuses(r))).toBe('2 passed · 1 warning · 1 failed · 2 skipped');
  });

  it('says all is well when nothing fails or warns (skips are fine)', () => {
    const r = report([['shop.localhost', [check('pass'), check('skip', 'websocket')]]]);
    expect(summarize(r)).toBe('All checks pass (1 domain).');
    expect(summarize(report([], []))).toBe('Nothing to check yet.');
  });

  it('splits a fix into prose and copyable commands', () => {
    expect(
      splitFix(
        'Trust the CA once: `portico trust` (or the Trust button). For Node tools: export NODE_EXTRA_CA_CERTS="/ca/rootCA.pem"',
      ),
    ).toEqual([
      { kind: 'text', text: 'Trust the CA once: ' },
      { kind: 'command', text: 'portico trust' },
      { kind: 'text', text: ' (or the Trust button). For Node tools: ' },
      { kind: 'command', text: 'export NODE_EXTRA_CA_CERTS="/ca/rootCA.pem"' },
    ]);
    expect(splitFix('Start your dev server on port 5173.')).toEqual([
      { kind: 'text', text: 'Start your dev server on port 5173.' },
    ]);
    // An unmatched backquote is prose, not a command.
    expect(splitFix('a ` b')).toEqual([{ kind: 'text', text: 'a ` b' }]);
  });

  it('shows the hosts file only when a name needs it or writing it failed', () => {
    expect(hostsNeedAttention(null)).toBe(false);
    expect(hostsNeedAttention(hosts())).toBe(false);
    expect(hostsNeedAttention(hosts({ wanted: ['shop.test'] }))).toBe(true);
    expect(hostsNeedAttention(hosts({ problem: 'cancelled' }))).toBe(true);
    expect(missingHostNames(hosts({ wanted: ['a.test', 'b.test'], managed: ['a.test'] }))).toEqual([
      'b.test',
    ]);
  });
});

describe('doctor slice', () => {
  /** A client whose runDoctor answers only when the test says so. */
  function controlledClient() {
    const pending: Array<{ host: string | undefined; answer: (r: DoctorReport) => void }> = [];
    const client = {
      runDoctor: (params: { host?: string }) =>
        new Promise<DoctorReport>((resolve) =>
          pending.push({ host: params.host, answer: resolve }),
        ),
      hostsStatus: () => Promise.resolve(hosts({ wanted: ['shop.test'] })),
    } as unknown as EngineClient;
    return { client, pending };
  }

  it('"Diagnose" opens the panel for the domain and is busy until the report arrives', async () => {
    const { client, pending } = controlledClient();
    const store = createPorticoStore(client);
    const done = store.getState().diagnose('shop.localhost');
    expect(store.getState().page).toBe('doctor');
    expect(store.getState().doctorScope).toBe('shop.localhost');
    expect(store.getState().doctorBusy).toBe(true);
    await Promise.resolve();
    expect(pending[0]?.host).toBe('shop.localhost');
    pending[0]?.answer(report([['shop.localhost', [check('pass')]]]));
    await done;
    expect(store.getState().doctorBusy).toBe(false);
    expect(store.getState().doctorReport?.domains[0]?.host).toBe('shop.localhost');
    expect(store.getState().hosts?.wanted).toEqual(['shop.test']);
  });

  it('keeps the newest run when an older one answers late', async () => {
    const { client, pending } = controlledClient();
    const store = createPorticoStore(client);
    const first = store.getState().runDoctor('old.localhost');
    const second = store.getState().runDoctor(null);
    await Promise.resolve();
    pending[1]?.answer(report([['new.localhost', [check('pass')]]]));
    await second;
    pending[0]?.answer(report([['old.localhost', [check('fail')]]]));
    await first;
    expect(store.getState().doctorScope).toBe(null);
    expect(store.getState().doctorReport?.domains[0]?.host).toBe('new.localhost');
    expect(store.getState().doctorBusy).toBe(false);
  });
});
