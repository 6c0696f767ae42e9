// The whole engine frees the read buffers of a large transfer as it passes: a 20 MiB download
// through it makes it ask V8 for young-generation collections (electron/engine/
// bulk-buffer-release.ts; why, bench/README.md finding 24). `gc` is replaced by a recorder
// here, as vitest runs without --expose-gc. Off on V8 11 (Node 20), where it is skipped;
// `npm test` runs it on Electron's Node too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v8MajorVersion } from '../../electron/engine/v8-version';
import { startTestEngine, type TestEngine } from '../helpers/test-engine';
import { request } from '../helpers/test-proxy';
import { startLargeBodyUpstream } from '../helpers/upstreams';

const MIB = 1024 * 1024;
const HOST = 'files.localhost';

const skipReason =
  v8MajorVersion() < 12
    ? `V8 ${process.versions.v8} (Node ${process.version}): the release is off there`
    : null;
if (skipReason) console.log(`skipped engine-bulk-buffer-release: ${skipReason}`);

describe.skipIf(skipReason !== null)('engine: bulk buffer release', () => {
  const collections: unknown[] = [];
  const realGc = globalThis.gc;
  let upstream: Awaited<ReturnType<typeof startLargeBodyUpstream>> | undefined;
  let t: TestEngine;

  beforeAll(async () => {
    globalThis.gc = ((options?: unknown) => {
      collections.push(options);
    }) as typeof globalThis.gc;
    upstream = await startLargeBodyUpstream(20);
    t = await startTestEngine();
    await t.engine.handlers.addDomain({ host: HOST, target: String(upstream.port), tls: false });
  });

  afterAll(async () => {
    globalThis.gc = realGc;
    await t?.close();
    await upstream?.close();
  });

  it('asks V8 for young-generation collections as a 20 MiB download passes', async () => {
    const answer = await request({ port: t.httpPort, host: HOST });
    const received = answer.body.length;
    expect(received).toBe(20 * MIB);
    await new Promise((resolve) => setImmediate(resolve));
    const minor = collections.filter((c) => (c as { type?: string }).type === 'minor');
    expect(minor.length).toBeGreaterThanOrEqual(2);
  });
});
