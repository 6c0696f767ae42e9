/**
 * Starts the engine's utility process and adapts Electron's `UtilityProcess` to the
 * `EngineChild` interface of `engine-host.ts` (which stays free of Electron for its tests).
 */
import { utilityProcess } from 'electron';
import type { EngineChild } from './engine-host';
import { ENGINE_NODE_FLAGS } from '../../shared/engine-node-flags.mjs';
import { engineExecArgv, engineProcessArgs } from './engine-process-args';

export function forkEngineProcess(modulePath: string, dataDir: string): EngineChild {
  const child = utilityProcess.fork(modulePath, engineProcessArgs({ dataDir }), {
    serviceName: 'Portico engine',
    stdio: 'inherit',
    execArgv: engineExecArgv(ENGINE_NODE_FLAGS),
  });
  child.on('error', (type, location) => {
    console.error(`The engine process crashed (${type}) at ${location}.`);
  });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', listener),
    kill: () => {
      child.kill();
    },
  };
}
