/**
 * A whole engine (config store, proxy, inspector, admin API) in this process, on free
 * loopback ports, with a quick openssl CA instead of mkcert: for integration tests that
 * drive the engine through its contract handlers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine, type EngineOptions, type RunningEngine } from '../../electron/engine/engine';
import { QuickCa } from './quick-ca';

export interface TestEngine {
  engine: RunningEngine;
  dataDir: string;
  ca: QuickCa;
  httpPort: number;
  httpsPort: number;
  logs: string[];
  close(): Promise<void>;
}

export async function startTestEngine(
  dataDir = mkdtempSync(join(tmpdir(), 'portico-engine-')),
  extra: Partial<EngineOptions> = {},
): Promise<TestEngine> {
  const ca = new QuickCa();
  const logs: string[] = [];
  const engine = await startEngine({
    dataDir,
    httpPort: 0,
    httpsPort: 0,
    adminPort: 0,
    certificateProvider: ca,
    log: (line) => logs.push(line),
    ...extra,
  });
  const status = engine.status();
  return {
    engine,
    dataDir,
    ca,
    httpPort: status.http.port as number,
    httpsPort: status.https.port as number,
    logs,
    async close() {
      await engine.stop();
      ca.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
