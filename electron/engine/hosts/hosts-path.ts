/**
 * Where the system hosts file is, and which line ending a new block uses there: CRLF on
 * Windows (`%SystemRoot%\System32\drivers\etc\hosts`), LF elsewhere (`/etc/hosts`).
 */
import path from 'node:path';
import type { Eol } from './hosts-block';

export function systemHostsPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'win32') {
    const root = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
    return path.win32.join(root, 'System32', 'drivers', 'etc', 'hosts');
  }
  return '/etc/hosts';
}

export function defaultEol(platform: NodeJS.Platform = process.platform): Eol {
  return platform === 'win32' ? '\r\n' : '\n';
}
