/**
 * The command line of the engine's utility process: the main process passes the data
 * directory (Electron's `userData`, which the utility process cannot ask Electron for).
 */
export interface EngineProcessArgs {
  dataDir: string;
}

export function engineProcessArgs(args: EngineProcessArgs): string[] {
  return [`--data-dir=${args.dataDir}`];
}

export function parseEngineProcessArgs(argv: readonly string[]): EngineProcessArgs | null {
  for (const arg of argv) {
    if (arg.startsWith('--data-dir=')) {
      const dataDir = arg.slice('--data-dir='.length);
      return dataDir === '' ? null : { dataDir };
    }
  }
  return null;
}

/**
 * The utility process's `execArgv`: the engine's V8 flags, as the one `--js-flags` switch.
 * Electron hands a utility process's V8 only that switch, before it creates the isolate
 * (shell/browser/javascript_environment.cc). Flags given bare in `execArgv` reach only
 * `process.execArgv`: Node there takes its debugging options alone (shell/common/
 * node_bindings.cc), so V8 never sees them. Nor does a utility process inherit the main
 * process's own `--js-flags`.
 */
export function engineExecArgv(v8Flags: readonly string[]): string[] {
  return [`--js-flags=${v8Flags.join(' ')}`];
}
