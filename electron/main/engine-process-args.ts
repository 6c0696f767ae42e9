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
