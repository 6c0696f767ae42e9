/**
 * The doctor's report (`runDoctor`, `portico doctor`, the Doctor panel) and the hosts-file
 * status (`hostsStatus`): shapes and runtime schemas shared by the engine, CLI and UI.
 * Every check is self-explanatory: what was checked, how it went, what was seen, the fix.
 */
import { z } from 'zod';

/** `pass`: fine; `warn`: works but something is off; `fail`: broken; `skip`: not applicable. */
export const CheckStatusSchema = z.enum(['pass', 'warn', 'fail', 'skip']);
export type CheckStatus = z.output<typeof CheckStatusSchema>;

export const CHECK_IDS = [
  'ports',
  'resolve',
  'listener',
  'backend',
  'certificate',
  'websocket',
  'redirect',
  'client-address',
] as const;
export const CheckIdSchema = z.enum(CHECK_IDS);
export type CheckId = z.output<typeof CheckIdSchema>;

export const DoctorCheckSchema = z.object({
  /** Stable id, for code and tests. */
  id: CheckIdSchema,
  /** What was checked, for people: "The name resolves to this machine". */
  title: z.string(),
  status: CheckStatusSchema,
  /** What was found, in one or two sentences. */
  message: z.string(),
  /** What to do about it (the exact setting or command), or null when nothing. */
  fix: z.string().nullable(),
});
export type DoctorCheck = z.output<typeof DoctorCheckSchema>;

export const DomainDiagnosisSchema = z.object({
  host: z.string(),
  /** The URL the checks used, with the real port. */
  url: z.string(),
  target: z.string(),
  /** The worst status among the checks (skip counts as pass). */
  status: CheckStatusSchema,
  checks: z.array(DoctorCheckSchema),
});
export type DomainDiagnosis = z.output<typeof DomainDiagnosisSchema>;

export const DoctorReportSchema = z.object({
  /** ISO time the doctor ran. */
  ranAt: z.string(),
  /** The worst status of the whole report. */
  status: CheckStatusSchema,
  /** Checks of the engine itself (its ports). */
  engine: z.array(DoctorCheckSchema),
  domains: z.array(DomainDiagnosisSchema),
});
export type DoctorReport = z.output<typeof DoctorReportSchema>;

export const HostsStatusSchema = z.object({
  /** The hosts file Portico manages, or null when it manages none (PORTICO_HOSTS_FILE=off). */
  file: z.string().nullable(),
  /** The names the configured domains need in it (every name not under .localhost). */
  wanted: z.array(z.string()),
  /** The names Portico's block held after the last attempt. */
  managed: z.array(z.string()),
  /** Whether a write (maybe waiting for an administrator prompt) is under way. */
  pending: z.boolean(),
  /** Why the last write failed, with the manual fix; null when it is up to date. */
  problem: z.string().nullable(),
});
export type HostsStatus = z.output<typeof HostsStatusSchema>;

const ORDER: Record<CheckStatus, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };

/** The worst of the statuses; `pass` for none (and skips alone). */
export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  let worst: CheckStatus = 'pass';
  for (const status of statuses) if (ORDER[status] > ORDER[worst]) worst = status;
  return worst;
}
