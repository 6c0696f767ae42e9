// First run on a machine without mkcert: the engine fetches it (mkcert-cli's download from
// GitHub; here a stand-in that copies the real binary, as tests have no network), shows the
// download as under way, and starts HTTPS by itself once it has mkcert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineStatus, EventMessage } from '../../shared/contract';
import { mkcertCliKeptPath } from '../../electron/engine/certs/mkcert-download';
import { startEngine, type RunningEngine } from '../../electron/engine/engine';

const dir = mkdtempSync(path.join(tmpdir(), 'portico-first-run-'));
const saved = {
  HOME: process.env.HOME,
  PATH: process.env.PATH,
  mkcert: process.env.PORTICO_MKCERT,
};
const logs: string[] = [];
const statuses: EngineStatus[] = [];
let downloads = 0;
let engine: RunningEngine | undefined;
let whileDownloading: EngineStatus;

beforeAll(async () => {
  // No mkcert anywhere: not on PATH, not set, not kept by mkcert-cli in this home.
  process.env.HOME = path.join(dir, 'home');
  process.env.PATH = path.join(dir, 'empty-bin');
  delete process.env.PORTICO_MKCERT;
  engine = await startEngine({
    dataDir: path.join(dir, 'data'),
    httpPort: 0,
    httpsPort: 0,
    adminPort: 0,
    log: (line) => logs.push(line),
    certificatesWaitMs: 100, // the download below takes longer: start-up goes on without it
    downloadMkcert: async ({ homeDir }) => {
      downloads++;
      const kept = mkcertCliKeptPath(homeDir);
      await mkdir(path.dirname(kept), { recursive: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await copyFile('/usr/bin/mkcert', kept);
    },
  });
  whileDownloading = engine.status();
  engine.subscribe((message: EventMessage) => {
    if (message.event === 'status') statuses.push(message.payload as EngineStatus);
  });
});

afterAll(async () => {
  await engine?.stop();
  for (const [name, value] of [
    ['HOME', saved.HOME],
    ['PATH', saved.PATH],
    ['PORTICO_MKCERT', saved.mkcert],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('first run without mkcert', () => {
  it('says mkcert is being downloaded while HTTP already serves', () => {
    expect(whileDownloading.certificatesBusy).toBe(true);
    expect(whileDownloading.certificatesProblem).toBe('downloading mkcert…');
    expect(whileDownloading.http.port).not.toBeNull();
    expect(whileDownloading.https.port).toBeNull();
  });

  it('starts HTTPS by itself once the download is done, and tells the UI', async () => {
    for (let i = 0; i < 100 && engine?.status().https.port === null; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const status = engine?.status();
    expect(status?.https.port).not.toBeNull();
    expect(status?.certificatesAvailable).toBe(true);
    expect(status?.certificatesProblem).toBeNull();
    expect(statuses.some((s) => s.https.port !== null)).toBe(true);
    expect(downloads).toBe(1);
    expect(logs).toContain('downloading mkcert…');
    expect(logs.filter((line) => line.startsWith('HTTPS is off'))).toEqual([]);
  });
});
