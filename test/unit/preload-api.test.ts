import { describe, expect, it } from 'vitest';
import { methodNames, type EventMessage } from '../../shared/contract';
import { buildPreloadApi } from '../../electron/preload/preload-api';

function harness() {
  const invoked: { channel: string; payload: unknown }[] = [];
  const listeners = new Map<string, Set<(message: unknown) => void>>();
  const api = buildPreloadApi(
    async (channel, payload) => {
      invoked.push({ channel, payload });
      return payload.method === 'listDomains' ? { ok: true, value: [] } : 'garbage';
    },
    (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  );
  const emit = (channel: string, message: unknown) =>
    listeners.get(channel)?.forEach((l) => l(message));
  return { api, invoked, emit, listeners };
}

describe('preload api', () => {
  it('exposes exactly one function per contract method plus onEvent, and nothing else', () => {
    const { api } = harness();
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'onEvent'].sort());
    for (const key of Object.keys(api))
      expect(typeof (api as Record<string, unknown>)[key]).toBe('function');
    expect('ipcRenderer' in api).toBe(false);
    expect('invoke' in api).toBe(false);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invokes portico:rpc with { method, params } and returns the outcome', async () => {
    const { api, invoked } = harness();
    expect(await api.listDomains()).toEqual({ ok: true, value: [] });
    await api.setDomainEnabled({ host: 'shop.localhost', enabled: false });
    expect(invoked).toEqual([
      { channel: 'portico:rpc', payload: { method: 'listDomains', params: {} } },
      {
        channel: 'portico:rpc',
        payload: { method: 'setDomainEnabled', params: { host: 'shop.localhost', enabled: false } },
      },
    ]);
  });

  it('turns a malformed answer into an error outcome instead of passing it on', async () => {
    const { api } = harness();
    expect(await api.getStatus()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('delivers events from portico:event until unsubscribed', () => {
    const { api, emit } = harness();
    const seen: EventMessage[] = [];
    const stop = api.onEvent((message) => seen.push(message));
    const message: EventMessage = { event: 'exchangesCleared', payload: {} };
    emit('portico:event', message);
    emit('portico:other', message);
    emit('portico:event', 'not an event');
    stop();
    emit('portico:event', message);
    expect(seen).toEqual([message]);
  });
});
