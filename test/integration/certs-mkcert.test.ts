/**
 * Finding mkcert (PORTICO_MKCERT, PATH, mkcert-cli's kept copy, download) and running it
 * safely: names that would inject shell syntax or flags never reach mkcert.
 */
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMkcert } from '../../electron/engine/certs/mkcert-binary';
import { MkcertProvider } from '../../electron/engine/certs/mkcert-provider';
import { issueLeaf } from '../../electron/engine/certs/mkcert-runner';
import { trustCa } from '../../electron/engine/certs/trust';

const REAL_MKCERT = '/usr/bin/mkcert';

describe('mkcert binary and runner', () => {
  let dir: string;
  let marker: string;
  let fake: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-mkcert-'));
    marker = join(dir, 'mkcert-was-called');
    // A stand-in mkcert that only records that it ran (and answers -version).
    fake = join(dir, 'fake-mkcert');
    await writeFile(
      fake,
      `#!/bin/sh\nif [ "$1" = "-version" ]; then echo v9.9.9-fake; exit 0; fi\necho "$@" >> "${marker}"\n`,
    );
    await chmod(fake, 0o755);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    'a.localhost;touch /tmp/x',
    '$(id).localhost',
    '`id`.localhost',
    '-install',
    'a.localhost --help',
    'A.localhost',
  ])('rejects %j before mkcert runs', async (name) => {
    await expect(
      issueLeaf({ binary: fake, names: [name], certFile: join(dir, 'c'), keyFile: join(dir, 'k') }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    const provider = new MkcertProvider({
      dataDir: dir,
      caroot: join(dir, 'ca'),
      mkcert: { path: fake, source: 'PATH', version: 'v9.9.9-fake' },
    });
    await expect(provider.certificateFor(name)).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    expect(existsSync(marker)).toBe(false);
  });

  it('passes a valid name to mkcert as its own argument', async () => {
    await issueLeaf({
      binary: fake,
      names: ['*.a.localhost', 'a.localhost'],
      certFile: 'C',
      keyFile: 'K',
    });
    expect(await readFile(marker, 'utf8')).toBe(
      '-ecdsa -cert-file C -key-file K -- *.a.localhost a.localhost\n',
    );
  });

  it('turns a failing mkcert into MKCERT_FAILED with its ERROR line', async () => {
    const failing = join(dir, 'failing-mkcert');
    await writeFile(
      failing,
      '#!/bin/sh\necho "Using the local CA" >&2\necho "ERROR: failed to save CA key: permission denied" >&2\nexit 1\n',
    );
    await chmod(failing, 0o755);
    const mkcert = { path: failing, source: 'PATH' as const, version: 'v0' };
    await expect(trustCa({ mkcert, caroot: join(dir, 'ca') })).rejects.toMatchObject({
      code: 'MKCERT_FAILED',
      message: 'mkcert -install failed: ERROR: failed to save CA key: permission denied',
    });
    await expect(trustCa({ mkcert: null })).rejects.toMatchObject({ code: 'MKCERT_MISSING' });
  });

  it('prefers PORTICO_MKCERT, then PATH', async () => {
    const viaEnv = await findMkcert({
      env: { PORTICO_MKCERT: fake, PATH: '/usr/bin' },
      homeDir: dir,
    });
    expect(viaEnv).toEqual({ path: fake, source: 'PORTICO_MKCERT', version: 'v9.9.9-fake' });
    const viaPath = await findMkcert({ env: { PATH: `${dir}/nothing:/usr/bin` }, homeDir: dir });
    expect(viaPath).toMatchObject({ path: REAL_MKCERT, source: 'PATH' });
    expect(viaPath.version).toMatch(/^v?1\./);
    await expect(
      findMkcert({ env: { PORTICO_MKCERT: join(dir, 'missing') }, homeDir: dir }),
    ).rejects.toMatchObject({
      code: 'MKCERT_MISSING',
      message: expect.stringContaining('PORTICO_MKCERT'),
    });
  });

  it("uses mkcert-cli's kept copy, made 0755 instead of world-writable", async () => {
    const kept = join(dir, '.mkcert-cli', 'mkcert');
    await mkdir(join(dir, '.mkcert-cli'));
    await copyFile(REAL_MKCERT, kept);
    await chmod(kept, 0o777); // as mkcert-cli saves it
    const found = await findMkcert({ env: { PATH: join(dir, 'empty') }, homeDir: dir });
    expect(found).toMatchObject({ path: kept, source: 'mkcert-cli' });
    expect((await stat(kept)).mode & 0o777).toBe(0o755);
  });

  it('tries the download last and, offline, says how to install mkcert', async () => {
    const statuses: string[] = [];
    const failure = findMkcert({
      env: { PATH: join(dir, 'empty'), HOME: dir },
      homeDir: dir,
      onStatus: (message) => statuses.push(message),
      downloadTimeoutMs: 20_000,
    });
    await expect(failure).rejects.toMatchObject({ code: 'MKCERT_MISSING' });
    const message = ((await failure.catch((e: unknown) => e)) as Error).message;
    expect(message).toContain('apt install mkcert');
    expect(message).toContain('brew install mkcert');
    expect(message).toContain('PORTICO_MKCERT');
    expect(message).toContain('downloading mkcert failed');
    expect(statuses).toEqual(['downloading mkcert…']);
  });
});
