import { describe, expect, it } from 'vitest';
import type { DomainState, EngineHandlers, EventMessage } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import { PorticoError } from '../../shared/rpc';
import { completeHandlers } from '../helpers/partial-handlers';
import { appUrlOf, isAppUrl } from '../../electron/main/app-url';
import {
  broadcastEvent,
  registerRpc,
  type EngineCall,
  type IpcMainLike,
  type InvokeEventLike,
} from '../../electron/main/ipc-registry';
import { EVENT_CHANNEL, RPC_CHANNEL } from '../../electron/preload/ipc-channels';

/** A real (in-memory) engine: the handlers the engine process would run. */
function memoryHandlers(): EngineHandlers {
  const domains = new Map<string, DomainState>();
  return completeHandlers({
    listDomains: async () => [...domains.values()],
    addDomain: async ({ host, target }) => {
      if (domains.has(host)) throw new PorticoError('DOMAIN_EXISTS', `${host} exists already.`);
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
      return domain;
    },
  });
}

/** A stand-in for Electron's ipcMain: records the handler so the test can invoke it. */
function fakeIpcMain() {
  const handlers = new Map<
    string,
    (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>
  >();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  const invoke = (frameUrl: string | null, payload: unknown) => {
    const handler = handlers.get(RPC_CHANNEL);
    if (!handler) throw new Error('no handler registered');
    return handler({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, payload);
  };
  return { ipcMain, handlers, invoke };
}

const appUrl = appUrlOf({ kind: 'file', indexPath: '/opt/portico/out/renderer/index.html' });

function setup(local?: Partial<EngineHandlers>) {
  const handlers = memoryHandlers();
  const calls: string[] = [];
  const call: EngineCall = (method, params) => {
    calls.push(method);
    return dispatch(handlers, method, params);
  };
  const fake = fakeIpcMain();
  const unregister = registerRpc(fake.ipcMain, {
    isTrustedSender: (url) => isAppUrl(url, appUrl),
    call,
    local,
    log: () => {},
  });
  return { ...fake, calls, unregister };
}

describe('IPC registry', () => {
  it('registers exactly one handler, on portico:rpc, and removes it', () => {
    const { handlers, unregister } = setup();
    expect([...handlers.keys()]).toEqual(['portico:rpc']);
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('refuses a call from a foreign frame without reaching the engine', async () => {
    const { invoke, calls } = setup();
    const request = { method: 'addDomain', params: { host: 'shop.localhost', target: '5173' } };
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', '', null]) {
      const outcome = await invoke(url, request);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses invalid payloads: not an object, unknown method, params failing the schema', async () => {
    const { invoke, calls } = setup();
    expect(await invoke(appUrl, 'addDomain')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS' },
    });
    expect(await invoke(appUrl, { method: 'rm -rf', params: {} })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    const bad = await invoke(appUrl, {
      method: 'addDomain',
      params: { host: 'shop.localhost', target: '99999' },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(JSON.stringify(bad)).toContain('out of range');
    expect(calls).toEqual([]);
  });

  it('relays a good call from the app frame and returns the engine result', async () => {
    const { invoke, calls } = setup();
    const added = await invoke(`${appUrl}#/domains`, {
      method: 'addDomain',
      params: { host: 'Shop.Localhost', target: '5173' },
    });
    // Validated and normalised by the contract schema before it reached the engine.
    expect(added).toMatchObject({
      ok: true,
      value: { host: 'shop.localhost', target: 'http://localhost:5173', enabled: true },
    });
    const listed = await invoke(appUrl, { method: 'listDomains' });
    expect(listed).toMatchObject({
      ok: true,
      value: [{ host: 'shop.localhost' }],
    });
    expect(calls).toEqual(['addDomain', 'listDomains']);
  });

  it('answers desktop-only methods in the main process, validated, without asking the engine', async () => {
    let openAtLogin = false;
    const { invoke, calls } = setup({
      getLoginItem: async () => ({ supported: true, openAtLogin }),
      setLoginItem: async (params) => {
        openAtLogin = params.openAtLogin;
        return { supported: true, openAtLogin };
      },
    });
    expect(await invoke(appUrl, { method: 'setLoginItem', params: { openAtLogin: true } })).toEqual(
      {
        ok: true,
        value: { supported: true, openAtLogin: true },
      },
    );
    expect(
      await invoke(appUrl, { method: 'setLoginItem', params: { openAtLogin: 'yes' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS' },
    });
    expect(await invoke(appUrl, { method: 'getLoginItem' })).toMatchObject({
      value: { openAtLogin: true },
    });
    expect(calls).toEqual([]);
  });

  it('passes the engine error code through unchanged', async () => {
    const { invoke } = setup();
    const request = { method: 'addDomain', params: { host: 'shop.localhost', target: '5173' } };
    await invoke(appUrl, request);
    expect(await invoke(appUrl, request)).toEqual({
      ok: false,
      error: { code: 'DOMAIN_EXISTS', message: 'shop.localhost exists already.' },
    });
  });

  it('sends events to every live window on portico:event', () => {
    const sent: string[] = [];
    const window = (name: string, destroyed: boolean) => ({
      isDestroyed: () => destroyed,
      send: (channel: string, message: unknown) =>
        sent.push(`${name} ${channel} ${JSON.stringify(message)}`),
    });
    const message: EventMessage = { event: 'exchangesCleared', payload: {} };
    broadcastEvent([window('a', false), window('b', true), window('c', false)], message);
    expect(sent).toEqual([
      `a ${EVENT_CHANNEL} {"event":"exchangesCleared","payload":{}}`,
      `c ${EVENT_CHANNEL} {"event":"exchangesCleared","payload":{}}`,
    ]);
  });
});
