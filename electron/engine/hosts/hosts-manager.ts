/**
 * The interface the engine uses to keep its hosts-file block in step with the domains, and
 * its two implementations: the system hosts file through the elevated helper (the app), and
 * a plain file this user may write (tests, or PORTICO_HOSTS_FILE=/path/to/hosts).
 */
import { HostsError, readHostsBlock, writeHostsBlock } from './hosts-file';
import {
  currentElevationContext,
  elevatedInvocation,
  helperCommand,
  interpretOutcome,
  spawnInvocation,
  type Command,
  type ElevationContext,
} from './hosts-elevation';
import { systemHostsPath } from './hosts-path';

export interface HostsManager {
  /** The hosts file managed. */
  readonly file: string;
  /** The names in Portico's block now. */
  read(): Promise<string[]>;
  /** Makes the block hold exactly `hosts` (no prompt when it already does). */
  apply(hosts: readonly string[]): Promise<void>;
}

/** Writes `file` directly, with this process's rights. */
export function fileHostsManager(file: string): HostsManager {
  return {
    file,
    read: () => readHostsBlock(file),
    apply: async (hosts) => {
      await writeHostsBlock(file, hosts);
    },
  };
}

/** What a user can do by hand when Portico cannot write the file. */
export function manualHostsFix(file: string, hosts: readonly string[]): string {
  if (hosts.length === 0) return `Remove Portico's block from ${file} by hand if you like.`;
  return `Or add this line to ${file} yourself: 127.0.0.1 ${hosts.join(' ')}`;
}

export interface ElevatedOptions {
  file?: string;
  helper?: Command;
  context?: ElevationContext;
}

/** The system hosts file, written by the helper with administrator rights. */
export function elevatedHostsManager(options: ElevatedOptions = {}): HostsManager {
  const file = options.file ?? systemHostsPath();
  return {
    file,
    read: () => readHostsBlock(file),
    apply: async (hosts) => {
      const wanted = [...new Set(hosts.map((h) => h.toLowerCase()))];
      const current = await readHostsBlock(file);
      if (current.join(' ') === wanted.join(' ')) return;
      const helper = options.helper ?? helperCommand();
      if (options.file) helper.args.push('--hosts-file', options.file);
      const invocation = elevatedInvocation(
        helper,
        wanted,
        options.context ?? currentElevationContext(),
      );
      interpretOutcome(await spawnInvocation(invocation), invocation, manualHostsFix(file, wanted));
      const after = await readHostsBlock(file);
      if (after.join(' ') !== wanted.join(' '))
        throw new HostsError(
          'HOSTS_VERIFY_FAILED',
          `${file} does not hold the names Portico asked for. ${manualHostsFix(file, wanted)}`,
        );
    },
  };
}

/**
 * From the environment: PORTICO_HOSTS_FILE=off manages nothing; PORTICO_HOSTS_FILE=/x/hosts
 * writes that file directly (tests, containers); unset: the system file, elevated.
 */
export function hostsManagerFromEnv(env: NodeJS.ProcessEnv = process.env): HostsManager | null {
  const setting = env.PORTICO_HOSTS_FILE;
  if (setting === 'off') return null;
  if (setting) return fileHostsManager(setting);
  return elevatedHostsManager();
}
