/**
 * `portico serve`: the engine in the foreground. Prints where it listens and the dashboard
 * link (token in the fragment), and stops gracefully on SIGINT/SIGTERM; a second signal
 * while stopping exits at once.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateToken } from '../engine/config/token';
import type { CliIo } from './cli-errors';
import { formatServeBanner } from './format-serve';

export interface ServeOptions {
  dataDir: string;
  httpPort: number | undefined;
  httpsPort: number | undefined;
  adminPort: number | undefined;
}

/** The renderer build next to this checkout (electron-vite writes it to out/renderer). */
export function defaultDashboardDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer');
}

/** Resolves when the engine has stopped after a signal; the exit code to use. */
export async function serveCommand(options: ServeOptions, io: CliIo): Promise<number> {
  // Loaded here, not at the top: the other commands should not pay for the proxy stack.
  const { startEngine } = await import('../engine/engine');
  const engine = await startEngine({
    dataDir: options.dataDir,
    httpPort: options.httpPort,
    httpsPort: options.httpsPort,
    adminPort: options.adminPort,
    dashboardDir: defaultDashboardDir(),
    log: (line: string) => io.err(`${line}\n`),
  });
  const token = await loadOrCreateToken(options.dataDir);
  io.out(
    formatServeBanner({
      status: engine.status(),
      adminUrl: engine.adminUrl,
      dashboardUrl: engine.dashboardUrl,
      token,
    }),
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        io.err(`portico: ${signal} again, exiting now\n`);
        process.exit(130);
      }
      stopping = true;
      io.err(`portico: ${signal}, stopping…\n`);
      engine.stop().then(
        () => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolve(0);
        },
        (error: unknown) => {
          io.err(
            `portico: stopping failed: ${error instanceof Error ? error.message : String(error)}\n`,
          );
          resolve(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
