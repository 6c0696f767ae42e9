/**
 * Entry of the engine's Electron utility process (`out/main/engine-process.js`): starts the
 * engine on the app's data dir and serves the contract over `process.parentPort`. Proxy
 * traffic runs here, so a crash or a busy loop never freezes the window; the main process
 * restarts this process if it dies.
 */
import { startEngine } from '../engine/engine';
import { toRpcError } from '../../shared/rpc';
import { serveEngine, type ChildMessage } from './engine-messages';
import { parseEngineProcessArgs } from './engine-process-args';

async function main(): Promise<void> {
  const parentPort = process.parentPort;
  if (!parentPort) {
    console.error('engine-process runs only as an Electron utility process.');
    process.exit(2);
  }
  const post = (message: ChildMessage) => parentPort.postMessage(message);
  const args = parseEngineProcessArgs(process.argv);
  if (!args) {
    post({ type: 'fatal', error: { code: 'INVALID_PARAMS', message: 'No --data-dir given.' } });
    process.exit(2);
  }

  let engine: Awaited<ReturnType<typeof startEngine>>;
  try {
    engine = await startEngine({
      dataDir: args.dataDir,
      // The window talks over IPC; the admin API stays for the CLI, without a dashboard.
      dashboardDir: null,
      log: (line) => console.log(line),
    });
  } catch (error) {
    post({ type: 'fatal', error: toRpcError(error) });
    process.exit(1);
  }

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    try {
      await engine.stop();
    } catch (error) {
      console.error(`The engine did not stop cleanly: ${String(error)}`);
    }
    process.exit(0);
  };

  const server = serveEngine(engine, post, () => void shutdown());
  // parentPort queues messages until this listener exists, so no early call is lost.
  parentPort.on('message', (event) => {
    void server.receive(event.data);
  });
  post({ type: 'ready', adminUrl: engine.adminUrl ?? null });
}

main().catch((error: unknown) => {
  console.error(`The engine process failed: ${String(error)}`);
  process.exit(1);
});
