#!/usr/bin/env node
// Bundles the headless CLI (electron/cli/main.ts) into one ES module for Node 20,
// out/cli/portico.mjs, with vite (rolldown): our code, shared/ and the packages it imports
// are bundled, and a shebang makes it runnable as `portico`. Taking the packages in halves
// the engine's cold start (~350 ms instead of ~600 ms to the first proxied response here):
// Node no longer resolves dozens of files and scans every CommonJS package for its exports.
// What the engine loads by path at run time (undici's client, mkcert-cli's downloader, tsx)
// still comes from node_modules next to it. The hosts-file helper (the small program the engine runs elevated)
// is bundled next to it as hosts-helper.mjs, and self-contained into out/main for the desktop
// app. Usage: node scripts/build-cli.mjs [entry] [outFile]
import { chmod } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { ENGINE_NODE_FLAGS } from '../shared/engine-node-flags.mjs';
import { builtinsByRequire } from './builtins-by-require.mjs';
import { oneByteSource } from './one-byte-source.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = resolve(root, process.argv[2] ?? 'electron/cli/main.ts');
const outFile = resolve(root, process.argv[3] ?? 'out/cli/portico.mjs');

/**
 * Bare package imports (`ws`, `zod/v4`, `@scope/x`) stay external; relative ones are bundled.
 * Node's built-ins are the plugin's (scripts/builtins-by-require.mjs).
 */
const isPackage = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

async function bundle(entryFile, outputFile, emptyOutDir, selfContained = false) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    plugins: [builtinsByRequire()],
    // SSR builds leave node_modules imports external; a self-contained bundle takes them in.
    ssr: selfContained ? { noExternal: true } : undefined,
    build: {
      ssr: entryFile,
      target: 'node20',
      outDir: dirname(outputFile),
      emptyOutDir,
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: (id) => !selfContained && isPackage(id),
        output: {
          format: 'es',
          entryFileNames: basename(outputFile),
          // The engine's V8 flags for `portico serve`.
          banner: `#!/usr/bin/env -S node ${ENGINE_NODE_FLAGS.join(' ')}`,
          codeSplitting: false,
          ...oneByteSource,
        },
      },
    },
  });
  await chmod(outputFile, 0o755);
  console.log(`Built ${relative(root, outputFile)}`);
}

try {
  await bundle(entry, outFile, true, true);
  const helper = resolve(root, 'electron/engine/hosts/hosts-helper.ts');
  await bundle(helper, resolve(dirname(outFile), 'hosts-helper.mjs'), false);
  // The desktop app's copy: self-contained (it runs with the system node, outside the asar
  // archive, where node_modules cannot be reached); electron-builder.yml unpacks it.
  if (process.argv.length <= 2) {
    await bundle(helper, resolve(root, 'out/main/hosts-helper.mjs'), false, true);
  }
} catch (error) {
  console.error(`The CLI bundle failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
