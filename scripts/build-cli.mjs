#!/usr/bin/env node
// Bundles the headless CLI (electron/cli/main.ts) into one ES module for Node 20,
// out/cli/portico.mjs, with vite (rolldown): our code and shared/ are bundled, packages
// from node_modules stay external (they are installed next to it), and a shebang makes it
// runnable as `portico`. Usage: node scripts/build-cli.mjs [entry] [outFile]
import { chmod } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = resolve(root, process.argv[2] ?? 'electron/cli/main.ts');
const outFile = resolve(root, process.argv[3] ?? 'out/cli/portico.mjs');

/** Bare package imports (`ws`, `zod/v4`, `@scope/x`) stay external; relative ones are bundled. */
const isPackage = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

try {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    build: {
      ssr: entry,
      target: 'node20',
      outDir: dirname(outFile),
      emptyOutDir: true,
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: (id) => builtins.has(id) || isPackage(id),
        output: {
          format: 'es',
          entryFileNames: basename(outFile),
          banner: '#!/usr/bin/env node',
          codeSplitting: false,
        },
      },
    },
  });
  await chmod(outFile, 0o755);
  console.log(`Built ${relative(root, outFile)}`);
} catch (error) {
  console.error(`The CLI bundle failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
