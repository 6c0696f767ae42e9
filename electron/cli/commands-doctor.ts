/**
 * `portico doctor [HOST] [--json]`: runs the doctor in the running engine (its proxy is
 * what is being checked) and prints each check with ✓ / ! / ✗ and the fix. Exit status 1
 * when any check failed, so scripts and CI can use it.
 */
import type { CheckStatus, DoctorCheck, DoctorReport } from '../../shared/doctor';
import type { CliIo } from './cli-errors';
import { requireEngine } from './engine-connection';

const MARK: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

function formatCheck(item: DoctorCheck): string {
  const lines = [`  ${MARK[item.status]} ${item.title}: ${item.message}`];
  if (item.fix && (item.status === 'fail' || item.status === 'warn'))
    for (const [index, line] of item.fix.split('\n').entries())
      lines.push(`      ${index === 0 ? 'fix: ' : '     '}${line}`);
  return lines.join('\n');
}

export function formatDoctorReport(report: DoctorReport): string {
  const parts = ['Portico', ...report.engine.map(formatCheck)];
  for (const domain of report.domains) {
    parts.push('', `${domain.host} → ${domain.target}  (${domain.url})`);
    parts.push(...domain.checks.map(formatCheck));
  }
  if (report.domains.length === 0)
    parts.push('', 'No domains yet. Add one: portico add shop.localhost 5173');
  const all = [...report.engine, ...report.domains.flatMap((d) => d.checks)];
  const count = (status: CheckStatus) => all.filter((c) => c.status === status).length;
  parts.push(
    '',
    `${count('pass')} passed, ${count('warn')} warning(s), ${count('fail')} failed, ${count('skip')} skipped.`,
  );
  return `${parts.join('\n')}\n`;
}

export async function doctorCommand(
  dataDir: string,
  io: CliIo,
  options: { host: string | null; json: boolean },
): Promise<number> {
  const api = await requireEngine(dataDir, 'portico doctor');
  const report = await api.runDoctor(options.host === null ? {} : { host: options.host });
  io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
  return report.status === 'fail' ? 1 : 0;
}
