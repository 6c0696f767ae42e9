// The real mkcert CA and the certificates Portico issues with it: private keys are readable
// by their owner only (0600/0400) and never appear in the provider's log.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MkcertProvider, type CertLogEntry } from '../../electron/engine/certs/mkcert-provider';
import { tempCa, type TempCa } from '../helpers/ca-temp';

let ca: TempCa;
const log: CertLogEntry[] = [];

beforeAll(async () => {
  ca = await tempCa();
  const provider = new MkcertProvider({
    dataDir: ca.dataDir,
    caroot: ca.caroot,
    mkcert: ca.mkcert,
    log: (entry) => log.push(entry),
  });
  await provider.certificateFor('shop.localhost');
  await provider.certificateFor('*.api.localhost');
});

afterAll(async () => {
  await ca?.cleanup();
});

it('keeps every private key unreadable by group and others', async () => {
  const caKey = await stat(join(ca.caroot, 'rootCA-key.pem'));
  expect(caKey.mode & 0o077).toBe(0);
  const certDir = join(ca.dataDir, 'certs');
  const keys = (await readdir(certDir)).filter((f) => f.endsWith('.key.pem'));
  expect(keys.length).toBe(2);
  for (const key of keys) expect((await stat(join(certDir, key))).mode & 0o777, key).toBe(0o600);
  // Nobody else may drop a key or certificate in the folder either.
  expect((await stat(certDir)).mode & 0o022).toBe(0);
});

it('never writes a private key to the log', async () => {
  const caKey = await readFile(join(ca.caroot, 'rootCA-key.pem'), 'utf8');
  const text = JSON.stringify(log);
  expect(log.length).toBeGreaterThan(0);
  expect(text).not.toContain('PRIVATE KEY');
  expect(text).not.toContain(caKey.split('\n')[1]);
});
