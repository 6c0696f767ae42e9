// The hosts helper program and the engine's hosts sync, against a temp hosts file (never /etc/hosts).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK_BEGIN } from '../../electron/engine/hosts/hosts-block';
import { helperCommand } from '../../electron/engine/hosts/hosts-elevation';
import { backupPathOf } from '../../electron/engine/hosts/hosts-file';
import { fileHostsManager } from '../../electron/engine/hosts/hosts-manager';
import { startEngine } from '../../electron/engine/engine';
import { QuickCa } from '../helpers/quick-ca';

const ORIGINAL = '# system\r\n127.0.0.1 localhost\r\n';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempHosts(text = ORIGINAL): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-hosts-'));
  dirs.push(dir);
  const file = join(dir, 'hosts');
  writeFileSync(file, text);
  return file;
}

function runHelper(args: string[], stdin: string, helper = helperCommand()) {
  return new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = execFile(helper.command, [...helper.args, ...args], (error, stdout) =>
      resolve({ code: error ? (error.code as number) : 0, stdout }),
    );
    child.stdin!.end(stdin);
  });
}

/** Runs a built helper on a temp hosts file and checks it wrote `host`. */
async function expectHelperWrites(helperFile: string, host: string): Promise<void> {
  const file = tempHosts();
  const result = await runHelper(['--hosts-file', file], JSON.stringify({ hosts: [host] }), {
    command: process.execPath,
    args: [helperFile],
  });
  expect(result.code).toBe(0);
  expect(readFileSync(file, 'utf8')).toContain(`127.0.0.1\t${host}`);
}

describe('hosts-helper (run unelevated on a temp file)', () => {
  it('ships built: next to the bundled CLI, and self-contained for the desktop app', async () => {
    await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs']);
    // The bundled CLI's copy, found by the engine next to out/cli/portico.mjs.
    await expectHelperWrites(join('out', 'cli', 'hosts-helper.mjs'), 'shop.test');
    // The desktop app's copy runs with the system node outside the asar archive, so it must
    // need nothing from node_modules: run it from a folder with none.
    const alone = mkdtempSync(join(tmpdir(), 'portico-helper-alone-'));
    dirs.push(alone);
    copyFileSync(join('out', 'main', 'hosts-helper.mjs'), join(alone, 'hosts-helper.mjs'));
    await expectHelperWrites(join(alone, 'hosts-helper.mjs'), 'api.test');
  }, 60_000);

  it('writes the block from JSON on stdin, keeps CRLF and a backup', async () => {
    const file = tempHosts();
    const result = await runHelper(
      ['--hosts-file', file],
      JSON.stringify({ hosts: ['shop.test'] }),
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, changed: true });
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(ORIGINAL)).toBe(true);
    expect(text).toContain(`${BLOCK_BEGIN}\r\n127.0.0.1\tshop.test\r\n::1\tshop.test\r\n`);
    expect(readFileSync(backupPathOf(file), 'utf8')).toBe(ORIGINAL);
  }, 20_000);

  it('refuses a name that fails validation and changes nothing', async () => {
    const file = tempHosts();
    const result = await runHelper(
      ['--hosts-file', file],
      JSON.stringify({ hosts: ['shop.test', 'evil.com\n1.2.3.4 bank.com'] }),
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, code: 'HOSTS_INVALID_NAME' });
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
  }, 20_000);

  it('refuses to write a file that is not called hosts', async () => {
    const file = tempHosts();
    const other = join(file, '..', 'passwd');
    writeFileSync(other, 'root:x:0:0\n');
    const result = await runHelper(['--hosts-file', other], JSON.stringify({ hosts: ['a.test'] }));
    expect(result.code).toBe(1);
    expect(readFileSync(other, 'utf8')).toBe('root:x:0:0\n');
  }, 20_000);
});

describe('the engine keeps the block in step with its domains', () => {
  it('adds an entry for a .test domain, none for .localhost, and removes it with the domain', async () => {
    const file = tempHosts('127.0.0.1 localhost\n');
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-engine-'));
    dirs.push(dataDir);
    const ca = new QuickCa();
    const engine = await startEngine({
      dataDir,
      httpPort: 0,
      httpsPort: 0,
      adminPort: 0,
      certificateProvider: ca,
      hostsManager: fileHostsManager(file),
    });
    const settle = async (wanted: string[]) => {
      for (let i = 0; i < 50; i++) {
        const status = await engine.handlers.hostsStatus({});
        if (!status.pending && status.managed.join() === wanted.join()) return status;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`hosts block never became ${wanted.join()}`);
    };
    try {
      await engine.handlers.addDomain({ host: 'shop.test', target: '5173' });
      await engine.handlers.addDomain({ host: 'app.localhost', target: '3000' });
      await settle(['shop.test']);
      expect(readFileSync(file, 'utf8')).toBe(
        `127.0.0.1 localhost\n${BLOCK_BEGIN}\n127.0.0.1\tshop.test\n::1\tshop.test\n# END Portico managed block\n`,
      );
      await engine.handlers.removeDomain({ host: 'shop.test' });
      await settle([]);
      expect(readFileSync(file, 'utf8')).toBe('127.0.0.1 localhost\n');
    } finally {
      await engine.stop();
      ca.dispose();
    }
  }, 20_000);

  it('reports an unreadable hosts file in the status and keeps running', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-engine-'));
    dirs.push(dataDir);
    const ca = new QuickCa();
    const engine = await startEngine({
      dataDir,
      httpPort: 0,
      httpsPort: 0,
      adminPort: 0,
      certificateProvider: ca,
      hostsManager: fileHostsManager(join(dataDir, 'missing', 'hosts')),
    });
    try {
      await engine.handlers.addDomain({ host: 'shop.test', target: '5173' });
      let problem: string | null = null;
      for (let i = 0; i < 50 && !problem; i++) {
        problem = (await engine.handlers.hostsStatus({})).problem;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(problem).toMatch(/Cannot read .*hosts \(ENOENT\): nothing was changed/);
      expect((await engine.handlers.listDomains({})).map((d) => d.host)).toEqual(['shop.test']);
    } finally {
      await engine.stop();
      ca.dispose();
    }
  }, 20_000);
});
