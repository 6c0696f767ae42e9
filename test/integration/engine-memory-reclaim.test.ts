// Memory back after a burst: `portico serve`, started with the engine's V8 flags as the
// `portico` command starts it, holds 1,000 WebSockets; they close, and once nothing has moved
// through the engine for a second its RSS falls well below what it was while they were open.
// Without the idle reclaim (electron/engine/idle-memory-reclaim.ts) V8 keeps the heap the
// burst grew and RSS stays where it was (bench/README.md, finding 23). Only V8 12+ (Node 22+,
// Electron's Node) can reduce memory on request; `npm test` runs this on Electron's Node too.
// RSS is read from /proc (Linux). The test process holds ~2,000 sockets (the clients and the
// upstream's ends): Node raises its soft limit on open files to the hard one, which must allow
// that.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentMemory, sleep } from '../../bench/lib/proc';
import { closeAll, openMany } from '../../bench/ws-client';
import { v8CanReduceMemory } from '../../electron/engine/idle-memory-reclaim';
import { ENGINE_NODE_FLAGS } from '../../shared/engine-node-flags.mjs';
import { REPO_ROOT } from '../helpers/cli-run';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { startWebSocketUpstream } from '../helpers/upstreams';

const SOCKETS = 1_000;
/** What the reclaim must give back at least; a burst of 1,000 WebSockets grows the heap ~20 MiB. */
const GIVEN_BACK_MIB = 8;
const HOST = 'burst.localhost';

const skipReason = !v8CanReduceMemory()
  ? `V8 ${process.versions.v8} (Node ${process.version}) cannot reduce memory on request`
  : process.platform !== 'linux'
    ? `RSS is read from /proc, which ${process.platform} does not have`
    : null;
if (skipReason) console.log(`skipped engine-memory-reclaim: ${skipReason}`);

describe.skipIf(skipReason !== null)('engine memory after a burst', () => {
  let upstream: Awaited<ReturnType<typeof startWebSocketUpstream>>;
  let serve: ServeProcess;

  beforeAll(async () => {
    upstream = await startWebSocketUpstream();
    serve = await startServe({
      program: [
        ...ENGINE_NODE_FLAGS,
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'electron/cli/main.ts'),
      ],
    });
    const add = await serve.cli(['add', HOST, String(upstream.port)]);
    expect(add.code, add.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await serve?.cleanup();
    await upstream?.close();
  });

  it('gives memory back once the engine is quiet after 1,000 WebSockets closed', async () => {
    const pid = serve.child.pid!;
    const rss = () => residentMemory(pid).rss;
    // 50 at a time, as a browser opens them: no thousand handshakes at once.
    const sockets = await openMany(serve.httpPort, HOST, SOCKETS);
    const whileOpen = rss();
    await closeAll(sockets);

    // Bounded wait: the reclaim runs in the first second after the closes in which nothing moved.
    let now = rss();
    for (let i = 0; i < 40 && now > whileOpen - GIVEN_BACK_MIB; i++) {
      await sleep(250);
      now = rss();
    }
    expect(
      now,
      `RSS ${now.toFixed(1)} MiB, with the sockets open ${whileOpen.toFixed(1)}`,
    ).toBeLessThanOrEqual(whileOpen - GIVEN_BACK_MIB);
  }, 60_000);
});
