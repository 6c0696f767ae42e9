/** The --help texts: the whole CLI, and one per command. */
import type { CommandName } from './args';

const SUMMARY: Record<CommandName, { usage: string; does: string }> = {
  serve: {
    usage: 'serve [--http-port N] [--https-port N] [--admin-port N]',
    does: 'Run the proxy and the admin API in the foreground (Ctrl+C stops it).',
  },
  add: {
    usage: 'add HOST TARGET [--no-tls]',
    does: 'Add a domain; TARGET is a port (5173) or a URL (http://127.0.0.1:8000).',
  },
  remove: { usage: 'remove HOST', does: 'Remove a domain.' },
  enable: { usage: 'enable HOST', does: 'Turn a domain on.' },
  disable: { usage: 'disable HOST', does: 'Turn a domain off (it answers 503).' },
  list: { usage: 'list [--json]', does: 'The domains with state, target and certificate.' },
  trust: { usage: 'trust', does: 'Install the local CA in the trust stores.' },
  untrust: { usage: 'untrust', does: 'Remove the local CA from the trust stores.' },
  requests: {
    usage: 'requests [--json] [--limit N]',
    does: 'Recent requests seen by the running engine, newest first.',
  },
  doctor: {
    usage: 'doctor [HOST] [--json]',
    does: 'Check every domain (or HOST) end to end and say how to fix what fails.',
  },
};

const COMMON = `Every command takes --data-dir DIR (default: $PORTICO_DATA_DIR, else the desktop app's
data folder). Changes apply to a running engine within a second.`;

export function usage(topic: CommandName | null): string {
  if (topic) {
    const { usage: line, does } = SUMMARY[topic];
    return `Usage: portico ${line} [--data-dir DIR]\n\n${does}\n`;
  }
  const width = Math.max(...Object.values(SUMMARY).map((entry) => entry.usage.length));
  const lines = Object.values(SUMMARY).map(
    (entry) => `  ${entry.usage.padEnd(width)}  ${entry.does}`,
  );
  return `Portico: real names and trusted HTTPS for local dev servers.

Usage: portico <command> [options]

${lines.join('\n')}

${COMMON}
Also: portico --help, portico <command> --help, portico --version.
`;
}
