/**
 * A Node upstream for what nginx cannot do: a WebSocket echo (`/echo`) and a Server-Sent
 * Events stream (`/events`) whose events carry the moment they were written. It runs in the
 * benchmark's own process, so the SSE client reads the same clock (performance.now()).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface NodeUpstream {
  port: number;
  close(): Promise<void>;
}

export async function startNodeUpstream(sse: {
  count: number;
  intervalMs: number;
}): Promise<NodeUpstream> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/events') {
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
      res.write(`data: ${performance.now()}\n\n`);
      if (++sent >= sse.count) {
        clearInterval(timer);
        res.end();
      }
    }, sse.intervalMs);
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
