/**
 * Where Portico keeps its config, token, certificates and runtime file. The CLI computes
 * the same folder the desktop app gets from Electron's `app.getPath('userData')` for the
 * product name "Portico", without importing Electron, so both share one data dir.
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Portico';

/** Electron's `userData` for Portico on `platform`, computed from the environment. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    // Electron uses %APPDATA% (Roaming); fall back the way Windows itself lays it out.
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, PRODUCT_NAME);
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  }
  // Linux and the other Unixes: XDG base directories, as Electron (Chromium) does. A relative
  // XDG_CONFIG_HOME is invalid per the spec and ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const configHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(configHome, PRODUCT_NAME);
}

/** The data dir to use: `--data-dir`, then `PORTICO_DATA_DIR`, then the desktop app's. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.PORTICO_DATA_DIR) return path.resolve(env.PORTICO_DATA_DIR);
  return defaultDataDir(process.platform, env);
}
