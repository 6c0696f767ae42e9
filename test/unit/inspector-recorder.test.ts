// The recorder: the `requests --json` shape, redaction, body capture rules, batched change
// notifications, replay linking, and memory staying flat with a bounded buffer.
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ExchangeSchema, type Exchange, type ExchangeSummary } from '../../shared/exchange';
import { InspectorSettingsSchema } from '../../shared/config';
import {
  createRecorder,
  type InspectorSettings,
  type Recorder,
} from '../../electron/engine/inspector/recorder';

/** A real IncomingMessage, filled in as Node's parser would for the given head. */
function request(method: string, url: string, rawHeaders: string[]): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.url = url;
  req.httpVersion = '1.1';
  req.rawHeaders = rawHeaders;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    req.headers[(rawHeaders[i] as string).toLowerCase()] = rawHeaders[i + 1];
  }
  return req;
}

const start = {
  clientAddress: '127.0.0.1',
  tls: true,
  sni: 'shop.localhost',
  replayOf: null,
  upgrade: null,
};
let recorders: Recorder[] = [];

function make(
  over: Partial<InspectorSettings> = {},
  watched = false,
  onChange: (u: ExchangeSummary[]) => void = () => {},
): Recorder {
  const settings = InspectorSettingsSchema.parse(over);
  const recorder = createRecorder({ settings: () => settings, isWatched: () => watched, onChange });
  recorders.push(recorder);
  return recorder;
}

afterEach(() => {
  for (const recorder of recorders) recorder.close();
  recorders = [];
});

/** Runs one complete exchange through the hooks in pipeline order. */
function runExchange(recorder: Recorder, n = 0) {
  const record = recorder.begin(
    request('POST', `/api/items?n=${n}`, [
      'Host',
      'shop.localhost:8443',
      'Cookie',
      'sid=secret',
      'Authorization',
      'Bearer abc',
      'Content-Type',
      'application/json',
      'Content-Length',
      '11',
      'X-Forwarded-For',
      '6.6.6.6',
    ]),
    start,
  );
  if (!record) throw new Error('not recorded');
  record.routed('shop.localhost', 'http://127.0.0.1:5173');
  record.connected();
  record.forwarded([
    ['host', 'shop.localhost:8443'],
    ['cookie', 'sid=secret'],
    ['authorization', 'Bearer abc'],
    ['proxy-authorization', 'Basic eA=='],
    ['content-type', 'application/json'],
    ['content-length', '11'],
    ['x-forwarded-for', '127.0.0.1'],
  ]);
  record.requestBody(Buffer.from('{"a":"b"}\n\n'));
  // The upstream's head as Node gives it: a flat raw array, kept as is.
  record.responseReceived(201, [
    'Content-Type',
    'text/plain; charset=utf-8',
    'Set-Cookie',
    'a=1',
    'Set-Cookie',
    'b=22',
  ]);
  record.responseSent(201, [
    'Content-Type',
    'text/plain; charset=utf-8',
    'Set-Cookie',
    'a=1',
    'Set-Cookie',
    'b=22',
  ]);
  record.responseBody(Buffer.from('créé'));
  record.bytes(300, 200);
  record.finish(null);
  return record;
}

describe('recorder', () => {
  it.each([
    {
      name: 'a request with headers',
      received: ['Host', 'a.localhost', 'Accept', '*/*'],
      framing: '',
      framed: [],
    },
    { name: 'a request without headers (HTTP/1.0)', received: [], framing: '', framed: [] },
    {
      name: 'a request with a body',
      received: ['Host', 'a.localhost', 'Accept', '*/*', 'Content-Length', '5'],
      framing: 'content-length: 5\r\n',
      framed: [['content-length', '5']],
    },
  ])('shows the same heads once $name is over as while it ran', ({ received, framing, framed }) => {
    const recorder = make({ redact: false });
    const record = recorder.begin(request('GET', '/x', received), start)!;
    record.routed('a.localhost', 'http://127.0.0.1:5173');
    // As the pipeline hands them over: the head undici wrote with the framing line it wrote
    // after it, the upstream's raw list.
    record.forwarded(
      'GET /x HTTP/1.1\r\nhost: a.localhost\r\naccept: */*\r\nx-forwarded-for: 127.0.0.1\r\n' +
        framing,
    );
    record.responseRelayed(200, ['Content-Type', 'text/plain', 'Set-Cookie', 'a=1; Path=/']);
    const running = recorder.get(record.id)!;
    record.finish(null);
    const over = recorder.get(record.id)!;
    expect(over.request).toEqual(running.request);
    expect(over.response).toEqual(running.response);
    const pairs: [string, string][] = [];
    for (let i = 0; i < received.length; i += 2) pairs.push([received[i]!, received[i + 1]!]);
    expect(over.request.received).toEqual(pairs);
    expect(over.request.forwarded).toEqual([
      ['host', 'a.localhost'],
      ['accept', '*/*'],
      ['x-forwarded-for', '127.0.0.1'],
      ...framed,
    ]);
    expect(over.response.received).toEqual([
      ['Content-Type', 'text/plain'],
      ['Set-Cookie', 'a=1; Path=/'],
    ]);
  });

  it('produces the `requests --json` shape of product.md, with header pairs in wire order', () => {
    const recorder = make({ captureBodies: true, redact: false });
    const record = runExchange(recorder);
    const exchange = recorder.get(record.id);
    expect(ExchangeSchema.parse(exchange)).toEqual(exchange);
    expect(exchange).toMatchObject({
      id: record.id,
      method: 'POST',
      host: 'shop.localhost',
      path: '/api/items?n=0',
      domain: 'shop.localhost',
      target: 'http://127.0.0.1:5173',
      status: 201,
      upgrade: null,
      error: null,
      replayOf: null,
      protocol: { httpVersion: '1.1', tls: true, sni: 'shop.localhost' },
      bytesIn: 300,
      bytesOut: 200,
    });
    expect(new Date(exchange!.time).toISOString()).toBe(exchange!.time);
    expect(exchange!.durationMs).toBeGreaterThanOrEqual(0);
    expect(exchange!.request.received[0]).toEqual(['Host', 'shop.localhost:8443']);
    expect(exchange!.request.forwarded.at(-1)).toEqual(['x-forwarded-for', '127.0.0.1']);
    expect(exchange!.response.sent).toEqual([
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=22'],
    ]);
    expect(exchange!.request.body).toEqual({
      size: 11,
      truncated: false,
      contentType: 'application/json',
      text: '{"a":"b"}\n\n',
      base64: null,
    });
    expect(exchange!.response.body?.text).toBe('créé');
    const { connected, firstByte, end } = exchange!.timings;
    expect(connected).not.toBeNull();
    expect(firstByte!).toBeGreaterThanOrEqual(connected!);
    expect(end!).toBeGreaterThanOrEqual(firstByte!);
    expect(recorder.listDetails()).toEqual([exchange]);
  });

  it('dates an exchange on the wall clock and times its phases in order', async () => {
    const recorder = make();
    const before = Date.now();
    const record = recorder.begin(request('GET', '/slow', ['Host', 'shop.localhost']), start)!;
    await new Promise((resolve) => setTimeout(resolve, 30));
    record.connected();
    await new Promise((resolve) => setTimeout(resolve, 30));
    record.responseRelayed(200, ['Content-Length', '0']);
    record.finish(null);
    const after = Date.now();
    const exchange = recorder.get(record.id)!;
    const time = Date.parse(exchange.time);
    // The ISO time has whole milliseconds; the clock may round up by one.
    expect(time).toBeGreaterThanOrEqual(before - 1);
    expect(time).toBeLessThanOrEqual(before + 30);
    expect(Math.abs(exchange.timings.start - time)).toBeLessThanOrEqual(1);
    const { connected, firstByte, end } = exchange.timings;
    expect(connected).toBeGreaterThanOrEqual(25);
    expect(firstByte).toBeGreaterThanOrEqual(connected! + 25);
    expect(end).toBeGreaterThanOrEqual(firstByte!);
    expect(end).toBeLessThanOrEqual(after - before + 1);
    expect(exchange.durationMs).toBe(Math.round(end! * 100) / 100);
  });

  it('redacts Cookie, Set-Cookie, Authorization and Proxy-Authorization in all four lists', () => {
    const recorder = make(); // redact is on by default
    const exchange = recorder.get(runExchange(recorder).id)!;
    const all = [
      ...exchange.request.received,
      ...exchange.request.forwarded,
      ...exchange.response.received,
      ...exchange.response.sent,
    ];
    const secret = all.filter(([name]) =>
      /^(cookie|set-cookie|authorization|proxy-authorization)$/i.test(name),
    );
    expect(secret).toHaveLength(9);
    expect(secret.map(([, v]) => v)).toContain('[redacted: 10 bytes]'); // sid=secret
    expect(secret.map(([, v]) => v)).toContain('[redacted: 4 bytes]'); // b=22
    for (const [, value] of secret) expect(value).toMatch(/^\[redacted: \d+ bytes\]$/);
    expect(JSON.stringify(exchange)).not.toMatch(/secret|Bearer|b=22/);
    // The real values stay available to replay and to an explicit un-redacted read.
    expect(JSON.stringify(recorder.get(exchange.id, false))).toContain('sid=secret');
  });

  it('captures bodies only when capture is on or someone watches, capped at maxBodyBytes', () => {
    const off = make({ captureBodies: false });
    expect(off.get(runExchange(off).id)!.request.body).toBeNull();

    const watched = make({ captureBodies: false }, true);
    expect(watched.get(runExchange(watched).id)!.request.body?.size).toBe(11);

    const capped = make({ captureBodies: true, maxBodyBytes: 4 });
    const record = capped.begin(
      request('PUT', '/bin', ['Host', 'x.localhost', 'Content-Type', 'image/png']),
      start,
    )!;
    record.requestBody(Buffer.from([0x89, 0x50, 0x4e]));
    record.requestBody(Buffer.from([0x47, 0x0d, 0x0a, 0x1a]));
    const body = capped.get(record.id)!.request.body!;
    expect(body).toEqual({
      size: 7,
      truncated: true,
      contentType: 'image/png',
      text: null,
      base64: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'),
    });
  });

  it('tells text from binary by type, charset and content', () => {
    const recorder = make({ captureBodies: true });
    const body = (headers: string[], data: Buffer) => {
      const record = recorder.begin(
        request('POST', '/', ['Host', 'x.localhost', ...headers]),
        start,
      )!;
      record.requestBody(data);
      return recorder.get(record.id)!.request.body!;
    };
    expect(body([], Buffer.from('plain words')).text).toBe('plain words');
    expect(body([], Buffer.from([0xff, 0xfe, 0x00])).base64).toBe('//4A');
    expect(body(['Content-Type', 'application/octet-stream'], Buffer.from('abc')).text).toBeNull();
    expect(
      body(['Content-Type', 'text/plain', 'Content-Encoding', 'gzip'], Buffer.from('abc')).text,
    ).toBeNull();
    expect(body(['Content-Type', 'application/vnd.api+json'], Buffer.from('{}')).text).toBe('{}');
  });

  it('batches change notifications: 1,000 exchanges give a handful of onChange calls', async () => {
    const calls: ExchangeSummary[][] = [];
    const recorder = make({ capacity: 2_000 }, true, (u) => calls.push(u));
    const ids = new Set<string>();
    for (let n = 0; n < 1_000; n++) ids.add(runExchange(recorder, n).id);
    expect(calls).toHaveLength(0); // nothing is sent on the request path
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.length).toBeLessThanOrEqual(4);
    const announced = new Set(calls.flat().map((s) => s.id));
    expect(announced).toEqual(ids);
    expect(calls.flat().every((s) => s.status === 201)).toBe(true);
  });

  it('builds no change notifications while nobody is watching (the list is read on connect)', async () => {
    const calls: ExchangeSummary[][] = [];
    const recorder = make({ capacity: 2_000 }, false, (u) => calls.push(u));
    for (let n = 0; n < 100; n++) runExchange(recorder, n);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls).toHaveLength(0);
    expect(recorder.list()).toHaveLength(100);
  });

  it('links a replay to its original and resolves the waiter with the new id', async () => {
    const recorder = make();
    const original = runExchange(recorder);
    const waiting = recorder.expectReplay(original.id);
    const replay = recorder.begin(request('GET', '/', ['Host', 'shop.localhost']), {
      ...start,
      replayOf: original.id,
    })!;
    await expect(waiting.promise).resolves.toBe(replay.id);
    expect(recorder.get(replay.id)!.replayOf).toBe(original.id);
    expect(recorder.list()[0]).toMatchObject({ id: replay.id, replayOf: original.id });
  });

  it('records a WebSocket upgrade with frame counts and close code', () => {
    const recorder = make();
    const record = recorder.begin(
      request('GET', '/hmr', [
        'Host',
        'shop.localhost',
        'Connection',
        'Upgrade',
        'Upgrade',
        'websocket',
      ]),
      { ...start, upgrade: 'websocket' },
    )!;
    record.responseSent(101, [['upgrade', 'websocket']]);
    record.websocketOpened();
    expect(recorder.get(record.id)!.websocket?.open).toBe(true);
    // A masked client text frame "hi", then an unmasked server close frame with code 1000.
    record.websocketData(true, Buffer.from([0x81, 0x82, 1, 2, 3, 4, 0x68 ^ 1, 0x69 ^ 2]));
    record.websocketData(false, Buffer.from([0x88, 0x02, 0x03, 0xe8]));
    record.finish(null);
    expect(recorder.get(record.id)).toMatchObject({
      upgrade: 'websocket',
      status: 101,
      websocket: {
        framesIn: 1,
        bytesIn: 2,
        framesOut: 1,
        bytesOut: 2,
        closeCode: 1000,
        open: false,
      },
    });
  });

  it('shows every kept exchange exactly as it was after 5,000 more passed through', () => {
    const recorder = make({ capacity: 50, redact: false });
    const headersOf = (n: number) => [
      'Host',
      `app${n}.localhost`,
      // Sizes vary, some large, so the kept text is moved and its room grows.
      'X-Pad',
      'v'.repeat(n % 97 === 0 ? 20_000 : n % 300),
      // As Node's parser hands over UTF-8 bytes: one latin1 character each.
      'X-Name',
      Buffer.from(`café ${n}`).toString('latin1'),
    ];
    const expected = new Map<string, Exchange>();
    const check = (kept: Exchange[]) => {
      for (const exchange of kept) {
        const n = Number(exchange.path.slice('/item/'.length));
        const running = expected.get(exchange.id)!;
        expect(exchange.request).toEqual(running.request);
        expect(exchange.response).toEqual(running.response);
        expect(exchange).toMatchObject({
          host: `app${n}.localhost`,
          status: 200 + (n % 5),
          bytesIn: n,
          bytesOut: 2 * n,
          error: n % 7 === 0 ? 'ECONNRESET' : null,
        });
        expect(exchange.request.received).toContainEqual(['X-Name', headersOf(n)[5]]);
      }
    };
    for (let n = 0; n < 5_000; n++) {
      const record = recorder.begin(request('GET', `/item/${n}`, headersOf(n)), start)!;
      record.routed(`app${n}.localhost`, 'http://127.0.0.1:5173');
      record.forwarded(`GET /item/${n} HTTP/1.1\r\nhost: app${n}.localhost\r\n`);
      record.responseRelayed(200 + (n % 5), ['Content-Type', 'text/plain', 'X-N', String(n)]);
      record.bytes(n, 2 * n);
      expected.set(record.id, recorder.get(record.id)!);
      record.finish(n % 7 === 0 ? 'ECONNRESET' : null);
      if (n % 101 === 0) check(recorder.listDetails());
    }
    const kept = recorder.listDetails();
    expect(kept).toHaveLength(50);
    expect(kept.map((exchange) => exchange.path)).toEqual(
      Array.from({ length: 50 }, (_, i) => `/item/${4_999 - i}`),
    );
    check(kept);
  });

  it('never faults, whatever mix of long and short, large and small exchanges passes through', () => {
    // A seeded mix: phases of large heads (the text room grows) and of small ones (it shrinks),
    // exchanges ending out of order, many outliving their place in the store. It found a crash:
    // a reused kept exchange's stale text copied after the room had shrunk.
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const errors: unknown[] = [];
    const settings = InspectorSettingsSchema.parse({ capacity: 10, redact: false });
    const recorder = createRecorder({
      settings: () => settings,
      isWatched: () => false,
      onChange: () => {},
      onError: (error) => errors.push(error),
    });
    recorders.push(recorder);
    const running: ReturnType<Recorder['begin']>[] = [];
    for (let step = 0; step < 3_000; step++) {
      if (random() < 0.5 || running.length === 0) {
        const large = Math.floor(step / 500) % 2 === 0;
        const pad = Math.floor(random() * (large ? 120_000 : 50));
        const head = ['Host', 'a.localhost', 'X-Pad', 'p'.repeat(pad)];
        running.push(recorder.begin(request('GET', `/pad/${pad}`, head), start));
      } else {
        const index = random() < 0.7 ? 0 : Math.floor(random() * running.length);
        const [record] = running.splice(index, 1);
        record!.responseRelayed(200, ['Content-Length', '0']);
        record!.finish(null);
      }
    }
    expect(errors).toEqual([]);
    for (const exchange of recorder.listDetails()) {
      const pad = Number(exchange.path.slice('/pad/'.length));
      expect(exchange.request.received).toEqual([
        ['Host', 'a.localhost'],
        ['X-Pad', 'p'.repeat(pad)],
      ]);
    }
  });

  it('an exchange dropped while it ran stays dropped when it ends, and leaves the rest intact', () => {
    const recorder = make({ capacity: 10 });
    const cleared = recorder.begin(request('GET', '/cleared', ['Host', 'a.localhost']), start)!;
    recorder.clear();
    // Still running when ten newer exchanges push it out of the store.
    const evicted = recorder.begin(request('GET', '/stream', ['Host', 'a.localhost']), start)!;
    const later = Array.from({ length: 10 }, (_, n) => runExchange(recorder, n).id);
    evicted.finish(null);
    cleared.finish(null);
    expect(recorder.get(evicted.id)).toBeNull();
    expect(recorder.get(cleared.id)).toBeNull();
    const listed = recorder.list();
    expect(listed.map((summary) => summary.id)).toEqual(later.reverse());
    expect(listed.map((summary) => summary.path)).toEqual(
      Array.from({ length: 10 }, (_, n) => `/api/items?n=${9 - n}`),
    );
  });

  it('memory stays flat: 20,000 exchanges with capacity 1,000 keep 1,000 records and a bounded heap', () => {
    const recorder = make({ capacity: 1_000, captureBodies: true });
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let n = 0; n < 2_000; n++) runExchange(recorder, n);
    gc?.();
    const baseline = process.memoryUsage().heapUsed;
    for (let n = 0; n < 20_000; n++) runExchange(recorder, n);
    gc?.();
    expect(recorder.store.size).toBe(1_000);
    expect(recorder.list()).toHaveLength(1_000);
    // 18,000 more exchanges after the buffer was full must not grow the heap by more than
    // what ~1,000 records could hold (generous: without gc, garbage is still counted).
    const grown = process.memoryUsage().heapUsed - baseline;
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });
});
