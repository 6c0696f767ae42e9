// The name-resolution check's verdicts, from the addresses this machine's resolver returns.
import { describe, expect, it } from 'vitest';
import { checkResolve } from '../../electron/engine/doctor/check-resolve';
import { domainContext } from '../../electron/engine/doctor/run-doctor';
import { worstStatus } from '../../shared/doctor';

const domain = (host: string) =>
  domainContext(
    {
      host,
      target: 'http://localhost:5173',
      enabled: true,
      tls: true,
      rewriteHost: false,
      forwardedHeader: false,
    },
    { http: 80, https: 443 },
    1000,
  );
const notFound = async () => {
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};

describe('checkResolve', () => {
  it('passes when every address is loopback', async () => {
    const check = await checkResolve(
      domain('shop.test'),
      async () => [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ],
      null,
    );
    expect(check.status).toBe('pass');
  });

  it('fails when one address is elsewhere', async () => {
    const check = await checkResolve(
      domain('shop.test'),
      async () => [
        { address: '127.0.0.1', family: 4 },
        { address: '203.0.113.9', family: 4 },
      ],
      null,
    );
    expect(check.status).toBe('fail');
    expect(check.message).toContain('203.0.113.9');
  });

  it('only warns for a .localhost name the OS does not resolve (browsers do)', async () => {
    const check = await checkResolve(domain('shop.localhost'), notFound, null);
    expect(check.status).toBe('warn');
    expect(check.message).toMatch(/browsers and curl resolve every \.localhost/);
  });

  it('fails an unresolved .test name, with the hosts problem and the line to add', async () => {
    const check = await checkResolve(domain('shop.test'), notFound, {
      file: '/etc/hosts',
      wanted: ['shop.test'],
      managed: [],
      pending: false,
      problem: 'The administrator prompt was cancelled',
    });
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(/prompt was cancelled/);
    expect(check.fix).toBe('Add "127.0.0.1 shop.test" and "::1 shop.test" to /etc/hosts.');
  });

  it('ranks statuses fail > warn > pass > skip', () => {
    expect(worstStatus(['pass', 'skip', 'warn'])).toBe('warn');
    expect(worstStatus(['warn', 'fail'])).toBe('fail');
    expect(worstStatus(['skip'])).toBe('pass');
  });
});
