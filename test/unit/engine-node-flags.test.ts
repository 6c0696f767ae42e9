// Every way the engine is started passes its V8 flags (shared/engine-node-flags.mjs), and no
// others. The scripts import the list; package.json's `portico` script cannot, so this keeps
// its copy in step (a flag dropped from the list but left there fails here). The bundled
// CLI's shebang and `npm start` are checked end to end: their engines report gc exposed
// (test/integration/cli-bundle.test.ts, test/e2e/electron-start.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineExecArgv } from '../../electron/main/engine-process-args';
import { ENGINE_NODE_FLAGS } from '../../shared/engine-node-flags.mjs';

const FLAG = /--[\w-]+(?:=[\w.-]+)?/g;

describe('engine V8 flags', () => {
  it('npm run portico passes exactly them', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<
      string,
      string
    >;
    const command = scripts.portico!;
    const flags = command.slice(0, command.indexOf(' --import ')).match(FLAG);
    expect(flags).toEqual([...ENGINE_NODE_FLAGS]);
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
