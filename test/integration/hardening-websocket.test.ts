// WebSocket upgrades under attack: malformed handshakes are refused (400) without touching the
// upstream, bytes pipelined after a refused upgrade never reach the upstream as a tunnel, and
// an upgrade looping back through Portico is stopped (508).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import net from 'node:net';
import { startTestProxy, rawExchange, type TestProxy } from '../helpers/test-proxy';
import { startRawUpstream, type RawUpstream, delay } from '../helpers/hardening-upstreams';

let proxy: TestProxy;
let refusing: RawUpstream;

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

beforeAll(async () => {
  // Refuses every upgrade with 403 but keeps the connection open (the worst case).
  refusing = await startRawUpstream((socket) => {
    socket.write('HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nno');
  });
  proxy = await startTestProxy({
    domains: [{ host: 'hmr.localhost', target: String(refusing.port), tls: false }],
  });
});

afterAll(async () => {
  await proxy.close();
  await refusing.close();
});

describe('WebSocket handshakes', () => {
  const bad: [string, string][] = [
    [
      'no Sec-WebSocket-Key',
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13',
    ],
    [
      'no Sec-WebSocket-Version',
      `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${KEY}`,
    ],
    [
      'another protocol',
      `Upgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13`,
    ],
  ];
  for (const [name, headers] of bad) {
    it(`refuses an upgrade with ${name} (400), contacting no upstream`, async () => {
      const before = refusing.connections;
      const answer = await rawExchange(
        proxy.httpPort,
        `GET /ws HTTP/1.1\r\nHost: hmr.localhost\r\n${headers}\r\n\r\n`,
        800,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(refusing.connections).toBe(before);
    });
  }

  it('does not tunnel a request pipelined after an upgrade the upstream refused', async () => {
    const socket = net.connect(proxy.httpPort, '127.0.0.1');
    socket.on('error', () => {});
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: hmr.localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n` +
        'GET /secret HTTP/1.1\r\nHost: hmr.localhost\r\n\r\n',
    );
    await delay(300);
    if (!socket.destroyed) socket.write('GET /later HTTP/1.1\r\nHost: hmr.localhost\r\n\r\n');
    await Promise.race([closed, delay(2000)]);
    socket.destroy();
    const answer = Buffer.concat(chunks).toString();
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    expect(refusing.received()).toContain('GET /ws ');
    expect(refusing.received()).not.toContain('/secret');
    expect(refusing.received()).not.toContain('/later');
  });

  it('stops an upgrade that loops back through Portico with 508', async () => {
    const loop = await startTestProxy({ domains: [] });
    loop.setConfig({
      domains: [
        { host: 'loop.localhost', target: `http://127.0.0.1:${loop.httpPort}`, tls: false },
      ],
    });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${loop.httpPort}/`, {
          headers: { host: 'loop.localhost' },
        });
        ws.once('open', () => reject(new Error('a looping upgrade opened')));
        ws.once('unexpected-response', (_req, res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        ws.once('error', reject);
      });
      expect(status).toBe(508);
    } finally {
      await loop.close();
    }
  });
});
