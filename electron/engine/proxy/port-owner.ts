/**
 * Who holds a listening TCP port, so that "port 80 is in use" can say by what ("in use by
 * nginx (pid 812)"). Linux only: the listening socket's inode comes from /proc/net/tcp{,6},
 * then the process whose fd points at `socket:[inode]`. Elsewhere, or without the rights
 * to see other users' fds, the answer is null and the message stays generic.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface PortOwner {
  pid: number;
  /** The program's file name (`/proc/<pid>/exe`), else the process name (`comm`). */
  name: string;
}

const LISTEN = '0A';

/** Inodes of sockets listening on `port` in a /proc/net/tcp-format table. */
export function listeningInodes(table: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    if (fields.length < 10) continue;
    const local = fields[1] as string;
    const state = fields[3] as string;
    const inode = fields[9] as string;
    const hexPort = local.slice(local.lastIndexOf(':') + 1);
    if (state === LISTEN && parseInt(hexPort, 16) === port && inode !== '0') inodes.push(inode);
  }
  return inodes;
}

export async function findPortOwner(port: number): Promise<PortOwner | null> {
  if (process.platform !== 'linux') return null;
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await fs.readFile(table, 'utf8').catch(() => '');
    for (const inode of listeningInodes(text, port)) inodes.add(inode);
  }
  if (inodes.size === 0) return null;
  const targets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  const pids = (await fs.readdir('/proc').catch(() => [] as string[])).filter((d) =>
    /^\d+$/.test(d),
  );
  for (const pid of pids) {
    // Other users' fds are unreadable without privileges: skip them quietly.
    const fds = await fs.readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (!targets.has(link)) continue;
      return { pid: Number(pid), name: await programName(pid) };
    }
  }
  return null;
}

/**
 * The name a user knows the process by: its executable's file name. Not `comm` first: that is
 * the main thread's name, which programs may set (Node 22+ names it "MainThread"). `comm` is
 * the fallback when the executable link cannot be read.
 */
async function programName(pid: string): Promise<string> {
  const exe = await fs.readlink(`/proc/${pid}/exe`).catch(() => '');
  const file = path.basename(exe.replace(/ \(deleted\)$/, ''));
  if (file) return file;
  const comm = (await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
  return comm || 'unknown';
}
