import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { DomainState, EngineHandlers, EventMessage } from '../../shared/contract';
import { PorticoError } from '../../shared/rpc';
import { completeHandlers } from '../helpers/partial-handlers';
import type { EngineEndpoint, EventListener } from '../../electron/engine/engine-api';
import { EngineClient, serveEngine } from '../../electron/main/engine-messages';

/** A real engine endpoint kept in memory: domains with add/toggle, and their events. */
function memoryEngine(options: { delayFor?: (host: string) => number } = {}): EngineEndpoint {
  const domains = new Map<string, DomainState>();
  const listeners = new Set<EventListener>();
  const emit = () => {
    for (const listener of listeners)
      listener({ event: 'domains', payload: [...domains.values()] });
  };
  const handlers: EngineHandlers = completeHandlers({
    listDomains: async () => [...domains.values()],
    addDomain: async ({ host, target }) => {
      await new Promise((resolve) => setTimeout(resolve, options.delayFor?.(host) ?? 0));
      const domain: DomainState = {
        host,
        target,
        enabled: true,
        tls: true,
        rewriteHost: false,
        forwardedHeader: false,
        url: `https://${host}`,
        health: 'unknown',
        certificate: null,
      };
      domains.set(host, domain);
      emit();
      return domain;
    },
    setDomainEnabled: async ({ host, enabled }) => {
      const domain = domains.get(host);
      if (!domain) throw new PorticoError('UNKNOWN_DOMAIN', `No domain ${host}.`);
      domain.enabled = enabled;
      emit();
      return domain;
    },
  });
  return {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** Engine on one end of a real MessageChannel, client on the other. */
function connect(endpoint: EngineEndpoint, clientOptions: { timeoutMs?: number } = {}) {
  const { port1: mainPort, port2: enginePort } = new MessageChannel();
  ports.push(mainPort, enginePort);
  const logs: string[] = [];
  let stopped = 0;
  const server = serveEngine(
    endpoint,
    (message) => enginePort.postMessage(message),
    () => stopped++,
    (line) => logs.push(line),
  );
  enginePort.on('message', (raw) => void server.receive(raw));
  const client = new EngineClient((message) => mainPort.postMessage(message), {
    ...clientOptions,
    log: (line) => logs.push(line),
  });
  mainPort.on('message', (raw) => client.receive(raw));
  return { client, server, logs, mainPort, enginePort, stopped: () => stopped };
}

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('engine messages over a MessageChannel', () => {
  it('round-trips a call, validated and normalised by the engine side', async () => {
    const { client } = connect(memoryEngine());
    const outcome = await client.call('addDomain', { host: 'Shop.localhost.', target: '5173' });
    expect(outcome).toMatchObject({
      ok: true,
      value: { host: 'shop.localhost', target: 'http://localhost:5173', enabled: true },
    });
    expect(await client.call('listDomains', {})).toMatchObject({
      ok: true,
      value: [{ host: 'shop.localhost' }],
    });
    expect(client.pendingCount).toBe(0);
  });

  it('returns errors as data: invalid params and engine errors with their code', async () => {
    const { client } = connect(memoryEngine());
    expect(
      await client.call('addDomain', { host: 'shop.localhost', target: 'ftp://x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS' },
    });
    expect(
      await client.call('setDomainEnabled', { host: 'nope.localhost', enabled: true }),
    ).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_DOMAIN', message: 'No domain nope.localhost.' },
    });
  });

  it('matches answers to calls by id when they come back out of order', async () => {
    const delays: Record<string, number> = {
      'a.localhost': 60,
      'b.localhost': 5,
      'c.localhost': 30,
    };
    const { client } = connect(memoryEngine({ delayFor: (host) => delays[host] ?? 0 }));
    const results = await Promise.all(
      ['a.localhost', 'b.localhost', 'c.localhost'].map((host) =>
        client.call('addDomain', { host, target: '3000' }),
      ),
    );
    expect(results.map((r) => (r.ok ? (r.value as DomainState).host : r.error.code))).toEqual([
      'a.localhost',
      'b.localhost',
      'c.localhost',
    ]);
  });

  it('relays engine events, parsed against the contract', async () => {
    const { client } = connect(memoryEngine());
    const seen: EventMessage[] = [];
    client.onEvent((message) => seen.push(message));
    await client.call('addDomain', { host: 'shop.localhost', target: '5173' });
    await client.call('setDomainEnabled', { host: 'shop.localhost', enabled: false });
    await nextTurn();
    expect(seen.map((m) => m.event)).toEqual(['domains', 'domains']);
    expect(seen[1]).toMatchObject({ payload: [{ host: 'shop.localhost', enabled: false }] });
  });

  it('ignores and reports malformed messages on both sides', async () => {
    const { client, mainPort, enginePort, logs } = connect(memoryEngine());
    const seen: EventMessage[] = [];
    client.onEvent((message) => seen.push(message));
    mainPort.postMessage({ type: 'call', id: 'x', method: 'listDomains' });
    enginePort.postMessage({
      type: 'event',
      message: { event: 'domains', payload: [{ host: 1 }] },
    });
    enginePort.postMessage('hello');
    await nextTurn();
    expect(seen).toEqual([]);
    expect(logs.filter((line) => line.includes('malformed')).length).toBe(2);
    expect(logs.some((line) => line.includes('invalid domains event'))).toBe(true);
  });

  it('tells the engine to stop', async () => {
    const { mainPort, stopped } = connect(memoryEngine());
    mainPort.postMessage({ type: 'stop' });
    await nextTurn();
    expect(stopped()).toBe(1);
  });

  it('fails calls in flight when the engine goes away, and times out a silent engine', async () => {
    const silent: EngineEndpoint = {
      ...memoryEngine(),
      handlers: { ...memoryEngine().handlers, listDomains: () => new Promise(() => {}) },
    };
    const { client } = connect(silent, { timeoutMs: 100 });
    const pending = client.call('listDomains', {});
    await nextTurn();
    client.failPending({ code: 'ENGINE_UNAVAILABLE', message: 'The engine exited.' });
    expect(await pending).toEqual({
      ok: false,
      error: { code: 'ENGINE_UNAVAILABLE', message: 'The engine exited.' },
    });
    expect(await client.call('listDomains', {})).toMatchObject({
      ok: false,
      error: { code: 'TIMEOUT' },
    });
  });
});
