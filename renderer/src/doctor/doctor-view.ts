/**
 * Pure helpers of the Doctor panel (unit-tested): how a check status is shown (a word and an
 * icon, never colour alone), the report's summary line, and a fix split into prose and
 * commands so commands can be shown in monospace with a copy button.
 */
import type { CheckStatus, DoctorReport, HostsStatus } from '../../../shared/doctor';

export interface StatusView {
  /** The word shown next to the icon, and read by screen readers. */
  label: string;
  tone: 'ok' | 'warn' | 'bad' | 'muted';
  icon: 'pass' | 'warning' | 'fail' | 'skip';
}

export const STATUS_VIEW: Record<CheckStatus, StatusView> = {
  pass: { label: 'Pass', tone: 'ok', icon: 'pass' },
  warn: { label: 'Warning', tone: 'warn', icon: 'warning' },
  fail: { label: 'Fail', tone: 'bad', icon: 'fail' },
  skip: { label: 'Skipped', tone: 'muted', icon: 'skip' },
};

export type StatusCounts = Record<CheckStatus, number>;

/** How many checks of the report (engine and domains) ended in each status. */
export function countStatuses(report: DoctorReport): StatusCounts {
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, skip: 0 };
  const checks = [...report.engine, ...report.domains.flatMap((domain) => domain.checks)];
  for (const check of checks) counts[check.status] += 1;
  return counts;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "16 passed · 10 warnings · 2 failed · 9 skipped", leaving out zeros. */
export function countsLine(counts: StatusCounts): string {
  const words: Record<CheckStatus, [string, string]> = {
    pass: ['passed', 'passed'],
    warn: ['warning', 'warnings'],
    fail: ['failed', 'failed'],
    skip: ['skipped', 'skipped'],
  };
  return (['pass', 'warn', 'fail', 'skip'] as const)
    .filter((status) => counts[status] > 0)
    .map((status) => plural(counts[status], ...words[status]))
    .join(' · ');
}

/** One line for the top of the report: what is wrong where, or that all is well. */
export function summarize(report: DoctorReport): string {
  const counts = countStatuses(report);
  const domains = report.domains.length;
  if (domains === 0 && report.engine.length === 0) return 'Nothing to check yet.';
  const broken = report.domains.filter((domain) => domain.status === 'fail').length;
  const warned = report.domains.filter((domain) => domain.status === 'warn').length;
  const scope = plural(domains, 'domain', 'domains');
  if (counts.fail === 0 && counts.warn === 0) return `All checks pass (${scope}).`;
  const parts: string[] = [];
  if (counts.fail > 0) parts.push(plural(counts.fail, 'check fails', 'checks fail'));
  if (counts.warn > 0) parts.push(plural(counts.warn, 'warning', 'warnings'));
  const where =
    domains === 0
      ? ''
      : ` — ${broken} of ${scope} broken${warned > 0 ? `, ${warned} with warnings` : ''}`;
  return `${parts.join(', ')}${where}.`;
}

export interface FixPart {
  kind: 'text' | 'command';
  text: string;
}

// `quoted commands`, and `export NAME=value` lines (the NODE_EXTRA_CA_CERTS line).
const COMMAND = /`([^`\n]+)`|(export [A-Z_][A-Z0-9_]*=[^\n]*)/g;

/** Splits a fix into prose and commands (text in backquotes, or an `export X=…` line). */
export function splitFix(fix: string): FixPart[] {
  const parts: FixPart[] = [];
  let last = 0;
  for (const match of fix.matchAll(COMMAND)) {
    const index = match.index;
    if (index > last) parts.push({ kind: 'text', text: fix.slice(last, index) });
    const command = (match[1] ?? match[2] ?? '').trim();
    parts.push({ kind: 'command', text: command });
    last = index + match[0].length;
  }
  if (last < fix.length) parts.push({ kind: 'text', text: fix.slice(last) });
  return parts;
}

/** Whether the hosts-file card is worth showing: some domain needs an entry, or it failed. */
export function hostsNeedAttention(hosts: HostsStatus | null): hosts is HostsStatus {
  return hosts !== null && (hosts.wanted.length > 0 || hosts.problem !== null);
}

/** The names the domains need but Portico's block does not hold yet. */
export function missingHostNames(hosts: HostsStatus): string[] {
  const managed = new Set(hosts.managed);
  return hosts.wanted.filter((name) => !managed.has(name));
}
