/**
 * A stand-in for an engine process in lock tests: takes the engine lock of the data dir
 * given as argv[2], says "locked" on stdout, and waits until it is killed.
 */
import { acquireEngineLock } from '../../electron/engine/config/engine-lock';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: cli-lock-holder DATA_DIR');
await acquireEngineLock(dataDir);
process.stdout.write('locked\n');
setInterval(() => undefined, 60_000);
