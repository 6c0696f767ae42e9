// The engine's tests also run on the Node that Electron embeds (scripts/electron-node.mjs):
// that Node must be the major Electron ships, or the tier tests the wrong runtime.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe("Electron's Node for the engine tests", () => {
  it('is the Node major the installed Electron embeds', () => {
    const script = readFileSync('scripts/electron-node.mjs', 'utf8');
    const pinned = /ELECTRON_NODE_VERSION = '(\d+)\.\d+\.\d+'/.exec(script)?.[1];
    // Electron's package depends on the @types/node of the Node it embeds.
    const electron = require('electron/package.json') as { dependencies: Record<string, string> };
    const typesMajor = /\d+/.exec(electron.dependencies['@types/node'] ?? '')?.[0];
    expect(pinned).toBeDefined();
    expect(pinned).toBe(typesMajor);
  });
});
