/**
 * Dev servers for the soak: one HTTP server with a fast route (`/`), an upload sink
 * (`POST /upload`) and a slow stream (`/stream`: 64 KiB in 1 KiB pieces), plus a
 * WebSocket echo on the same port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface SoakUpstream {
  port: number;
  close(): Promise<void>;
}

export async function startSoakUpstream(): Promise<SoakUpstream> {
  const server = http.createServer((req, res) => {
    req.on('error', () => {});
    res.on('error', () => {});
    if (req.url?.startsWith('/stream')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let sent = 0;
      const piece = Buffer.alloc(1024, 120);
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(piece);
        if (++sent >= 64) {
          clearInterval(timer);
          res.end();
        }
      }, 5);
      res.on('close', () => clearInterval(timer));
      return;
    }
    let size = 0;
    req.on('data', (c: Buffer) => (size += c.length));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 's=1' });
      res.end(JSON.stringify({ url: req.url, size }));
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.on('message', (data) => ws.send(data));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
