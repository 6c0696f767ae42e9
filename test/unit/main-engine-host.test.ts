import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { EngineHost, type EngineChild, type EngineNotice } from '../../electron/main/engine-host';

// The engine child is a real Node process speaking the real protocol (engine-messages.ts)
// over Node's IPC channel, standing in for Electron's utilityProcess (no binary here).
// `removeDomain` makes it crash, so the test can watch the host restart it.
const messagesModule = resolve(import.meta.dirname, '../../electron/main/engine-messages.ts');
const CHILD = `
const { serveEngine } = await import(${JSON.stringify(messagesModule)});
const nope = async () => { throw new Error('not in this test'); };
const handlers = new Proxy({}, { get: (_t, name) => {
  if (name === 'listDomains') return async () => [];
  if (name === 'removeDomain') return async () => process.exit(3);
  return nope;
} });
const server = serveEngine({ handlers, subscribe: () => () => {} }, (m) => process.send(m), () => process.exit(0));
process.on('message', (m) => void server.receive(m));
process.send({ type: 'ready', adminUrl: 'http://127.0.0.1:7380' });
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
});

function forkChild(): EngineChild {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  child.on('error', (error) => console.error(`test child: ${error.message}`));
  return {
    postMessage: (message) => {
      if (child.connected) child.send(message as object);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code ?? 1)),
    kill: () => {
      child.kill();
    },
  };
}

function hostWith(maxRestarts: number) {
  const notices: EngineNotice[] = [];
  const waiters: { kind: EngineNotice['kind']; count: number; resolve: () => void }[] = [];
  const host = new EngineHost({
    fork: forkChild,
    policy: { maxRestarts, windowMs: 60_000, baseDelayMs: 50, maxDelayMs: 200 },
    onNotice: (notice) => {
      notices.push(notice);
      for (const waiter of [...waiters]) {
        if (notices.filter((n) => n.kind === waiter.kind).length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    },
    log: () => {},
  });
  const until = (kind: EngineNotice['kind'], count = 1) =>
    new Promise<void>((resolve) => {
      if (notices.filter((n) => n.kind === kind).length >= count) resolve();
      else waiters.push({ kind, count, resolve });
    });
  return { host, notices, until };
}

describe('engine host', () => {
  it('relays calls, restarts a crashed engine with a notice, and gives up after too many crashes', async () => {
    const { host, notices, until } = hostWith(1);
    host.start();
    await until('ready');
    expect(host.state).toBe('running');
    expect(await host.call('listDomains', {})).toEqual({ ok: true, value: [] });

    // A crash fails the call in flight, and the engine comes back.
    const crashed = await host.call('removeDomain', { host: 'shop.localhost' });
    expect(crashed).toMatchObject({ ok: false, error: { code: 'ENGINE_UNAVAILABLE' } });
    await until('ready', 2);
    expect(notices.map((n) => n.kind)).toEqual(['ready', 'restarting', 'ready']);
    expect(notices[1]).toMatchObject({ kind: 'restarting', code: 3, attempt: 1 });
    expect(await host.call('listDomains', {})).toEqual({ ok: true, value: [] });

    // The second crash within the minute is one too many for this policy.
    await host.call('removeDomain', { host: 'shop.localhost' });
    await until('gave-up');
    expect(host.state).toBe('failed');
    expect(await host.call('listDomains', {})).toMatchObject({
      ok: false,
      error: { code: 'ENGINE_UNAVAILABLE' },
    });
  }, 30_000);

  it('stops the engine on request without restarting it', async () => {
    const { host, notices, until } = hostWith(5);
    host.start();
    await until('ready');
    await host.stop();
    expect(host.state).toBe('stopped');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(notices.map((n) => n.kind)).toEqual(['ready']);
    expect(children.every((child) => child.exitCode === 0)).toBe(true);
  }, 30_000);
});
