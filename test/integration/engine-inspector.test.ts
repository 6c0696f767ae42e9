// The inspector through the whole engine: what it records is what really crossed the wire
// (compared with what a real upstream received), and differences are explained.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';
import { diffHeaders } from '../../shared/header-diff';
import { startTestEngine, type TestEngine } from '../helpers/test-engine';
import { request, rawExchange } from '../helpers/test-proxy';
import {
  startEchoUpstream,
  startSseUpstream,
  startWebSocketUpstream,
  type Upstream,
} from '../helpers/upstreams';
import { harValidator } from '../helpers/har-validator';

let t: TestEngine;
let echo: Upstream;
let wsUp: Awaited<ReturnType<typeof startWebSocketUpstream>>;
let sse: Awaited<ReturnType<typeof startSseUpstream>>;

async function settle<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not reached within 2 s');
}

beforeAll(async () => {
  echo = await startEchoUpstream();
  wsUp = await startWebSocketUpstream();
  sse = await startSseUpstream(3, 50);
  t = await startTestEngine();
  const h = t.engine.handlers;
  await h.addDomain({ host: 'shop.localhost', target: String(echo.port), tls: false });
  await h.addDomain({ host: 'hmr.localhost', target: String(wsUp.port), tls: false });
  await h.addDomain({ host: 'sse.localhost', target: String(sse.port), tls: false });
});

afterAll(async () => {
  await t.close();
  await echo.close();
  await wsUp.close();
  await sse.close();
});

describe('inspector through the engine', () => {
  it('records as forwarded exactly the head the upstream received', async () => {
    const before = echo.received.length;
    await request({
      port: t.httpPort,
      host: 'shop.localhost',
      path: '/exact',
      rawHeaders: [
        ['X-Forwarded-For', '6.6.6.6'],
        ['X-Dup', '1'],
        ['X-Dup', '2'],
      ],
    });
    const upstreamSaw = echo.received[before]!.rawHeaders;
    const [latest] = await t.engine.handlers.listExchangeDetails({ limit: 1 });
    expect(latest!.path).toBe('/exact');
    expect(latest!.request.forwarded.flat()).toEqual(upstreamSaw);
    expect(latest!.status).toBe(200);
    expect(latest!.target).toBe(`http://localhost:${echo.port}`);
  });

  it.each([
    { name: 'a POST with a body', method: 'POST', body: 'hello', rawHeaders: [] },
    {
      name: 'a chunked POST',
      method: 'POST',
      body: 'hello chunks',
      rawHeaders: [['Transfer-Encoding', 'chunked'] as [string, string]],
    },
    {
      name: 'an empty POST',
      method: 'POST',
      body: '',
      rawHeaders: [['Content-Length', '0'] as [string, string]],
    },
    {
      name: 'a GET with Content-Length: 0',
      method: 'GET',
      body: '',
      rawHeaders: [['Content-Length', '0'] as [string, string]],
    },
    { name: 'a HEAD', method: 'HEAD', body: undefined, rawHeaders: [] },
  ])(
    'records the framing the upstream received for $name',
    async ({ method, body, rawHeaders }) => {
      const before = echo.received.length;
      const res = await request({
        port: t.httpPort,
        host: 'shop.localhost',
        path: '/framed',
        method,
        body,
        rawHeaders,
      });
      if (method !== 'HEAD') expect((JSON.parse(res.body) as { body: string }).body).toBe(body);
      const upstreamSaw = echo.received[before]!;
      const [latest] = await t.engine.handlers.listExchangeDetails({ limit: 1 });
      expect(latest!.method).toBe(method);
      expect(latest!.request.forwarded.flat()).toEqual(upstreamSaw.rawHeaders);
    },
  );

  it('records the framing the upstream received for a body still streaming in', async () => {
    const before = echo.received.length;
    const answered = new Promise<string>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: t.httpPort,
        method: 'PUT',
        path: '/streaming',
        headers: { host: 'shop.localhost', 'transfer-encoding': 'chunked' },
        agent: false,
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.write('first,');
      setTimeout(() => req.end('second'), 100);
    });
    expect((JSON.parse(await answered) as { body: string }).body).toBe('first,second');
    const [latest] = await t.engine.handlers.listExchangeDetails({ limit: 1 });
    expect(latest!.request.forwarded.flat()).toEqual(echo.received[before]!.rawHeaders);
    expect(latest!.request.forwarded).toContainEqual(['transfer-encoding', 'chunked']);
  });

  it('shows spoofed headers as replaced and hop-by-hop headers as removed, with reasons', async () => {
    await rawExchange(
      t.httpPort,
      'GET /spoof HTTP/1.1\r\nHost: shop.localhost\r\nX-Forwarded-For: 6.6.6.6\r\nConnection: close, X-Secret\r\nX-Secret: s\r\n\r\n',
    );
    const latest = await settle(
      async () => (await t.engine.handlers.listExchangeDetails({ text: '/spoof' }))[0],
    );
    const rows = diffHeaders(latest.request.received, latest.request.forwarded);
    const row = (name: string) => rows.find((r) => r.name.toLowerCase() === name)!;
    expect(row('x-forwarded-for').change).toBe('changed');
    expect(row('x-forwarded-for').after).toEqual(['127.0.0.1']);
    expect(row('x-forwarded-for').explanation).toBeTruthy();
    expect(row('x-secret').change).toBe('removed');
    expect(row('x-secret').explanation).toMatch(/Connection/i);
    expect(row('x-real-ip').change).toBe('added');
  });

  it('records a WebSocket exchange with frame counts and close code', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${t.httpPort}/ws`, {
      headers: { host: 'hmr.localhost' },
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    for (const text of ['a', 'b', 'c']) {
      socket.send(text);
      await new Promise((resolve) => socket.once('message', resolve));
    }
    socket.close(1000);
    await new Promise((resolve) => socket.once('close', resolve));
    const exchange = await settle(async () => {
      const [summary] = await t.engine.handlers.listExchanges({
        domain: 'hmr.localhost',
        limit: 1,
      });
      const full = summary && (await t.engine.handlers.getExchange({ id: summary.id }));
      return full && full.websocket && !full.websocket.open ? full : undefined;
    });
    expect(exchange.upgrade).toBe('websocket');
    expect(exchange.status).toBe(101);
    expect(exchange.websocket!.framesIn).toBeGreaterThanOrEqual(4); // 3 messages + close
    expect(exchange.websocket!.framesOut).toBeGreaterThanOrEqual(3);
    expect(exchange.websocket!.closeCode).toBe(1000);
  });

  it('records an SSE exchange once the stream ends', async () => {
    await new Promise<void>((resolve, reject) => {
      http
        .get(
          {
            host: '127.0.0.1',
            port: t.httpPort,
            headers: { host: 'sse.localhost' },
            path: '/events',
          },
          (res) => res.resume().on('end', resolve),
        )
        .on('error', reject);
    });
    const exchange = await settle(async () => {
      const [latest] = await t.engine.handlers.listExchangeDetails({
        domain: 'sse.localhost',
        limit: 1,
      });
      return latest?.durationMs !== null ? latest : undefined;
    });
    expect(exchange.response.sent.map(([n, v]) => [n.toLowerCase(), v])).toContainEqual([
      'content-type',
      'text/event-stream',
    ]);
    expect(exchange.bytesOut).toBeGreaterThan(0);
  });

  it('counts for each exchange on a keep-alive connection the bytes of its own request and response', async () => {
    const requests = ['/bytes-1', '/bytes-22'].map(
      (path) => `GET ${path} HTTP/1.1\r\nHost: shop.localhost\r\nX-Pad: ${path}\r\n\r\n`,
    );
    const answers = await keepAliveExchanges(t.httpPort, requests);
    const details = await settle(async () => {
      const list = await t.engine.handlers.listExchangeDetails({ domain: 'shop.localhost' });
      const mine = ['/bytes-1', '/bytes-22'].map((p) => list.find((e) => e.path === p));
      return mine.every((e) => e && e.durationMs !== null) ? mine : undefined;
    });
    expect(details.map((e) => e!.bytesIn)).toEqual(requests.map((r) => r.length));
    expect(details.map((e) => e!.bytesOut)).toEqual(answers.map((a) => a.length));
  });

  it("counts a Portico page's bytes as its own, not the next exchange's on the connection", async () => {
    const requests = [
      'GET /page-first HTTP/1.1\r\nHost: nowhere.localhost\r\n\r\n',
      'GET /after-page HTTP/1.1\r\nHost: shop.localhost\r\n\r\n',
    ];
    const answers = await keepAliveExchanges(t.httpPort, requests);
    expect(answers[0]!.toString('latin1')).toMatch(/^HTTP\/1\.1 404 /);
    const details = await settle(async () => {
      const list = await t.engine.handlers.listExchangeDetails({});
      const mine = ['/page-first', '/after-page'].map((p) => list.find((e) => e.path === p));
      return mine.every((e) => e && e.durationMs !== null) ? mine : undefined;
    });
    expect(details.map((e) => e!.bytesIn)).toEqual(requests.map((r) => r.length));
    expect(details.map((e) => e!.bytesOut)).toEqual(answers.map((a) => a.length));
  });

  it('exports HAR that validates against the HAR 1.2 schema', async () => {
    const har = await t.engine.handlers.exportHar({});
    const validate = harValidator();
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true);
  });

  it('replays a request as a new exchange linked to the original', async () => {
    await request({ port: t.httpPort, host: 'shop.localhost', path: '/again' });
    const [original] = await t.engine.handlers.listExchanges({ text: '/again' });
    const { id } = await t.engine.handlers.replayExchange({ id: original!.id });
    const replay = await t.engine.handlers.getExchange({ id });
    expect(replay.replayOf).toBe(original!.id);
    expect(replay.path).toBe('/again');
    expect(replay.request.forwarded.map(([n]) => n.toLowerCase())).not.toContain(
      'x-portico-replay-of',
    );
  });

  it('keeps memory bounded: 20,000 requests with a buffer of 1,000', async () => {
    await t.engine.handlers.updateSettings({ inspector: { capacity: 1000 } });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const total = 20_000;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        next++;
        await request({ port: t.httpPort, host: 'shop.localhost', path: `/n${next}`, agent });
      }
    };
    global.gc?.();
    await Promise.all(Array.from({ length: 8 }, worker));
    agent.destroy();
    const all = await t.engine.handlers.listExchanges({ limit: 100_000 });
    expect(all.length).toBe(1000);
    expect(all[0]!.path).toMatch(/^\/n\d+$/);
    // 1,000 header-only exchanges are a few MB; a leak of 20,000 would be far more.
    expect(process.memoryUsage().heapUsed).toBeLessThan(400 * 1024 * 1024);
  }, 120_000);
});

/**
 * Sends each request on one keep-alive connection after the previous answer is complete and
 * returns the raw answers (framed by Content-Length or the chunked terminator).
 */
function keepAliveExchanges(port: number, requests: string[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const answers: Buffer[] = [];
    let pending = Buffer.alloc(0);
    const timer = setTimeout(
      () => socket.destroy(new Error('answers incomplete after 5 s')),
      5_000,
    );
    const next = () => {
      const request = requests[answers.length];
      if (request !== undefined) return void socket.write(request);
      clearTimeout(timer);
      socket.destroy();
      resolve(answers);
    };
    socket.on('connect', next);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const headEnd = pending.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = pending.subarray(0, headEnd).toString('latin1').toLowerCase();
      const length = /\r\ncontent-length: *(\d+)/.exec(head)?.[1];
      const end =
        length !== undefined
          ? headEnd + 4 + Number(length)
          : pending.indexOf('\r\n0\r\n\r\n', headEnd) + '\r\n0\r\n\r\n'.length;
      if (end < headEnd + 4 || pending.length < end) return;
      answers.push(pending.subarray(0, end));
      pending = pending.subarray(end);
      next();
    });
  });
}
