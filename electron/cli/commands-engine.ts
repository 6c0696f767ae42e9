/**
 * `trust`, `untrust`, `requests`: these need the running engine for now (it owns the
 * certificate helper and the inspector). `offlineTrust` is the seam for running mkcert
 * `-install`/`-uninstall` directly when no engine runs, once electron/engine/certs offers it.
 */
import type { CaStatus } from '../../shared/contract';
import type { CliIo } from './cli-errors';
import { requireEngine, connectToEngine } from './engine-connection';
import { formatRequestList, formatRequestsJson } from './format-requests';

/** Installs or removes the CA without an engine; null until the certs module provides it. */
export type OfflineTrust = (dataDir: string, install: boolean) => Promise<CaStatus>;
let offlineTrust: OfflineTrust | null = null;

/** Lets the certificate helper plug in its trustCa/untrustCa for use without an engine. */
export function setOfflineTrust(implementation: OfflineTrust | null): void {
  offlineTrust = implementation;
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
  const verb = install ? 'trust' : 'untrust';
  let status: CaStatus;
  const api = offlineTrust
    ? await connectToEngine(dataDir)
    : await requireEngine(dataDir, `portico ${verb}`);
  if (api) status = install ? await api.trustCa({}) : await api.untrustCa({});
  else status = await offlineTrust!(dataDir, install);
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
