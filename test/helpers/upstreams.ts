/**
 * Real upstream servers for tests, on 127.0.0.1:0: an echo server that answers with the
 * exact head it received, an SSE server, a WebSocket echo server, a server of large bodies
 * and an Express app.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface Upstream {
  port: number;
  url: string;
  /** Raw heads received, in order. */
  received: { method: string; url: string; rawHeaders: string[] }[];
  close(): Promise<void>;
}

export async function listenOn(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Answers every request with JSON `{ method, url, rawHeaders, body }`; `/status/N` answers N. */
export async function startEchoUpstream(): Promise<Upstream> {
  const received: Upstream['received'] = [];
  const server = http.createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = /^\/status\/(\d{3})/.exec(req.url ?? '')?.[1];
      const body = JSON.stringify({
        method: req.method,
        url: req.url,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(status ? Number(status) : 200, {
        'content-type': 'application/json',
        'set-cookie': ['a=1; Path=/', 'b=2; Path=/'],
        connection: 'keep-alive, x-upstream-private',
        'x-upstream-private': 'hop-by-hop',
        'keep-alive': 'timeout=5',
      });
      res.end(body);
    });
  });
  const port = await listenOn(server);
  return { port, url: `http://127.0.0.1:${port}`, received, close: () => closeServer(server) };
}

/**
 * A dev server of large bodies: GET answers `mib` MiB (with its length), written a MiB at a
 * time as a dev server streams a large file; POST answers how many bytes it received.
 */
export async function startLargeBodyUpstream(mib: number) {
  const piece = Buffer.alloc(1024 * 1024, 0x61);
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') {
      let received = 0;
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      req.on('end', () => res.end(String(received)));
      return;
    }
    res.writeHead(200, { 'content-length': mib * piece.length });
    for (let i = 0; i < mib; i++) res.write(piece);
    res.end();
  });
  const port = await listenOn(server);
  return { port, close: () => closeServer(server) };
}

/** Sends an SSE event every `intervalMs` (n events), recording when each was written. */
export async function startSseUpstream(events = 5, intervalMs = 100) {
  const writtenAt: number[] = [];
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let sent = 0;
    const tick = () => {
      if (res.destroyed) return;
      writtenAt.push(performance.now());
      res.write(`data: event ${sent}\n\n`);
      sent++;
      if (sent >= events) res.end();
      else setTimeout(tick, intervalMs);
    };
    setTimeout(tick, intervalMs);
  });
  const port = await listenOn(server);
  return { port, url: `http://127.0.0.1:${port}`, writtenAt, close: () => closeServer(server) };
}

/** A WebSocket echo server that also answers plain HTTP requests on the same port. */
export async function startWebSocketUpstream() {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`http ok ${req.url}`);
  });
  const wss = new WebSocketServer({ server });
  const handshakes: http.IncomingMessage[] = [];
  wss.on('connection', (socket, req) => {
    handshakes.push(req);
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    socket.on('error', () => {});
  });
  const port = await listenOn(server);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    handshakes,
    wss,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await closeServer(server);
    },
  };
}

/** Binds and releases a port, so that nothing listens on it (for dead-backend tests). */
export async function deadPort(): Promise<number> {
  const server = http.createServer();
  const port = await listenOn(server);
  await closeServer(server);
  return port;
}
