// The contract's runtime schemas: what every boundary (IPC, admin API, CLI) accepts.
import { describe, expect, it } from 'vitest';
import { methods, methodNames } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import type { EngineHandlers } from '../../shared/contract';

describe('contract schemas', () => {
  it('keeps a settings patch to the fields it names (no defaults filled in)', () => {
    expect(methods.updateSettings.params.parse({ proxy: { httpPort: 8080 } })).toEqual({
      proxy: { httpPort: 8080 },
    });
    expect(methods.updateSettings.params.parse({ inspector: { redact: false } })).toEqual({
      inspector: { redact: false },
    });
  });

  it('normalises hosts and targets the same way everywhere', () => {
    expect(methods.addDomain.params.parse({ host: 'Shop.Localhost.', target: '5173' })).toEqual({
      host: 'shop.localhost',
      target: 'http://localhost:5173',
    });
    expect(methods.addDomain.params.safeParse({ host: 'shop.dev', target: '5173' }).success).toBe(
      false,
    );
  });

  it('dispatch refuses unknown methods and invalid params as data, and relays errors as { code, message }', async () => {
    const handlers = Object.fromEntries(
      methodNames.map((name) => [name, async () => ({ name })]),
    ) as unknown as EngineHandlers;
    expect(await dispatch(handlers, 'nope', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    expect(await dispatch(handlers, 'addDomain', { host: 'a b', target: '1' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS' },
    });
    expect(await dispatch(handlers, 'listDomains', undefined)).toEqual({
      ok: true,
      value: { name: 'listDomains' },
    });
    const failing = {
      ...handlers,
      getStatus: async () => Promise.reject(new Error('boom')),
    } as EngineHandlers;
    expect(await dispatch(failing, 'getStatus', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'boom' },
    });
  });
});
