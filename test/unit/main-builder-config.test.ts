import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { mainWindowOptions } from '../../electron/main/window-options';

const root = resolve(import.meta.dirname, '../..');
const config = parse(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;
const schema = JSON.parse(
  readFileSync(resolve(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
) as {
  properties: Record<string, unknown>;
  definitions: Record<string, { properties: Record<string, unknown> }>;
};

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const data = readFileSync(resolve(root, path));
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('turns the hardening fuses on (no run-as-node, NODE_OPTIONS, inspect; asar only, checked)', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });

  it("uses only keys electron-builder 26's schema knows (a typo would silently do nothing)", () => {
    expect(Object.keys(config).filter((key) => !(key in schema.properties))).toEqual([]);
    const sections: [string, string][] = [
      ['electronFuses', 'FuseOptionsV1'],
      ['mac', 'MacConfiguration'],
      ['win', 'WindowsConfiguration'],
      ['linux', 'LinuxConfiguration'],
      ['nsis', 'NsisOptions'],
      ['dmg', 'DmgOptions'],
      ['deb', 'DebOptions'],
    ];
    for (const [section, definition] of sections) {
      const known = schema.definitions[definition]!.properties;
      const keys = Object.keys(config[section] as object);
      expect(
        keys.filter((key) => !(key in known)),
        section,
      ).toEqual([]);
    }
  });

  it('names the app and builds dmg, nsis, AppImage and deb', () => {
    expect(config.appId).toBe('dev.portico.app');
    expect(config.productName).toBe('Portico');
    expect(config.files).toContain('out/**');
    expect(config.mac).toMatchObject({
      category: 'public.app-category.developer-tools',
      target: ['dmg'],
    });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
  });

  it('has the icons it refers to, at the right sizes', () => {
    expect(pngSize('resources/icon.png')).toEqual([1024, 1024]);
    for (const size of [16, 32, 256, 512]) {
      expect(pngSize(`resources/icons/${size}x${size}.png`)).toEqual([size, size]);
    }
    expect(pngSize('resources/trayTemplate.png')).toEqual([16, 16]);
    expect(pngSize('resources/trayTemplate@2x.png')).toEqual([32, 32]);
    expect(pngSize('resources/tray.png')).toEqual([32, 32]);
    expect(existsSync(resolve(root, 'resources/icon.svg'))).toBe(true);
  });

  it('packages a window whose renderer is sandboxed and isolated', () => {
    const prefs = mainWindowOptions('preload.cjs').webPreferences!;
    expect([prefs.sandbox, prefs.contextIsolation, prefs.nodeIntegration]).toEqual([
      true,
      true,
      false,
    ]);
    expect(prefs.webSecurity).not.toBe(false);
  });
});
