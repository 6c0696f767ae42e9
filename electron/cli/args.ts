/**
 * Parses the command line into one typed command (node:util parseArgs), exactly as
 * product.md's "Headless CLI contract" lists them; every command takes --data-dir.
 */
import { parseArgs } from 'node:util';
import { InputError, UsageError } from './cli-errors';

interface Common {
  /** `--data-dir DIR`; undefined → PORTICO_DATA_DIR or the desktop app's folder. */
  dataDir: string | undefined;
}

export type CliCommand =
  | { kind: 'help'; topic: string | null }
  | { kind: 'version' }
  | (Common & {
      kind: 'serve';
      httpPort: number | undefined;
      httpsPort: number | undefined;
      adminPort: number | undefined;
    })
  | (Common & { kind: 'add'; host: string; target: string; tls: boolean })
  | (Common & { kind: 'remove' | 'enable' | 'disable'; host: string })
  | (Common & { kind: 'list'; json: boolean })
  | (Common & { kind: 'trust' | 'untrust' })
  | (Common & { kind: 'requests'; json: boolean; limit: number | undefined })
  | (Common & { kind: 'doctor'; host: string | null; json: boolean });

export type CommandName = Exclude<CliCommand['kind'], 'help' | 'version'>;

/** Per command: its positional arguments and the flags it accepts (besides --data-dir). */
export const COMMANDS: Record<CommandName, { positionals: string[]; flags: string[] }> = {
  serve: { positionals: [], flags: ['http-port', 'https-port', 'admin-port'] },
  add: { positionals: ['HOST', 'TARGET'], flags: ['no-tls'] },
  remove: { positionals: ['HOST'], flags: [] },
  enable: { positionals: ['HOST'], flags: [] },
  disable: { positionals: ['HOST'], flags: [] },
  list: { positionals: [], flags: ['json'] },
  trust: { positionals: [], flags: [] },
  untrust: { positionals: [], flags: [] },
  requests: { positionals: [], flags: ['json', 'limit'] },
  doctor: { positionals: [], flags: ['json'] }, // and an optional HOST
};

const OPTIONS = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  'http-port': { type: 'string' },
  'https-port': { type: 'string' },
  'admin-port': { type: 'string' },
  'no-tls': { type: 'boolean' },
  json: { type: 'boolean' },
  limit: { type: 'string' },
} as const;

function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

export function parseCli(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' messages are already one line ("Unknown option '--x'…").
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.version && name === undefined) return { kind: 'version' };
  if (values.help || name === undefined || name === 'help') {
    const topic = name === 'help' ? (rest[0] ?? null) : (name ?? null);
    if (topic !== null && !isCommandName(topic)) throw new UsageError(`Unknown command: ${topic}`);
    return { kind: 'help', topic };
  }
  if (!isCommandName(name)) throw new UsageError(`Unknown command: ${name}`);

  const spec = COMMANDS[name];
  for (const flag of [
    'http-port',
    'https-port',
    'admin-port',
    'no-tls',
    'json',
    'limit',
    'version',
  ] as const) {
    if (values[flag] !== undefined && !spec.flags.includes(flag)) {
      throw new UsageError(`${name} does not take --${flag}`);
    }
  }
  if (rest.length < spec.positionals.length) {
    const missing = spec.positionals.slice(rest.length).join(' ');
    throw new UsageError(`${name} needs ${missing}: portico ${name} ${spec.positionals.join(' ')}`);
  }
  if (rest.length > spec.positionals.length && !(name === 'doctor' && rest.length === 1)) {
    throw new UsageError(
      `${name} takes ${spec.positionals.length || 'no'} argument(s); got: ${rest.join(' ')}`,
    );
  }
  const dataDir = values['data-dir'];
  if (dataDir === '') throw new UsageError('--data-dir needs a folder');

  switch (name) {
    case 'serve':
      return {
        kind: 'serve',
        dataDir,
        httpPort: portFlag('http-port', values['http-port']),
        httpsPort: portFlag('https-port', values['https-port']),
        adminPort: portFlag('admin-port', values['admin-port']),
      };
    case 'add':
      return { kind: 'add', dataDir, host: rest[0]!, target: rest[1]!, tls: !values['no-tls'] };
    case 'remove':
    case 'enable':
    case 'disable':
      return { kind: name, dataDir, host: rest[0]! };
    case 'list':
      return { kind: 'list', dataDir, json: values.json ?? false };
    case 'trust':
    case 'untrust':
      return { kind: name, dataDir };
    case 'requests':
      return {
        kind: 'requests',
        dataDir,
        json: values.json ?? false,
        limit: limitFlag(values.limit),
      };
    case 'doctor':
      return { kind: 'doctor', dataDir, host: rest[0] ?? null, json: values.json ?? false };
  }
}

/** A port flag: 0 (any free port) to 65535. */
export function portFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new InputError(`--${flag} must be a port number, not "${text}".`);
  const port = Number(text);
  if (port > 65535) throw new InputError(`--${flag} ${text} is out of range: use 0 to 65535.`);
  return port;
}

export function limitFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > 100_000) {
    throw new InputError(`--limit must be a number from 1 to 100000, not "${text}".`);
  }
  return limit;
}
