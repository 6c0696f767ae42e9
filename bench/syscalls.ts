/**
 * `npx tsx bench/syscalls.ts [--requests N]`: the system calls per request of the bare
 * pipeline with the inspector off and on, twice each (bench/lib/syscalls.ts). The inspector
 * scenario measures the same once per run.
 */
import { parseArgs } from 'node:util';
import { buildBundles } from './lib/build';
import { withUpstream } from './lib/servers';
import { formatSyscalls, straceAvailable, syscallsPerRequest } from './lib/syscalls';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '30000' },
    'no-build': { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);

if (!straceAvailable()) {
  console.error('strace not found (Debian package strace)');
  process.exit(1);
}
if (!values['no-build']) buildBundles();
await withUpstream('portico-syscalls-', async (dir, upstream) => {
  console.log(`system calls per request, ${requests} keep-alive GETs at 50 connections:`);
  for (let round = 1; round <= 2; round++)
    for (const inspector of [false, true]) {
      const calls = await syscallsPerRequest(dir, upstream.port, inspector, requests);
      console.log(`  inspector ${inspector ? 'on ' : 'off'}: ${formatSyscalls(calls)}`);
    }
});
