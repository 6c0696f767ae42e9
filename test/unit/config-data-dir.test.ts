import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { defaultDataDir, resolveDataDir } from '../../electron/engine/config/data-dir';

describe('defaultDataDir (Electron userData for "Portico")', () => {
  it('uses ~/.config/Portico on Linux without XDG_CONFIG_HOME', () => {
    expect(defaultDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.config/Portico');
  });
  it('honours an absolute XDG_CONFIG_HOME and ignores a relative one', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ada')).toBe('/xdg/Portico');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: 'rel' }, '/home/ada')).toBe(
      '/home/ada/.config/Portico',
    );
  });
  it('uses ~/Library/Application Support/Portico on macOS', () => {
    expect(defaultDataDir('darwin', { XDG_CONFIG_HOME: '/xdg' }, '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/Portico',
    );
  });
  it('uses %APPDATA%\\Portico on Windows', () => {
    expect(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada'),
    ).toBe('C:\\Users\\ada\\AppData\\Roaming\\Portico');
    expect(defaultDataDir('win32', {}, 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Portico',
    );
  });
});

describe('resolveDataDir', () => {
  it('prefers --data-dir, then PORTICO_DATA_DIR', () => {
    expect(resolveDataDir('/flag', { PORTICO_DATA_DIR: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, { PORTICO_DATA_DIR: '/env' })).toBe('/env');
    expect(resolveDataDir('rel', {})).toBe(path.resolve('rel'));
  });
  it('falls back to the desktop app folder', () => {
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/xdg' })).toBe(
      defaultDataDir(process.platform, { XDG_CONFIG_HOME: '/xdg' }),
    );
  });
});
