#!/usr/bin/env node
// Bundles the headless CLI (electron/cli/main.ts) into one ES module for Node 20,
// out/cli/portico.mjs, with vite (rolldown): our code and shared/ are bundled, packages
// from node_modules stay external (they are installed next to it), and a shebang makes it
// runnable as `portico`. The hosts-file helper (the small program the engine runs elevated)
// is bundled next to it as hosts-helper.mjs. Usage: node scripts/build-cli.mjs [entry] [outFile]
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

async function bundle(entryFile, outputFile, emptyOutDir) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    build: {
      ssr: entryFile,
      target: 'node20',
      outDir: dirname(outputFile),
      emptyOutDir,
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: (id) => builtins.has(id) || isPackage(id),
        output: {
          format: 'es',
          entryFileNames: basename(outputFile),
          banner: '#!/usr/bin/env node',
          codeSplitting: false,
        },
      },
    },
  });
  await chmod(outputFile, 0o755);
  console.log(`Built ${relative(root, outputFile)}`);
}

try {
  await bundle(entry, outFile, true);
  const helper = resolve(root, 'electron/engine/hosts/hosts-helper.ts');
  await bundle(helper, resolve(dirname(outFile), 'hosts-helper.mjs'), false);
} catch (error) {
  console.error(`The CLI bundle failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
