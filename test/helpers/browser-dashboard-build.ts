/**
 * Makes sure `out/renderer` holds a dashboard build before a browser test serves it
 * (builds it with renderer/vite.config.ts when missing or older than the renderer sources).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(import.meta.dirname, '../..');
export const DASHBOARD_DIR = path.join(root, 'out/renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export async function ensureDashboardBuilt(): Promise<void> {
  const index = path.join(DASHBOARD_DIR, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(root, 'renderer')),
    newestMtime(path.join(root, 'shared')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  await promisify(execFile)(
    path.join(root, 'node_modules/.bin/vite'),
    ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    { cwd: root },
  );
}
