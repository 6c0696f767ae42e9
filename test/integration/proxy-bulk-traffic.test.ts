// The proxy tells the engine each time 8 MiB more have passed through it, whichever way they
// went: a download's body, an upload's body, a WebSocket tunnel's data. The engine then frees
// the read buffers they arrived in (electron/engine/bulk-buffer-release.ts); a way of relaying
// that went uncounted would leave its buffers to V8's next collection, and the next transfer
// would grow the process again (bench/README.md, finding 24).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BULK_BYTES } from '../../electron/engine/proxy/traffic-counter';
import { request, startTestProxy, type TestProxy } from '../helpers/test-proxy';
import { startLargeBodyUpstream, startWebSocketUpstream } from '../helpers/upstreams';

const MIB = 1024 * 1024;

let proxy: TestProxy;
let files: Awaited<ReturnType<typeof startLargeBodyUpstream>>;
let sockets: Awaited<ReturnType<typeof startWebSocketUpstream>>;
let bulks = 0;

beforeAll(async () => {
  files = await startLargeBodyUpstream(20);
  sockets = await startWebSocketUpstream();
  proxy = await startTestProxy(
    {
      domains: [
        { host: 'files.localhost', target: String(files.port), tls: false },
        { host: 'hmr.localhost', target: String(sockets.port), tls: false },
      ],
    },
    null,
    { onBulkTraffic: () => bulks++ },
  );
});

afterAll(async () => {
  await proxy.close();
  await files.close();
  await sockets.close();
});

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
    const answer = await request({ port: proxy.httpPort, host: 'files.localhost' });
    expect({ status: answer.status, bytes: answer.body.length }).toEqual({
      status: 200,
      bytes: 20 * MIB,
    });
    expectBulksFor(20 * MIB);
  });

  it('counts an upload by its body', async () => {
    bulks = 0;
    const answer = await request({
      port: proxy.httpPort,
      host: 'files.localhost',
      method: 'POST',
      body: 'a'.repeat(20 * MIB),
    });
    expect({ status: answer.status, bytes: answer.body.length }).toEqual({
      status: 200,
      bytes: String(20 * MIB).length,
    });
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
    const piece = Buffer.alloc(MIB, 0x61);
    for (let i = 0; i < 9; i++) ws.send(piece);
    await allBack;
    ws.close();
    expectBulksFor(18 * MIB);
  });
});
