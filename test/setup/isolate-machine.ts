/**
 * Every test process (and every child it spawns) gets its own HOME, CAROOT, TRUST_STORES=nss
 * and hosts file: no test can create a CA in the real user's folder, install one in the
 * machine's trust stores or edit /etc/hosts, even by mistake (CI runs as root). Tests that
 * need their own still set them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = mkdtempSync(join(tmpdir(), 'portico-test-machine-'));
process.env.HOME = join(root, 'home');
process.env.CAROOT = join(root, 'caroot');
process.env.TRUST_STORES = 'nss';
process.env.PORTICO_DATA_DIR = join(root, 'data');
process.env.PORTICO_HOSTS_FILE = join(root, 'hosts');
writeFileSync(process.env.PORTICO_HOSTS_FILE, '127.0.0.1 localhost\n');
