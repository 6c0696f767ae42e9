/**
 * The `portico` command line entry (`npm run portico -- <command>`): see run.ts.
 */
import type { CliIo } from './cli-errors';
import { main } from './run';

const io: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`portico: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
