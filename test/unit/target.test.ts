// What a user may type as a domain's target, and what Portico makes of it.
import { describe, expect, it } from 'vitest';
import { checkTarget, describeTarget } from '../../shared/target';

describe('checkTarget', () => {
  it.each([
    ['5173', 'http://localhost:5173'],
    ['localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1:8000', 'http://127.0.0.1:8000'],
    ['https://[::1]:8443/app/', 'https://[::1]:8443/app'],
    ['HTTP://Example.test', 'http://example.test'],
    ['http://127.0.0.1:80', 'http://127.0.0.1'],
  ])('%s → %s', (input, url) => {
    expect(checkTarget(input)).toEqual({ ok: true, url });
  });

  it.each([
    ['', /Enter the dev server/],
    ['0', /out of range/],
    ['70000', /out of range/],
    ['ftp://x:21', /http:\/\/ or https:\/\//],
    ['http://user:pw@x:1', /credentials/],
    ['http://x:1/?q=1', /query/],
    ['http://x:99999', /out of range|not a port/],
  ])('refuses %j with a message saying how to fix it', (input, message) => {
    const check = checkTarget(input);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(message);
  });

  it('shows http targets without the scheme', () => {
    expect(describeTarget('http://localhost:5173')).toBe('localhost:5173');
    expect(describeTarget('https://127.0.0.1:8443')).toBe('https://127.0.0.1:8443');
  });
});
