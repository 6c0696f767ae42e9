#!/usr/bin/env node
// `npm start`: runs the desktop app (electron-vite dev) where Electron's binary is
// installed; otherwise says so in one line and runs the headless engine with the web
// dashboard (`portico serve`), building the dashboard first if needed. Extra arguments
// go to `serve` (e.g. `npm start -- --http-port 8080`). Never prints a stack trace.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_NODE_FLAGS } from '../shared/engine-node-flags.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/**
 * Where Electron's binary should be, and whether it is there. Read from the package's
 * path.txt rather than `require('electron')`, which tries to download a missing binary.
 */
function electronBinary() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!existsSync(pathFile) && !override) {
    return { path: null, reason: 'node_modules/electron/dist is missing' };
  }
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const binary = override ? join(override, relative) : join(packageDir, 'dist', relative);
  return existsSync(binary)
    ? { path: binary, reason: null }
    : { path: null, reason: `${binary} is missing` };
}

/** Runs a command with the terminal attached, passing Ctrl-C and SIGTERM on; resolves its exit code. */
function run(command, args) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    const forward = (signal) => {
      // Ctrl-C in a terminal reaches the whole process group, the child included: passing
      // it on would be a second SIGINT, which the CLI takes as "stop now, not gracefully".
      if (signal === 'SIGINT' && process.stdin.isTTY) return;
      if (child.exitCode === null) child.kill(signal);
    };
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals) process.on(signal, forward);
    child.on('error', (error) => {
      console.error(`Could not start ${args[0] ?? command}: ${error.message}`);
      resolvePromise(1);
    });
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolvePromise(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
    });
  });
}

/** Builds the dashboard (the renderer) into out/renderer unless it is already there. */
async function ensureDashboard() {
  const outDir = join(root, 'out/renderer');
  if (existsSync(join(outDir, 'index.html'))) return;
  const rendererConfig = join(root, 'renderer/vite.config.ts');
  const [{ build }, { default: react }] = await Promise.all([
    import('vite'),
    import('@vitejs/plugin-react'),
  ]);
  console.log('Building the dashboard (out/renderer)…');
  await build({
    configFile: existsSync(rendererConfig) ? rendererConfig : false,
    root: join(root, 'renderer'),
    base: './',
    logLevel: 'warn',
    plugins: existsSync(rendererConfig) ? [] : [react()],
    build: { outDir, emptyOutDir: true },
  });
}

async function main() {
  const electron = electronBinary();
  if (electron.path) {
    return run(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'dev']);
  }
  console.log(
    `Electron's binary is not installed here (${electron.reason}); starting the headless engine with the web dashboard instead — \`npm run electron:install\` fetches it where the network allows.`,
  );
  const cli = join(root, 'electron/cli/main.ts');
  if (!existsSync(cli)) {
    console.error('The headless engine is not there yet (electron/cli/main.ts is missing).');
    return 1;
  }
  try {
    await ensureDashboard();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(`The dashboard could not be built (${reason}); the engine runs without it.`);
  }
  return run(process.execPath, [
    ...ENGINE_NODE_FLAGS,
    '--import',
    'tsx',
    cli,
    'serve',
    ...process.argv.slice(2),
  ]);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(
      `npm start failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
    process.exitCode = 1;
  },
);
