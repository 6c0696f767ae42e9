/**
 * Every test process (and every child it spawns) gets its own HOME, CAROOT and
 * TRUST_STORES=nss: no test can create a CA in the real user's folder or install one in the
 * machine's trust stores, even by mistake. Tests that need their own still set them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = mkdtempSync(join(tmpdir(), 'portico-test-machine-'));
process.env.HOME = join(root, 'home');
process.env.CAROOT = join(root, 'caroot');
process.env.TRUST_STORES = 'nss';
process.env.PORTICO_DATA_DIR = join(root, 'data');
