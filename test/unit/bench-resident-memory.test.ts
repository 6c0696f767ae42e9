import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { residentMemory } from '../../bench/lib/proc';

it("splits a process's RSS into its private and its file-backed pages", () => {
  const { rss, anon, file } = residentMemory(process.pid);
  // VmRSS = RssAnon + RssFile + RssShmem, and this process maps no shared memory to speak of.
  expect(anon + file).toBeLessThanOrEqual(rss + 0.01);
  expect(anon + file).toBeGreaterThan(rss - 1);
  // A Node process holds part of its binary in memory and a heap of its own.
  expect(file).toBeGreaterThan(5);
  expect(anon).toBeGreaterThan(5);
});

it('sees memory a process allocates as private, not as file pages', async () => {
  // A child that touches 64 MiB of its own and then waits to be read.
  const child = spawn(
    process.execPath,
    [
      '-e',
      "globalThis.kept = Buffer.alloc(64 * 1024 * 1024, 1); console.log('ready'); setInterval(() => {}, 1000);",
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await once(child.stdout, 'data');
    const { anon, file } = residentMemory(child.pid ?? 0);
    expect(anon).toBeGreaterThan(64);
    expect(file).toBeLessThan(64);
  } finally {
    child.kill();
  }
});
