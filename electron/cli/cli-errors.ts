/**
 * The CLI's own errors. A usage error (unknown command or flag, missing argument) exits 2
 * with a pointer to --help; bad input (port out of range) exits 1 with its reason. Errors
 * from the engine (PorticoError) also exit 1 with their message, never a stack trace.
 */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class InputError extends Error {
  readonly code = 'INVALID_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Where a command writes: the terminal in main.ts, strings in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}
