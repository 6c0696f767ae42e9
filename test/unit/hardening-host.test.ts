// Property tests (fast-check) of the two host gates: `parseHostHeader` (every request's Host)
// and `checkHost` (every configured domain). Whatever the input, they never throw, and what
// they let through is normalised, contains no separator, and is stable when fed back in.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseHostHeader } from '../../electron/engine/proxy/host-header';
import { checkHost, normaliseHost } from '../../shared/host-name';
import { connectionNamedHeaders, isHopByHop } from '../../electron/engine/proxy/hop-by-hop';
import { responseHeadersToSend } from '../../electron/engine/proxy/finalize-response';

const hostChars = fc.constantFrom(...'abcXYZ019.-_:[]/ \t@%*\u00e9\u0130\u212a\0\r\n'.split(''));
const hostish = fc.oneof(
  fc.string({ unit: hostChars, maxLength: 40 }),
  fc.string({ maxLength: 40 }),
  fc
    .tuple(fc.domain(), fc.option(fc.integer({ min: -10, max: 100_000 })))
    .map(([d, p]) => (p === null ? d : `${d}:${p}`)),
  fc.ipV6().map((ip) => `[${ip}]`),
);

describe('parseHostHeader', () => {
  it('never throws, and accepted names are lower-case, dot-trimmed and separator-free', () => {
    fc.assert(
      fc.property(hostish, (value) => {
        const parsed = parseHostHeader(value);
        if (!parsed.ok) return;
        const { hostname, port } = parsed;
        expect(hostname).toBe(hostname.toLowerCase());
        expect(hostname.endsWith('.')).toBe(false);
        expect(hostname).not.toMatch(/[\s/@%\0\r\n]/);
        if (!hostname.startsWith('[')) expect(hostname).not.toContain(':');
        expect(hostname.length).toBeGreaterThan(0);
        if (port !== null) {
          expect(Number.isInteger(port)).toBe(true);
          expect(port).toBeGreaterThanOrEqual(1);
          expect(port).toBeLessThanOrEqual(65535);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('re-parses its own output to itself (with and without the port)', () => {
    fc.assert(
      fc.property(hostish, (value) => {
        const parsed = parseHostHeader(value);
        if (!parsed.ok) return;
        expect(parseHostHeader(parsed.hostname)).toEqual({ ...parsed, port: null });
        if (parsed.port !== null)
          expect(parseHostHeader(`${parsed.hostname}:${parsed.port}`)).toEqual(parsed);
      }),
      { numRuns: 3000 },
    );
  });

  it('ignores case and one trailing dot', () => {
    fc.assert(
      fc.property(fc.domain(), fc.boolean(), (domain, dot) => {
        const upper = `${domain.toUpperCase()}${dot ? '.' : ''}`;
        expect(parseHostHeader(upper)).toEqual(parseHostHeader(domain));
      }),
    );
  });

  it('refuses the malformed shapes of the issue', () => {
    for (const bad of [
      '.',
      'a.com.:1.2',
      'shop.localhost:98777',
      '127.0.0.1:9000:80',
      '',
      ':80',
      'a b',
      'a/b',
      '[::1',
      'x:0',
    ])
      expect(parseHostHeader(bad).ok, bad).toBe(false);
  });
});

describe('checkHost', () => {
  it('never throws; accepted hosts are normalised, separator-free and stable', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostish,
          fc.domain().map((d) => `${d}.localhost`),
        ),
        (value) => {
          const checked = checkHost(value);
          if (!checked.ok) {
            expect(checked.message.length).toBeGreaterThan(0);
            return;
          }
          expect(checked.host).toBe(normaliseHost(checked.host));
          expect(checked.host).not.toMatch(/[:/\s]/);
          expect(checkHost(checked.host)).toEqual(checked);
          // What the config accepts, the proxy can route: the Host header form parses to it.
          if (!checked.wildcard) {
            const parsed = parseHostHeader(checked.host);
            expect(parsed.ok && parsed.hostname).toBe(checked.host);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('hop-by-hop removal', () => {
  const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,12}$/);
  it('never lets Connection remove Host or Content-Length, and always removes what it names', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 6 }), fc.boolean(), (names, upper) => {
        const listed = [...names, 'Host', 'Content-Length'].map((n) =>
          upper ? n.toUpperCase() : n,
        );
        const raw = ['Connection', listed.join(', ')];
        for (const name of names) raw.push(name, 'v');
        raw.push('Host', 'a.localhost', 'Content-Length', '3');
        const named = connectionNamedHeaders(raw);
        expect(isHopByHop('host', named)).toBe(false);
        expect(isHopByHop('content-length', named)).toBe(false);
        const sent = responseHeadersToSend(raw);
        const sentNames = sent.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
        expect(sentNames).toContain('host');
        expect(sentNames).toContain('content-length');
        expect(sentNames).not.toContain('connection');
        for (const name of names)
          if (!['host', 'content-length'].includes(name.toLowerCase()))
            expect(sentNames).not.toContain(name.toLowerCase());
      }),
    );
  });

  it('drops a header named Close, the reserved name of the close option, with or without it', () => {
    for (const connection of [[], ['Connection', 'close'], ['Connection', 'Keep-Alive']]) {
      const raw = [...connection, 'Close', 'x', 'Keep-Alive', 'timeout=5', 'X-Kept', 'y'];
      expect(responseHeadersToSend(raw)).toEqual(['X-Kept', 'y']);
    }
  });

  it('remembers only the options that name a header it would otherwise forward', () => {
    // The usual single options need nothing remembered: they are dropped (or kept) anyway.
    for (const value of ['keep-alive', 'Keep-Alive', 'close', ' Close ', 'Upgrade', 'host', ''])
      expect(connectionNamedHeaders(['Connection', value]), value).toBeNull();
    const named = connectionNamedHeaders(['Connection', 'keep-alive, X-Hop ,close', 'X-Hop', '1']);
    expect([...(named ?? [])]).toEqual(['x-hop']);
    expect(isHopByHop('x-hop', named)).toBe(true);
  });
});
