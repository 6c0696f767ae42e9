#!/usr/bin/env node
// The Node.js that Electron embeds, for running the engine's tests (and benchmarks) on the
// runtime the desktop app ships with: the engine runs in Electron's utility process, on
// Electron's Node, while `npm test` otherwise runs it on the machine's Node (20 here). The two
// differ where it matters (Node 22+ refuses heads over `maxHeadersCount` and names its main
// thread "MainThread"), and Electron's binary cannot be run everywhere the tests run.
//
//   node scripts/electron-node.mjs --path             prints the binary's path (fetching it once)
//   node scripts/electron-node.mjs SCRIPT [ARGS…]     runs SCRIPT with it
//
// The binary comes from npm (the `node-<platform>-<arch>` packages: the official builds, no
// install script), is checked by npm against the registry's integrity hash, and is kept in
// ~/.cache/portico-dev. ELECTRON_NODE=/path/to/node uses a binary of your own instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/**
 * Electron 45 embeds Node 24 (its package depends on `@types/node` ^24; a unit test keeps the
 * two majors together when Electron is upgraded).
 */
const ELECTRON_NODE_VERSION = '24.22.3';

/**
 * The npm package with Node's official build for this machine, or null. Linux only: the
 * registry this project is developed against has no other platform's build to check against.
 */
function packageName() {
  const platforms = { linux: ['x64', 'arm64'] };
  return platforms[process.platform]?.includes(process.arch)
    ? `node-${process.platform}-${process.arch}`
    : null;
}

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(os.homedir(), '.cache');
  return join(
    base,
    'portico-dev',
    `node-v${ELECTRON_NODE_VERSION}-${process.platform}-${process.arch}`,
  );
}

/** The binary's path, fetched into the cache first if needed; throws with what to do. */
function electronNode() {
  const own = process.env.ELECTRON_NODE;
  if (own) {
    if (!existsSync(own)) throw new Error(`ELECTRON_NODE=${own}: no such file.`);
    return own;
  }
  if (process.version === `v${ELECTRON_NODE_VERSION}`) return process.execPath;
  const dir = cacheDir();
  const binary = join(dir, 'bin', 'node');
  if (existsSync(binary)) return binary;
  const name = packageName();
  if (!name) {
    throw new Error(
      `no Node build to fetch for ${process.platform}-${process.arch}: set ELECTRON_NODE to a Node ${ELECTRON_NODE_VERSION} binary.`,
    );
  }
  process.stderr.write(`Fetching Node ${ELECTRON_NODE_VERSION} (Electron's) from npm: ${name}…\n`);
  mkdirSync(join(dir, '..'), { recursive: true });
  const work = mkdtempSync(`${dir}.partial-`);
  try {
    // Only Linux gets here (packageName), where npm is a plain executable.
    const pack = spawnSync('npm', ['pack', `${name}@${ELECTRON_NODE_VERSION}`, '--silent'], {
      cwd: work,
      encoding: 'utf8',
    });
    const tarball = pack.stdout?.trim().split('\n').pop();
    if (pack.status !== 0 || !tarball) {
      throw new Error(
        `npm pack ${name}@${ELECTRON_NODE_VERSION} failed (is the npm registry reachable?): ${(pack.stderr || pack.error?.message || '').trim()}`,
      );
    }
    const untar = spawnSync('tar', ['-xzf', tarball], { cwd: work, encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${untar.stderr.trim()}`);
    // Moved into place whole, so an interrupted fetch never leaves a half binary in the cache.
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, 'package'), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (!existsSync(binary)) throw new Error(`${name} has no bin/node`);
  return binary;
}

async function main(args) {
  let binary;
  try {
    binary = electronNode();
  } catch (error) {
    process.stderr.write(`electron-node: ${error.message}\n`);
    return 1;
  }
  if (args[0] === '--path') {
    process.stdout.write(`${binary}\n`);
    return 0;
  }
  if (args.length === 0) {
    process.stderr.write('usage: node scripts/electron-node.mjs --path | SCRIPT [ARGS…]\n');
    return 2;
  }
  process.stderr.write(
    `Running on Node ${ELECTRON_NODE_VERSION} (Electron's runtime): ${args.join(' ')}\n`,
  );
  const child = spawn(binary, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
  );
}

process.exitCode = await main(process.argv.slice(2));
