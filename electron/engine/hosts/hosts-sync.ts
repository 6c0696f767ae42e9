/**
 * Keeps the hosts-file block equal to the configured domains that need an entry (every
 * name not under .localhost, on or off: a disabled domain should still reach Portico and
 * get its 503). Runs one write at a time and coalesces bursts of changes into one write
 * (one elevation prompt). A failure never throws into the engine: it is kept as the
 * status's `problem` (with the manual fix) and logged.
 */
import { checkHost } from '../../../shared/host-name';
import type { HostsStatus } from '../../../shared/doctor';
import type { HostsManager } from './hosts-manager';

export interface HostsSyncOptions {
  manager: HostsManager | null;
  log(line: string): void;
  /** Called after each attempt (e.g. to publish the engine status). */
  onChange?(status: HostsStatus): void;
}

/** The names among `hosts` that need a hosts-file entry, normalised, in order. */
export function namesNeedingEntries(hosts: readonly string[]): string[] {
  const names: string[] = [];
  for (const host of hosts) {
    const check = checkHost(host);
    if (check.ok && check.needsHostsEntry && !check.wildcard && !names.includes(check.host))
      names.push(check.host);
  }
  return names;
}

export class HostsSync {
  private wanted: string[] = [];
  private managed: string[] = [];
  private problem: string | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly options: HostsSyncOptions) {}

  status(): HostsStatus {
    return {
      file: this.options.manager?.file ?? null,
      wanted: [...this.wanted],
      managed: [...this.managed],
      pending: this.running !== null,
      problem: this.problem,
    };
  }

  /** Asks for the block to hold the entries these domain hosts need; resolves when settled. */
  update(hosts: readonly string[]): Promise<void> {
    this.wanted = namesNeedingEntries(hosts);
    if (!this.options.manager) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    const manager = this.options.manager!;
    do {
      this.again = false;
      const wanted = [...this.wanted];
      try {
        await manager.apply(wanted);
        this.managed = wanted;
        if (this.problem) this.options.log(`hosts: ${manager.file} is up to date again.`);
        this.problem = null;
      } catch (error) {
        this.problem = error instanceof Error ? error.message : String(error);
        this.options.log(`hosts: ${this.problem}`);
        this.managed = await manager.read().catch(() => this.managed);
      }
      this.options.onChange?.(this.status());
    } while (this.again);
  }
}
