import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../renderer/src/client/backoff';
import {
  ClientError,
  apiFromTransport,
  parseEventMessage,
  resultFromOutcome,
} from '../../renderer/src/client/engine-client';
import { takeToken, tokenFromHash } from '../../renderer/src/client/token';
import { shortcutFor } from '../../renderer/src/components/layout/use-shortcuts';
import { methodNames } from '../../shared/contract';

const status = {
  version: '0.1.0',
  pid: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  dataDir: '/tmp/x',
  paused: false,
  http: { requestedPort: 0, port: 8080, problem: null },
  https: { requestedPort: 0, port: 8443, problem: null },
  configProblem: null,
  certificatesAvailable: true,
  certificatesBusy: false,
  certificatesProblem: null,
  runtime: { node: 'v24.0.0', v8: '13.6.233.10', gcExposed: true },
};

describe('resultFromOutcome', () => {
  it('returns the parsed value of a good outcome', () => {
    expect(resultFromOutcome('getStatus', { ok: true, value: status })).toEqual(status);
  });
  it("throws the engine's code and message for an error outcome", () => {
    const call = () =>
      resultFromOutcome('addDomain', {
        ok: false,
        error: { code: 'DOMAIN_EXISTS', message: 'shop.localhost exists.' },
      });
    expect(call).toThrow(ClientError);
    expect(call).toThrow('shop.localhost exists.');
    try {
      call();
    } catch (error) {
      expect((error as ClientError).code).toBe('DOMAIN_EXISTS');
    }
  });
  it('refuses answers that do not match the contract', () => {
    expect(() => resultFromOutcome('getStatus', { ok: true, value: { version: 1 } })).toThrow(
      /unexpected shape/,
    );
    expect(() => resultFromOutcome('getStatus', 'nonsense')).toThrow(/unreadable/);
  });
});

describe('apiFromTransport', () => {
  it('has one function per contract method, each calling the transport with its name', async () => {
    const calls: Array<[string, unknown]> = [];
    const api = apiFromTransport(async (method, params) => {
      calls.push([method, params]);
      return { ok: true, value: { ok: true } };
    });
    expect(Object.keys(api).sort()).toEqual([...methodNames].sort());
    await expect(api.removeDomain({ host: 'shop.localhost' })).resolves.toEqual({ ok: true });
    expect(calls).toEqual([['removeDomain', { host: 'shop.localhost' }]]);
  });
});

describe('parseEventMessage', () => {
  it('accepts a contract event and rejects unknown or malformed ones', () => {
    expect(parseEventMessage({ event: 'exchangesCleared', payload: {} })).toEqual({
      event: 'exchangesCleared',
      payload: {},
    });
    expect(parseEventMessage({ event: 'status', payload: status })?.event).toBe('status');
    expect(parseEventMessage({ event: 'nope', payload: {} })).toBeNull();
    expect(parseEventMessage({ event: 'domains', payload: [{ host: 1 }] })).toBeNull();
  });
});

describe('token', () => {
  it('reads the token from the fragment only', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#x=1&token=abc')).toBe('abc');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=<script>')).toBeNull();
  });
  it('stores the token and removes it from the visible URL; later loads use storage', () => {
    const stored = new Map<string, string>();
    const replaced: string[] = [];
    const env = (hash: string) => ({
      location: { hash, pathname: '/', search: '' },
      history: {
        replaceState: (_d: unknown, _u: string, url?: string) => void replaced.push(url ?? ''),
      },
      storage: {
        getItem: (k: string) => stored.get(k) ?? null,
        setItem: (k: string, v: string) => void stored.set(k, v),
      },
    });
    expect(takeToken(env('#token=secret'))).toBe('secret');
    expect(replaced).toEqual(['/']);
    expect(takeToken(env(''))).toBe('secret');
    expect(replaced).toHaveLength(1);
  });
});

describe('reconnectDelay', () => {
  it('backs off exponentially up to a cap, with bounded jitter', () => {
    expect(reconnectDelay(0, () => 0)).toBe(250);
    expect(reconnectDelay(3, () => 0)).toBe(2000);
    expect(reconnectDelay(30, () => 0)).toBe(10_000);
    expect(reconnectDelay(30, () => 1)).toBe(12_000);
  });
});

describe('shortcutFor', () => {
  const key = (
    k: string,
    mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...mods,
  });
  const idle = { typing: false, dialogOpen: false };
  it('maps n, / and Ctrl/Cmd+K', () => {
    expect(shortcutFor(key('n'), idle)).toBe('add-domain');
    expect(shortcutFor(key('/'), idle)).toBe('focus-filter');
    expect(shortcutFor(key('k', { ctrlKey: true }), idle)).toBe('clear-inspector');
    expect(shortcutFor(key('k', { metaKey: true }), idle)).toBe('clear-inspector');
  });
  it('ignores single keys while typing or with a dialog open', () => {
    expect(shortcutFor(key('n'), { typing: true, dialogOpen: false })).toBeNull();
    expect(shortcutFor(key('/'), { typing: false, dialogOpen: true })).toBeNull();
    expect(shortcutFor(key('k', { ctrlKey: true }), { typing: true, dialogOpen: false })).toBe(
      'clear-inspector',
    );
    expect(shortcutFor(key('n', { ctrlKey: true }), idle)).toBeNull();
  });
});
