// Every way the engine is started passes its V8 flags (shared/engine-node-flags.ts): the
// scripts cannot import the TypeScript constant, so this keeps their copies in step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE_NODE_FLAGS } from '../../shared/engine-node-flags';

const read = (file: string) => readFileSync(file, 'utf8');

describe('engine V8 flags', () => {
  it.each([
    ['the bundled CLI shebang', 'scripts/build-cli.mjs'],
    ['npm start without Electron', 'scripts/start.mjs'],
    ['npm run portico', 'package.json'],
  ])('%s passes them', (_what, file) => {
    for (const flag of ENGINE_NODE_FLAGS) expect(read(file)).toContain(flag);
  });

  it('the desktop app starts its engine process with them', () => {
    expect(read('electron/main/utility-child.ts')).toMatch(/execArgv: \[\.\.\.ENGINE_NODE_FLAGS\]/);
  });
});
