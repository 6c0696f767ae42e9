// The proxy tells the engine each time 8 MiB more have passed through it, whichever way they
// went: a download's body, an upload's body, a WebSocket tunnel's data. The engine then frees
// the read buffers they arrived in (electron/engine/bulk-buffer-release.ts); a way of relaying
// that went uncounted would leave its buffers to V8's next collection, and the next transfer
// would grow the process again (bench/README.md, finding 24).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BULK_BYTES } from '../../electron/engine/proxy/traffic-counter';
import { startTestProxy, type TestProxy } from '../helpers/test-proxy';
import { closeServer, listenOn, startWebSocketUpstream } from '../helpers/upstreams';

const MIB = 1024 * 1024;
const PIECE = Buffer.alloc(MIB, 0x61);

let proxy: TestProxy;
let files: http.Server;
let sockets: Awaited<ReturnType<typeof startWebSocketUpstream>>;
let bulks = 0;

/** `mib` MiB, written a MiB at a time (as a dev server streams a large file). */
function writeMib(out: NodeJS.WritableStream, mib: number): void {
  for (let i = 0; i < mib; i++) out.write(PIECE);
  out.end();
}

beforeAll(async () => {
  files = http.createServer((req, res) => {
    if (req.method === 'POST') {
      let received = 0;
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      req.on('end', () => res.end(String(received)));
      return;
    }
    res.writeHead(200, { 'content-length': 20 * MIB });
    writeMib(res, 20);
  });
  sockets = await startWebSocketUpstream();
  proxy = await startTestProxy(
    {
      domains: [
        { host: 'files.localhost', target: String(await listenOn(files)), tls: false },
        { host: 'hmr.localhost', target: String(sockets.port), tls: false },
      ],
    },
    null,
    { onBulkTraffic: () => bulks++ },
  );
});

afterAll(async () => {
  await proxy.close();
  await closeServer(files);
  await sockets.close();
});

function exchange(method: string, body: number): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { port: proxy.httpPort, host: '127.0.0.1', method, headers: { host: 'files.localhost' } },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      },
    );
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error('timed out')));
    writeMib(req, body);
  });
}

/**
 * As many calls as `bytes` holds BULK_BYTES, or one more with what the previous test left
 * under BULK_BYTES (the counter carries it over).
 */
function expectBulksFor(bytes: number): void {
  expect(bulks).toBeGreaterThanOrEqual(Math.floor(bytes / BULK_BYTES));
  expect(bulks).toBeLessThanOrEqual(Math.floor(bytes / BULK_BYTES) + 1);
}

describe('bulk traffic', () => {
  it('counts a download by its body', async () => {
    bulks = 0;
    expect(await exchange('GET', 0)).toEqual({ status: 200, bytes: 20 * MIB });
    expectBulksFor(20 * MIB);
  });

  it('counts an upload by its body', async () => {
    bulks = 0;
    const answer = await exchange('POST', 20);
    expect(answer).toEqual({ status: 200, bytes: String(20 * MIB).length });
    expectBulksFor(20 * MIB);
  });

  it("counts a WebSocket tunnel's data, both ways", async () => {
    bulks = 0;
    // Uncompressed, so the tunnel carries the 9 MiB as they are (the payload compresses well).
    const ws = new WebSocket(`ws://127.0.0.1:${proxy.httpPort}/`, {
      headers: { host: 'hmr.localhost' },
      perMessageDeflate: false,
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    // 9 messages of 1 MiB out and their echoes back: 18 MiB of frames through the tunnel.
    let echoed = 0;
    const allBack = new Promise<void>((resolve) =>
      ws.on('message', () => {
        if (++echoed === 9) resolve();
      }),
    );
    for (let i = 0; i < 9; i++) ws.send(PIECE);
    await allBack;
    ws.close();
    expectBulksFor(18 * MIB);
  });
});
