import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DomainState } from '../../shared/contract';
import { runCli } from '../helpers/cli-run';
import { createNssDb } from '../helpers/nss-db';

let dataDir: string;

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portico-cli-'));
});

afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);

async function listJson(): Promise<DomainState[]> {
  const result = await cli('list', '--json');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as DomainState[];
}

describe('portico CLI without a running engine', () => {
  it('adds, lists, disables and removes a domain in the config file', async () => {
    const add = await cli('add', 'shop.localhost', '5173');
    expect(add).toMatchObject({ code: 0, stderr: '' });
    expect(add.stdout).toContain('Added shop.localhost → localhost:5173');
    expect(await cli('add', 'api.localhost', 'http://127.0.0.1:8000', '--no-tls')).toMatchObject({
      code: 0,
    });

    const list = await cli('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Portico is not running');
    expect(list.stdout).toMatch(
      /on\s+shop\.localhost\s+localhost:5173\s+https:\/\/shop\.localhost\s+unknown/,
    );
    expect(list.stdout).toMatch(
      /on\s+api\.localhost\s+127\.0\.0\.1:8000\s+http:\/\/api\.localhost\s+no TLS/,
    );

    expect((await cli('disable', 'shop.localhost')).code).toBe(0);
    expect((await listJson()).find((domain) => domain.host === 'shop.localhost')).toMatchObject({
      enabled: false,
      target: 'http://localhost:5173',
      tls: true,
    });
    expect((await cli('enable', 'shop.localhost')).code).toBe(0);
    expect((await cli('remove', 'shop.localhost')).stdout).toBe('Removed shop.localhost\n');
    expect((await listJson()).map((domain) => domain.host)).toEqual(['api.localhost']);

    const onDisk = JSON.parse(await fs.readFile(path.join(dataDir, 'config.json'), 'utf8')) as {
      domains: { host: string }[];
    };
    expect(onDisk.domains.map((domain) => domain.host)).toEqual(['api.localhost']);
  });

  it.each([
    [
      ['add', 'shop', '5173'],
      /^portico: "shop" needs a name and a top-level domain: try shop\.localhost\.\n$/,
    ],
    [['add', 'shop.dev', '5173'], /^portico: \.dev is a real top-level domain/],
    [['add', 'a.localhost', '70000'], /^portico: Port 70000 is out of range: use 1 to 65535\.\n$/],
    [
      ['remove', 'nope.localhost'],
      /^portico: No domain nope\.localhost: `portico list` shows the configured ones\.\n$/,
    ],
    [['serve', '--http-port', '99999'], /^portico: --http-port 99999 is out of range/],
  ])('refuses %j with exit 1 and one line', async (args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('exits 2 on usage errors and prints help and version', async () => {
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command: frobnicate');
    expect((await cli('add', 'only-host.localhost')).code).toBe(2);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('add HOST TARGET [--no-tls]');
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('says in one line that requests needs a running engine', async () => {
    const result = await cli('requests');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^portico: portico requests needs a running Portico: start it with `portico serve`/,
    );
  });

  it('installs and removes the CA without an engine (trust, untrust)', async () => {
    const home = path.join(dataDir, 'home');
    await createNssDb(home);
    // A Firefox profile too: mkcert -install adds the CA to every profile it finds.
    await createNssDb(home, path.join(home, '.mozilla', 'firefox', 'test.default'));
    const env = { HOME: home, CAROOT: path.join(dataDir, 'caroot'), TRUST_STORES: 'nss' };
    const trust = await runCli(['trust', '--data-dir', dataDir], { env });
    expect(trust.code, trust.stderr).toBe(0);
    expect(trust.stdout).toMatch(/installed \(.*nss: trusted/);
    expect(trust.stdout).toMatch(/firefox: trusted/);
    const untrust = await runCli(['untrust', '--data-dir', dataDir], { env });
    expect(untrust.code, untrust.stderr).toBe(0);
    expect(untrust.stdout).toMatch(/nss: not trusted/);
    expect(untrust.stdout).toMatch(/firefox: not trusted/);
  });

  it('honours PORTICO_DATA_DIR', async () => {
    expect(
      (await runCli(['add', 'env.localhost', '3000'], { env: { PORTICO_DATA_DIR: dataDir } })).code,
    ).toBe(0);
    expect((await listJson()).map((domain) => domain.host)).toEqual(['env.localhost']);
  });

  it('loses no update when two CLIs race 20 adds each', { timeout: 120_000 }, async () => {
    const run = async (prefix: string) => {
      for (let index = 0; index < 20; index += 1) {
        const result = await cli('add', `${prefix}${index}.localhost`, String(3000 + index));
        expect(result.code, result.stderr).toBe(0);
      }
    };
    await Promise.all([run('a'), run('b')]);
    const hosts = (await listJson()).map((domain) => domain.host);
    expect(hosts).toHaveLength(40);
    expect(new Set(hosts).size).toBe(40);
  });
});
