// Every way the engine is started passes its V8 flags (shared/engine-node-flags.ts), and no
// others: the scripts cannot import the TypeScript constant, so this keeps their copies in step
// (a flag dropped from the list but left in one copy fails here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineExecArgv } from '../../electron/main/engine-process-args';
import { ENGINE_NODE_FLAGS } from '../../shared/engine-node-flags';

const FLAG = /--[\w-]+(?:=[\w.-]+)?/g;
/** Flags written one after another: in a command line, or as quoted items of a list. */
const FLAG_RUN = /--[\w-]+(?:=[\w.-]+)?(?:['",\s]+--[\w-]+(?:=[\w.-]+)?)*/g;

/** The flags of the run that holds the list's first flag, without Node's `--import`. */
function engineFlagsIn(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const run = [...text.matchAll(FLAG_RUN)].find(([match]) => match.includes(ENGINE_NODE_FLAGS[0]));
  return (run?.[0].match(FLAG) ?? []).filter((flag) => flag !== '--import');
}

describe('engine V8 flags', () => {
  it.each([
    ['the bundled CLI shebang', 'scripts/build-cli.mjs'],
    ['npm start without Electron', 'scripts/start.mjs'],
    ['npm run portico', 'package.json'],
  ])('%s passes exactly them', (_what, file) => {
    expect(engineFlagsIn(file)).toEqual([...ENGINE_NODE_FLAGS]);
  });

  it('the desktop app starts its engine process with them', () => {
    expect(readFileSync('electron/main/utility-child.ts', 'utf8')).toMatch(
      /execArgv: engineExecArgv\(ENGINE_NODE_FLAGS\)/,
    );
  });

  it("reach V8 in Electron's utility process: as one --js-flags switch", () => {
    const [jsFlags, ...rest] = engineExecArgv(ENGINE_NODE_FLAGS);
    expect(rest).toEqual([]);
    // Chromium reads a switch's value after the first '='; V8 splits it at spaces.
    expect(jsFlags!.slice(0, jsFlags!.indexOf('=') + 1)).toBe('--js-flags=');
    expect(jsFlags!.slice(jsFlags!.indexOf('=') + 1).split(' ')).toEqual([...ENGINE_NODE_FLAGS]);
  });
});
