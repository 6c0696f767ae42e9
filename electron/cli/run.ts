/**
 * Runs one CLI command from its arguments and turns every failure into one line on stderr
 * (exit 1; usage errors exit 2). Set PORTICO_DEBUG=1 to see stack traces.
 */
import { resolveDataDir } from '../engine/config/data-dir';
import { parseCli, type CliCommand } from './args';
import { UsageError, type CliIo } from './cli-errors';
import { addCommand, listCommand, removeCommand, setEnabledCommand } from './commands-domains';
import { doctorCommand } from './commands-doctor';
import { requestsCommand, trustCommand } from './commands-engine';
import { usage } from './usage';
import { VERSION } from './version';

export async function runCommand(command: CliCommand, io: CliIo): Promise<number> {
  if (command.kind === 'help') {
    io.out(usage(command.topic as Parameters<typeof usage>[0]));
    return 0;
  }
  if (command.kind === 'version') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const dataDir = resolveDataDir(command.dataDir);
  switch (command.kind) {
    case 'serve': {
      const { serveCommand } = await import('./commands-serve');
      return serveCommand({ ...command, dataDir }, io);
    }
    case 'add':
      return addCommand(dataDir, io, command);
    case 'remove':
      return removeCommand(dataDir, io, command.host);
    case 'enable':
    case 'disable':
      return setEnabledCommand(dataDir, io, command.host, command.kind === 'enable');
    case 'list':
      return listCommand(dataDir, io, command.json);
    case 'trust':
    case 'untrust':
      return trustCommand(dataDir, io, command.kind === 'trust');
    case 'requests':
      return requestsCommand(dataDir, io, command);
    case 'doctor':
      return doctorCommand(dataDir, io, command);
  }
}

/** Runs the CLI on `argv` (without node and the script); returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await runCommand(parseCli(argv), io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`portico: ${message.split('\n')[0]}\n`);
    if (process.env.PORTICO_DEBUG && error instanceof Error && error.stack)
      io.err(`${error.stack}\n`);
    if (error instanceof UsageError) {
      io.err('Run `portico --help` for the commands.\n');
      return 2;
    }
    return 1;
  }
}
