// A download to a client that stops reading: Portico must pass the backpressure on to the
// dev server (which then stops producing) instead of buffering the body in memory, and the
// client gets every byte once it reads again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { startTestProxy, type TestProxy } from '../helpers/test-proxy';
import { closeServer, listenOn } from '../helpers/upstreams';

const TOTAL = 256 * 1024 * 1024; // far more than any buffer on the way
const CHUNK = Buffer.alloc(64 * 1024, 0x61);
let produced = 0;
let upstream: http.Server;
let proxy: TestProxy;

beforeAll(async () => {
  upstream = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': TOTAL });
    const pump = () => {
      while (produced < TOTAL) {
        produced += CHUNK.length;
        if (!res.write(CHUNK)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  const port = await listenOn(upstream);
  proxy = await startTestProxy({
    domains: [{ host: 'big.localhost', target: String(port), tls: false }],
  });
});

afterAll(async () => {
  await proxy.close();
  await closeServer(upstream);
});

describe('backpressure', () => {
  it('stops the dev server while the client does not read, and delivers the whole body after', async () => {
    const received = await new Promise<number>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: proxy.httpPort,
          path: '/',
          headers: { host: 'big.localhost' },
          agent: false,
        },
        (res) => {
          res.pause();
          setTimeout(() => {
            // Kernel socket buffers on both sides plus Portico's read-ahead: tens of MiB at
            // most, never the whole 256 MiB body.
            try {
              expect(produced).toBeLessThan(64 * 1024 * 1024);
            } catch (error) {
              reject(error as Error);
              return;
            }
            let bytes = 0;
            res.on('data', (chunk: Buffer) => (bytes += chunk.length));
            res.on('end', () => resolve(bytes));
            res.resume();
          }, 1000);
        },
      );
      req.on('error', reject);
    });
    expect(received).toBe(TOTAL);
    expect(produced).toBe(TOTAL);
  });
});
