/** What `portico serve` prints once it listens: where everything is, and what went wrong. */
import type { EngineStatus } from '../../shared/contract';

export interface ServeBanner {
  status: EngineStatus;
  adminUrl: string;
  dashboardUrl: string;
  token: string;
}

/** The dashboard URL with the token in the fragment (never sent to any server). */
export function dashboardLink(dashboardUrl: string, token: string): string {
  if (dashboardUrl.includes('#token=')) return dashboardUrl;
  return `${dashboardUrl.replace(/#.*$/, '')}#token=${token}`;
}

function listenerLine(label: string, scheme: string, state: EngineStatus['http']): string {
  const where = state.port === null ? 'not listening' : `${scheme}://localhost:${state.port}`;
  return `  ${label.padEnd(10)} ${where}${state.problem ? `  (${state.problem})` : ''}`;
}

export function formatServeBanner({ status, adminUrl, dashboardUrl, token }: ServeBanner): string {
  const lines = [
    `Portico ${status.version} is running (pid ${status.pid}, data ${status.dataDir})`,
    listenerLine('HTTP', 'http', status.http),
    listenerLine('HTTPS', 'https', status.https),
    `  ${'Admin API'.padEnd(10)} ${adminUrl}`,
    `  ${'Dashboard'.padEnd(10)} ${dashboardLink(dashboardUrl, token)}`,
  ];
  if (status.configProblem) lines.push(`Config problem: ${status.configProblem}`);
  if (!status.certificatesAvailable) {
    lines.push(`HTTPS is unavailable: ${status.certificatesProblem ?? 'no mkcert found'}`);
  }
  lines.push('Press Ctrl+C to stop.');
  return `${lines.join('\n')}\n`;
}
