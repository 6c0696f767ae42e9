/** Formatting for the inspector and the domain list: durations, times, sizes, status. */
import { statusClassOf } from './exchange-list';

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `14:03:07.123` in local time: what a developer compares with their server's log. */
export function formatClock(iso: string, withMs = true): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return withMs ? `${clock}.${pad(date.getMilliseconds(), 3)}` : clock;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The label of a status cell: the code, the error code for a failure, or "pending". */
export function statusLabel(status: number | null, error: string | null): string {
  if (status !== null) return String(status);
  return error ?? 'pending';
}

/** The list's short status cell: the code, `ERR` for a failure (the code is in the title). */
export function shortStatus(status: number | null, error: string | null): string {
  if (status !== null) return String(status);
  return error ? 'ERR' : '…';
}

/** CSS class suffix for colouring by status class: `s2`, `s4`, `s5`, `err`, `pending`. */
export function statusTone(status: number | null, error: string | null): string {
  if (status === null) return error ? 'err' : 'pending';
  return `s${statusClassOf(status)}`;
}

/** A short relative date for a certificate's expiry: "in 2 years", "in 12 days", "expired". */
export function formatExpiry(iso: string | null, now = Date.now()): string {
  if (!iso) return '—';
  const ms = new Date(iso).getTime() - now;
  if (Number.isNaN(ms)) return iso;
  if (ms <= 0) return 'expired';
  const days = Math.floor(ms / 86_400_000);
  if (days >= 730) return `in ${Math.floor(days / 365)} years`;
  if (days >= 60) return `in ${Math.floor(days / 30)} months`;
  if (days >= 1) return `in ${days} day${days === 1 ? '' : 's'}`;
  return 'in less than a day';
}
