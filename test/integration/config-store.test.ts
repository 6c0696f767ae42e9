import { afterEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PorticoConfig } from '../../shared/config';
import { PorticoError } from '../../shared/rpc';
import { openConfigStore } from '../../electron/engine/config/config-store';
import type { ConfigStore } from '../../electron/engine/config/config-store-api';
import { addDomain } from '../../electron/engine/config/domain-edits';

const dirs: string[] = [];
const stores: ConfigStore[] = [];

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portico-config-'));
  dirs.push(dir);
  return dir;
}

async function open(dir: string, logs: string[] = []): Promise<ConfigStore> {
  const store = await openConfigStore(dir, { log: (line) => logs.push(line) });
  stores.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

const shop = { host: 'shop.localhost', target: 'http://localhost:5173' };

async function readJson(file: string): Promise<PorticoConfig> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as PorticoConfig;
}

/** Waits (bounded) until `check` passes. */
async function eventually(check: () => void | Promise<void>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('config store', () => {
  it('starts from defaults when there is no file and writes it on the first update', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    expect(store.current().domains).toEqual([]);
    expect(store.problem()).toBeNull();
    await expect(fs.stat(path.join(dir, 'config.json'))).rejects.toThrow();
    await store.update((draft) => void addDomain(draft, shop));
    expect((await readJson(path.join(dir, 'config.json'))).domains[0]?.host).toBe('shop.localhost');
    await store.update((draft) => void (draft.paused = true));
    // The previous version is kept as .bak.
    expect((await readJson(path.join(dir, 'config.json.bak'))).paused).toBe(false);
  });

  it('refuses an invalid update, changing nothing on disk or in memory', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await store.update((draft) => void addDomain(draft, shop));
    const before = await fs.readFile(path.join(dir, 'config.json'), 'utf8');
    const seen: PorticoConfig[] = [];
    store.onChange((config) => seen.push(config));
    const attempt = store.update((draft) => draft.domains.push({ ...draft.domains[0]! }));
    await expect(attempt).rejects.toBeInstanceOf(PorticoError);
    await expect(attempt).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('listed twice'),
    });
    expect(await fs.readFile(path.join(dir, 'config.json'), 'utf8')).toBe(before);
    expect(store.current().domains).toHaveLength(1);
    expect(seen).toEqual([]);
  });

  it('reports a corrupt file with its line, uses the .bak, and keeps a copy before writing', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'config.json');
    const first = await open(dir);
    await first.update((draft) => void addDomain(draft, shop));
    await first.update((draft) => void (draft.defaultTld = 'test'));
    await first.close();
    const corrupt = '{\n  "version": 1,\n  "domains": [,]\n}\n';
    await fs.writeFile(file, corrupt);

    const logs: string[] = [];
    const store = await open(dir, logs);
    expect(store.problem()).toMatch(/config\.json: invalid JSON at line 3, column \d+/);
    expect(store.problem()).toContain('config.json.bak');
    expect(logs.join('\n')).toContain('invalid JSON');
    // The .bak holds the state before the last update: shop, default TLD.
    expect(store.current().domains.map((domain) => domain.host)).toEqual(['shop.localhost']);
    expect(await fs.readFile(file, 'utf8')).toBe(corrupt); // not overwritten by opening

    await store.update((draft) => void (draft.paused = true));
    const names = await fs.readdir(dir);
    const copy = names.find((name) => name.startsWith('config.json.corrupt-'));
    expect(copy).toBeDefined();
    expect(await fs.readFile(path.join(dir, copy!), 'utf8')).toBe(corrupt);
    expect((await readJson(file)).paused).toBe(true);
    expect(store.problem()).toBeNull();
    // The .bak is still the last good file, not the corrupt one.
    expect((await readJson(path.join(dir, 'config.json.bak'))).domains).toHaveLength(1);
  });

  it('falls back to defaults in memory when neither file is valid, naming the field', async () => {
    const dir = await tempDir();
    await fs.writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({ version: 1, domains: [{ host: 'shop.dev', target: '5173' }] }),
    );
    const store = await open(dir);
    expect(store.problem()).toMatch(/domains\.0\.host: \.dev is a real top-level domain/);
    expect(store.problem()).toContain('default configuration');
    expect(store.current().domains).toEqual([]);
  });

  it('applies a valid hand edit within a second and refuses an invalid one', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'config.json');
    const store = await open(dir);
    await store.update((draft) => void addDomain(draft, shop));
    const seen: PorticoConfig[] = [];
    store.onChange((config) => seen.push(config));

    const edited = await readJson(file);
    edited.domains[0]!.enabled = false;
    const started = Date.now();
    await fs.writeFile(file, JSON.stringify(edited, null, 2));
    await eventually(() => expect(store.current().domains[0]?.enabled).toBe(false), 1500);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(seen).toHaveLength(1);

    await fs.writeFile(file, '{ "version": 1, "domains": [ { "host": "x" } ] }');
    await eventually(() => expect(store.problem()).toMatch(/edit refused/), 1500);
    expect(store.problem()).toContain('domains.0');
    expect(store.current().domains[0]).toMatchObject({ host: 'shop.localhost', enabled: false });
    expect(seen).toHaveLength(1);

    // Fixing the file clears the problem.
    edited.domains[0]!.enabled = true;
    await fs.writeFile(file, JSON.stringify(edited));
    await eventually(() => expect(store.problem()).toBeNull(), 1500);
    expect(store.current().domains[0]?.enabled).toBe(true);
  });

  it('does not announce its own writes twice', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    let calls = 0;
    store.onChange(() => (calls += 1));
    await store.update((draft) => void addDomain(draft, shop));
    await new Promise((resolve) => setTimeout(resolve, 1300)); // past debounce and a poll
    expect(calls).toBe(1);
  });

  it('lands 50 parallel updates, none lost', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        store.update(
          (draft) =>
            void addDomain(draft, {
              host: `app${index}.localhost`,
              target: `http://localhost:${3000 + index}`,
            }),
        ),
      ),
    );
    expect(store.current().domains).toHaveLength(50);
    const onDisk = await readJson(path.join(dir, 'config.json'));
    expect(new Set(onDisk.domains.map((domain) => domain.host)).size).toBe(50);
    const leftovers = (await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });
});
