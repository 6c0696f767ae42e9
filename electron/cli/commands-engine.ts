/**
 * `trust`, `untrust`, `requests`. Trust works with or without a running engine (mkcert
 * `-install`/`-uninstall` directly, honouring CAROOT and TRUST_STORES); `requests` reads
 * the running engine's inspector.
 */
import type { CaStatus } from '../../shared/contract';
import { resolveMkcert } from '../engine/certs/mkcert-binary';
import { trustCa, untrustCa } from '../engine/certs/trust';
import type { CliIo } from './cli-errors';
import { requireEngine, connectToEngine } from './engine-connection';
import { formatRequestList, formatRequestsJson } from './format-requests';

/** Installs or removes the CA without an engine. */
async function offlineTrust(install: boolean, io: CliIo): Promise<CaStatus> {
  const mkcert = await resolveMkcert({ onStatus: (message) => io.err(`${message}\n`) });
  return install ? trustCa({ mkcert }) : untrustCa({ mkcert });
}

export function describeCaStatus(status: CaStatus, install: boolean): string {
  const stores = Object.entries(status.trust)
    .filter(([, trusted]) => trusted !== null)
    .map(([store, trusted]) => `${store}: ${trusted ? 'trusted' : 'not trusted'}`)
    .join(', ');
  const head = install ? 'The local CA is installed' : 'The local CA is removed';
  const lines = [`${head}${stores ? ` (${stores})` : ''}.`];
  if (status.caroot) lines.push(`CA folder: ${status.caroot}`);
  if (install && status.nodeExtraCaCerts) lines.push(`For Node tools: ${status.nodeExtraCaCerts}`);
  if (status.mkcertProblem) lines.push(`Problem: ${status.mkcertProblem}`);
  return `${lines.join('\n')}\n`;
}

export async function trustCommand(dataDir: string, io: CliIo, install: boolean): Promise<number> {
  let status: CaStatus;
  const api = await connectToEngine(dataDir);
  if (api) status = install ? await api.trustCa({}) : await api.untrustCa({});
  else status = await offlineTrust(install, io);
  io.out(describeCaStatus(status, install));
  return 0;
}

export async function requestsCommand(
  dataDir: string,
  io: CliIo,
  options: { json: boolean; limit: number | undefined },
): Promise<number> {
  const api = await requireEngine(dataDir, 'portico requests');
  const exchanges = await api.listExchangeDetails({ limit: options.limit ?? 50 });
  io.out(options.json ? formatRequestsJson(exchanges) : formatRequestList(exchanges));
  return 0;
}
