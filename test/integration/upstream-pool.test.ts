// The keep-alive pool to the dev servers, against a real upstream: connections are reused,
// bounded (extra exchanges wait for a free one), and an abandoned exchange takes its
// connection down without a replacement being opened behind its back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Client, Dispatcher } from 'undici';
import { UpstreamPools } from '../../electron/engine/proxy/upstream-pool';
import { closeServer, listenOn } from '../helpers/upstreams';

let server: http.Server;
let origin: string;
const sockets = new Set<Socket>();
let connectionsSeen = 0;
let inFlight = 0;
let maxInFlight = 0;
/** Requests to /hang are answered only when `release()` is called. */
let pending: (() => void)[] = [];

beforeEach(async () => {
  sockets.clear();
  connectionsSeen = 0;
  inFlight = maxInFlight = 0;
  pending = [];
  server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const answer = () => {
      inFlight--;
      res.end('ok');
    };
    if (req.url === '/hang') pending.push(answer);
    else answer();
  });
  server.on('connection', (socket) => {
    connectionsSeen++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  origin = `http://127.0.0.1:${await listenOn(server)}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await closeServer(server);
});

/** Runs one GET on a connection of the pool; resolves with the body or the error. */
function exchange(pools: UpstreamPools, path: string): Promise<string> {
  return new Promise((resolve) => {
    pools.for(origin, 1000).acquire((client, pool) => {
      let body = '';
      const handler: Dispatcher.DispatchHandler = {
        onConnect() {},
        onHeaders: () => true,
        onData(chunk: Buffer) {
          body += chunk.toString();
          return true;
        },
        onComplete() {
          pool.release(client);
          resolve(body);
        },
        onError(error: Error) {
          pool.discard(client, error);
          resolve(`error: ${error.message}`);
        },
      };
      client.dispatch({ method: 'GET', path }, handler);
    });
  });
}

async function until(check: () => boolean, ms = 2000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check();
}

describe('UpstreamPools', () => {
  it('reuses one keep-alive connection for sequential exchanges', async () => {
    const pools = new UpstreamPools();
    for (let i = 0; i < 5; i++) expect(await exchange(pools, '/')).toBe('ok');
    expect(connectionsSeen).toBe(1);
    pools.close();
  });

  it('hands each origin and timeout its own pool, and a fresh one once the old one emptied', async () => {
    const pools = new UpstreamPools();
    const first = pools.for(origin, 1000);
    expect(pools.for(origin, 1000)).toBe(first);
    expect(pools.for(origin, 2000)).not.toBe(first);
    expect(pools.for(origin, 1000)).toBe(first);
    expect(await exchange(pools, '/')).toBe('ok');
    // The upstream closes the idle connection: the pool is empty and forgotten.
    server.closeAllConnections();
    expect(await until(() => pools.connections === 0)).toBe(true);
    expect(pools.for(origin, 1000)).not.toBe(first);
    expect(await exchange(pools, '/')).toBe('ok');
    expect(connectionsSeen).toBe(2);
    pools.close();
  });

  it('never opens more than maxConnections; the others wait and are all served', async () => {
    const pools = new UpstreamPools({ maxConnections: 2, maxIdle: 2 });
    const answers = Array.from({ length: 5 }, () => exchange(pools, '/hang'));
    expect(await until(() => pending.length === 2)).toBe(true);
    // Release answers one at a time; each frees a connection for a waiting exchange.
    for (let served = 0; served < 5; served++) {
      expect(await until(() => pending.length > 0)).toBe(true);
      pending.shift()?.();
    }
    expect(await Promise.all(answers)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(maxInFlight).toBe(2);
    expect(connectionsSeen).toBe(2);
    pools.close();
  });

  it('closes a discarded connection and opens no replacement for it', async () => {
    const pools = new UpstreamPools();
    let borrowed: Client | null = null;
    const pool = pools.for(origin, 1000);
    pool.acquire((client) => {
      borrowed = client;
      client.dispatch(
        { method: 'GET', path: '/hang' },
        {
          onConnect() {},
          onHeaders: () => true,
          onData: () => true,
          onComplete() {},
          onError() {},
        },
      );
    });
    expect(await until(() => pending.length === 1)).toBe(true);
    pool.discard(borrowed!, new Error('client went away'));
    expect(await until(() => sockets.size === 0)).toBe(true);
    // Give a spurious reconnect (nodejs/undici#5845) the time to show up: it must not.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(connectionsSeen).toBe(1);
    expect(sockets.size).toBe(0);
    expect(pools.connections).toBe(0);
    pools.close();
  });

  it('forgets an idle connection the upstream closed, and reconnects for the next exchange', async () => {
    const pools = new UpstreamPools();
    expect(await exchange(pools, '/')).toBe('ok');
    server.closeIdleConnections();
    expect(await until(() => sockets.size === 0)).toBe(true);
    expect(await until(() => pools.connections === 0)).toBe(true);
    expect(await exchange(pools, '/')).toBe('ok');
    expect(connectionsSeen).toBe(2);
    pools.close();
  });
});
