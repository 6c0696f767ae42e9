/**
 * A Node upstream for what nginx cannot do: a WebSocket echo (`/echo`) and a Server-Sent
 * Events stream (`/events?count=N`, one event every 10 ms) whose events carry the moment they
 * were written, from process.hrtime (CLOCK_MONOTONIC: the SSE client's process reads the
 * same clock).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface NodeUpstream {
  port: number;
  close(): Promise<void>;
}

const SSE_INTERVAL_MS = 10;

export async function startNodeUpstream(): Promise<NodeUpstream> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    const count = Number(url.searchParams.get('count') ?? '1');
    if (url.pathname !== '/events' || !Number.isInteger(count) || count < 1) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no', // nginx: do not buffer this stream
    });
    res.socket?.setNoDelay(true);
    let sent = 0;
    const timer = setInterval(() => {
      res.write(`data: ${process.hrtime.bigint()}\n\n`);
      if (++sent >= count) {
        clearInterval(timer);
        res.end();
      }
    }, SSE_INTERVAL_MS);
    res.on('close', () => clearInterval(timer));
  });
  const wss = new WebSocketServer({ server, path: '/echo', perMessageDeflate: false });
  wss.on('connection', (socket) => {
    socket.on('message', (data, binary) => socket.send(data, { binary }));
    socket.on('error', () => socket.terminate());
  });
  wss.on('error', () => {});
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
