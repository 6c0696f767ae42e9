import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  checkAdminRequest,
  isAllowedOrigin,
  isLoopbackHostHeader,
  subprotocolToken,
  tokensEqual,
} from '../../electron/engine/admin/request-guard';

const TOKEN = 'a'.repeat(64);

describe('admin request guard', () => {
  it.each([
    'localhost',
    'localhost:7380',
    '127.0.0.1',
    '127.0.0.1:7380',
    '[::1]',
    '[::1]:7380',
    'LOCALHOST:1',
  ])('accepts the loopback Host %s', (host) => expect(isLoopbackHostHeader(host)).toBe(true));

  it.each([
    undefined,
    '',
    'shop.localhost',
    'evil.localhost:7380',
    'localhost.evil.com',
    'evil.com',
    '127.0.0.2',
    '0.0.0.0:7380',
    '192.168.1.5:7380',
    '::1',
    'localhost:99999',
    'localhost:',
    '127.0.0.1:7380@evil.com',
  ])('refuses the Host %s', (host) => expect(isLoopbackHostHeader(host)).toBe(false));

  it('accepts no Origin or its own origin, refuses null and foreign ones', () => {
    expect(isAllowedOrigin(undefined, 7380)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:7380', 7380)).toBe(true);
    expect(isAllowedOrigin('http://localhost:7380', 7380)).toBe(true);
    expect(isAllowedOrigin('null', 7380)).toBe(false);
    expect(isAllowedOrigin('http://localhost:5173', 7380)).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:7380', 7380)).toBe(false);
    expect(isAllowedOrigin('http://evil.com', 7380)).toBe(false);
    expect(isAllowedOrigin('http://shop.localhost:7380', 7380)).toBe(false);
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(tokensEqual(`${TOKEN}a`, TOKEN)).toBe(false);
    expect(tokensEqual('b'.repeat(64), TOKEN)).toBe(false);
  });

  it('reads the token from a bearer header and from the subprotocol list', () => {
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`Basic ${TOKEN}`)).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(subprotocolToken(`portico.v1, portico.token.${TOKEN}`, 'portico.token.')).toBe(TOKEN);
    expect(subprotocolToken('portico.v1', 'portico.token.')).toBeNull();
  });

  it('answers 403 for Host/Origin before 401 for the token', () => {
    const base = { port: 7380, expectedToken: TOKEN };
    expect(
      checkAdminRequest({ ...base, host: 'evil.com', origin: undefined, token: null }),
    ).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      checkAdminRequest({ ...base, host: '127.0.0.1:7380', origin: 'null', token: TOKEN }),
    ).toMatchObject({ ok: false, status: 403 });
    expect(
      checkAdminRequest({ ...base, host: '127.0.0.1:7380', origin: undefined, token: null }),
    ).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(
      checkAdminRequest({ ...base, host: '127.0.0.1:7380', origin: undefined, token: 'x' }),
    ).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(
      checkAdminRequest({ ...base, host: '127.0.0.1:7380', origin: undefined, token: TOKEN }),
    ).toEqual({
      ok: true,
    });
    // Static pages: no token asked, Host still checked.
    expect(checkAdminRequest({ ...base, host: 'localhost:7380', origin: undefined })).toEqual({
      ok: true,
    });
    expect(checkAdminRequest({ ...base, host: 'evil.com', origin: undefined })).toMatchObject({
      status: 403,
    });
  });
});
