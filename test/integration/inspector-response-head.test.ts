// The upstream's response head as the inspector shows it and as the client gets it, for the
// shapes a dev server may send: header lines decoded as one block (header-lines.ts) must come
// back exactly as the upstream wrote them, and so must the lines that cannot be (whitespace
// around values, empty values, bytes above ASCII, a head split across TCP segments).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type net from 'node:net';
import { ConfigSchema } from '../../shared/config';
import { createRecorder, type Recorder } from '../../electron/engine/inspector/recorder';
import { startTestProxy, request, type TestProxy } from '../helpers/test-proxy';
import {
  delay,
  eventually,
  startRawUpstream,
  type RawUpstream,
} from '../helpers/hardening-upstreams';

interface Case {
  name: string;
  /** Header lines as written on the wire (after the status line, before the blank line). */
  lines: string[];
  /** The list the inspector must show: what undici parsed from those lines. */
  expected: [string, string][];
  /** Write the head in two TCP segments, split after this many lines. */
  splitAfter?: number;
}

const BODY = 'ok';
const framing = `Content-Length: ${BODY.length}`;

const cases: Case[] = [
  {
    name: 'plain',
    lines: ['Server: dev', 'Set-Cookie: a=1', 'Set-Cookie: b=2', 'Cache-Control: no-store'],
    expected: [
      ['Server', 'dev'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
      ['Cache-Control', 'no-store'],
    ],
  },
  {
    name: 'tab',
    lines: ['X-Tab:\tvalue', 'X-Colon: a: b'],
    expected: [
      ['X-Tab', 'value'],
      ['X-Colon', 'a: b'],
    ],
  },
  {
    name: 'trailing',
    lines: ['X-Trailing: value  ', 'X-After: next'],
    expected: [
      ['X-Trailing', 'value  '],
      ['X-After', 'next'],
    ],
  },
  {
    name: 'empty',
    lines: ['X-Empty:', 'X-Blank: ', 'X-After: next'],
    expected: [
      ['X-Empty', ''],
      ['X-Blank', ''],
      ['X-After', 'next'],
    ],
  },
  {
    name: 'spaced',
    lines: ['X-Spaced:    value', 'X-Next: n'],
    expected: [
      ['X-Spaced', 'value'],
      ['X-Next', 'n'],
    ],
  },
  {
    name: 'latin1',
    lines: [
      'X-Name: caf\u00e9',
      'Content-Disposition: attachment; filename="r\u00e9sum\u00e9.pdf"',
    ],
    expected: [
      ['X-Name', 'caf\u00e9'],
      ['Content-Disposition', 'attachment; filename="r\u00e9sum\u00e9.pdf"'],
    ],
  },
  {
    name: 'split',
    lines: ['X-First: 1', 'X-Second: 2', 'X-Third: 3'],
    expected: [
      ['X-First', '1'],
      ['X-Second', '2'],
      ['X-Third', '3'],
    ],
    splitAfter: 1,
  },
  {
    name: 'many',
    lines: Array.from({ length: 120 }, (_, i) => `X-Header-${i}: value ${i}`),
    expected: Array.from({ length: 120 }, (_, i) => [`X-Header-${i}`, `value ${i}`]),
  },
];

let proxy: TestProxy;
let recorder: Recorder;
const upstreams: RawUpstream[] = [];

function answer(testCase: Case) {
  return (socket: net.Socket) => {
    const lines = [...testCase.lines, framing];
    const split = testCase.splitAfter ?? lines.length;
    const head = (from: number, to: number) =>
      Buffer.from(
        lines
          .slice(from, to)
          .map((line) => `${line}\r\n`)
          .join(''),
        'latin1',
      );
    socket.write(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n'), head(0, split)]));
    const rest = Buffer.concat([head(split, lines.length), Buffer.from(`\r\n${BODY}`)]);
    // Far enough apart to arrive as two reads on the proxy's side.
    if (split < lines.length) void delay(50).then(() => socket.write(rest));
    else socket.write(rest);
  };
}

beforeAll(async () => {
  const settings = ConfigSchema.parse({}).inspector;
  recorder = createRecorder({
    settings: () => settings,
    isWatched: () => false,
    onChange: () => {},
  });
  const domains = [];
  for (const testCase of cases) {
    const upstream = await startRawUpstream(answer(testCase));
    upstreams.push(upstream);
    domains.push({ host: `${testCase.name}.localhost`, target: String(upstream.port), tls: false });
  }
  proxy = await startTestProxy({ domains }, recorder);
});

afterAll(async () => {
  recorder.close();
  await proxy.close();
  await Promise.all(upstreams.map((upstream) => upstream.close()));
});

describe('the upstream response head in the inspector', () => {
  it.each(cases)('shows and relays the $name head exactly as the upstream sent it', async (c) => {
    const response = await request({ port: proxy.httpPort, host: `${c.name}.localhost` });
    expect(response.status).toBe(200);
    expect(response.body).toBe(BODY);

    // The client got every line, values as the upstream wrote them (Node's parser trims
    // the whitespace around a value on the client's side, as undici's does not at the end).
    const got: [string, string][] = [];
    for (let i = 0; i < response.rawHeaders.length; i += 2)
      got.push([response.rawHeaders[i] as string, response.rawHeaders[i + 1] as string]);
    for (const [name, value] of c.expected) expect(got).toContainEqual([name, value.trimEnd()]);

    // Read once the exchange is over: it is then kept in its compact form (kept-exchange.ts).
    const finished = () => recorder.list({ domain: `${c.name}.localhost` })[0];
    expect(await eventually(() => finished()?.durationMs != null)).toBe(true);
    const exchange = recorder.get(finished()!.id, false)!;
    expect(exchange.response.received).toEqual([...c.expected, ['Content-Length', '2']]);
    expect(exchange.response.sent).toEqual([...c.expected, ['Content-Length', '2']]);
  });
});
