// Before ⇄ after header rows with a one-line reason for every change the proxy made.
import { describe, expect, it } from 'vitest';
import { diffHeaders } from '../../shared/header-diff';
import type { HeaderList } from '../../shared/exchange';

const received: HeaderList = [
  ['Host', 'shop.localhost'],
  ['Connection', 'keep-alive, X-Secret-Hop'],
  ['X-Secret-Hop', '1'],
  ['Keep-Alive', 'timeout=5'],
  ['Proxy-Connection', 'keep-alive'],
  ['X-Forwarded-For', '6.6.6.6'],
  ['Accept', 'text/html'],
  ['Cookie', 'a=1'],
  ['Cookie', 'b=2'],
];
const forwarded: HeaderList = [
  ['host', 'shop.localhost'],
  ['accept', 'text/html'],
  ['cookie', 'a=1'],
  ['cookie', 'b=2'],
  ['x-forwarded-for', '127.0.0.1'],
  ['x-forwarded-proto', 'https'],
  ['x-forwarded-host', 'shop.localhost'],
  ['x-forwarded-port', '443'],
  ['x-real-ip', '127.0.0.1'],
  ['forwarded', 'for=127.0.0.1;host=shop.localhost;proto=https'],
];

describe('diffHeaders', () => {
  const rows = diffHeaders(received, forwarded);
  const row = (name: string) => rows.find((r) => r.name.toLowerCase() === name)!;

  it("lists before's names in order, then the added ones, each with its change", () => {
    expect(rows.map((r) => [r.name, r.change])).toEqual([
      ['Host', 'same'],
      ['Connection', 'removed'],
      ['X-Secret-Hop', 'removed'],
      ['Keep-Alive', 'removed'],
      ['Proxy-Connection', 'removed'],
      ['X-Forwarded-For', 'changed'],
      ['Accept', 'same'],
      ['Cookie', 'same'],
      ['x-forwarded-proto', 'added'],
      ['x-forwarded-host', 'added'],
      ['x-forwarded-port', 'added'],
      ['x-real-ip', 'added'],
      ['forwarded', 'added'],
    ]);
    expect(row('cookie')).toMatchObject({
      before: ['a=1', 'b=2'],
      after: ['a=1', 'b=2'],
      explanation: null,
    });
    expect(row('x-forwarded-for')).toMatchObject({ before: ['6.6.6.6'], after: ['127.0.0.1'] });
  });

  it('explains every change the proxy made, in one line', () => {
    for (const r of rows.filter((r) => r.change !== 'same')) {
      expect(r.explanation, r.name).toMatch(/^[A-Z].+\.$/);
      expect(r.explanation).not.toContain('\n');
    }
    expect(row('host').explanation).toMatch(/Kept/);
    expect(row('connection').explanation).toMatch(/hop-by-hop \(RFC 9110 §7\.6\.1\)/);
    expect(row('x-secret-hop').explanation).toMatch(/Connection header named it/);
    expect(row('x-forwarded-for').explanation).toMatch(
      /Replaced, not appended: the client is not a trusted proxy/,
    );
    expect(row('x-forwarded-proto').explanation).toMatch(/^Added by Portico: .*https/);
    expect(row('forwarded').explanation).toMatch(/RFC 7239/);
    expect(row('accept').explanation).toBeNull();
  });

  it('tells an appended X-Forwarded-For (trusted proxy) and a rewritten Host', () => {
    const trusted = diffHeaders(
      [
        ['Host', 'shop.localhost'],
        ['X-Forwarded-For', '10.0.0.1'],
      ],
      [
        ['host', '127.0.0.1:5173'],
        ['x-forwarded-for', '10.0.0.1, 127.0.0.1'],
      ],
    );
    expect(trusted[0]).toMatchObject({
      change: 'changed',
      explanation: expect.stringMatching(/rewrite Host/),
    });
    expect(trusted[1]!.explanation).toMatch(/^Appended to: the sender is a trusted proxy/);
  });

  it('explains the WebSocket handshake headers that are kept', () => {
    const ws = diffHeaders(
      [
        ['Connection', 'keep-alive, Upgrade'],
        ['Upgrade', 'websocket'],
      ],
      [
        ['connection', 'upgrade'],
        ['upgrade', 'websocket'],
      ],
    );
    expect(ws.map((r) => r.change)).toEqual(['changed', 'same']);
    expect(ws[0]!.explanation).toMatch(/WebSocket/);
    expect(ws[1]!.explanation).toMatch(/WebSocket/);
  });

  it('explains response changes: hop-by-hop removed, framing changed, headers added', () => {
    const rows = diffHeaders(
      [
        ['Content-Type', 'text/plain'],
        ['Transfer-Encoding', 'chunked'],
        ['Connection', 'close'],
      ],
      [
        ['content-type', 'text/plain'],
        ['content-length', '5'],
        ['x-extra', '1'],
      ],
      { direction: 'response' },
    );
    expect(rows.map((r) => [r.name, r.change])).toEqual([
      ['Content-Type', 'same'],
      ['Transfer-Encoding', 'removed'],
      ['Connection', 'removed'],
      ['content-length', 'added'],
      ['x-extra', 'added'],
    ]);
    expect(rows[1]!.explanation).toMatch(/re-framed/);
    expect(rows[3]!.explanation).toMatch(/framed by length/);
    expect(rows[4]!.explanation).toBe('Added by Portico on the way to the browser.');
  });
});
