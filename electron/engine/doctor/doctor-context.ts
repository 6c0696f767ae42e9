/**
 * What the doctor needs from the engine (so it runs against the live engine, or in tests
 * against any engine), and the per-domain facts every check shares.
 */
import type { DomainConfig, PorticoConfig } from '../../../shared/config';
import type { CaStatus, EngineStatus } from '../../../shared/contract';
import type { CheckId, CheckStatus, DoctorCheck, HostsStatus } from '../../../shared/doctor';

export interface LookupAddress {
  address: string;
  family: number;
}

export interface DoctorDeps {
  config(): PorticoConfig;
  status(): EngineStatus;
  /** Where the local CA is trusted (null when there are no mkcert certificates). */
  caStatus(): Promise<CaStatus | null>;
  /** The local CA certificate (PEM), to check what signed a domain's certificate. */
  caCertificate(): Promise<string | null>;
  /** The hosts-file manager's state, or null when none runs. */
  hostsStatus(): HostsStatus | null;
  /** Name resolution as this machine does it (default: dns.lookup with all addresses). */
  lookup?(host: string): Promise<LookupAddress[]>;
  /** Per probe (default 3000 ms). */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

export interface DomainContext {
  domain: DomainConfig;
  /** The name probes use: the host, or a sample name under a wildcard. */
  name: string;
  /** Whether the proxy serves this domain over TLS right now (HTTPS port bound). */
  tls: boolean;
  /** The port the proxy serves it on, or null when that listener could not be bound. */
  port: number | null;
  url: string;
  timeoutMs: number;
}

export function check(
  id: CheckId,
  title: string,
  status: CheckStatus,
  message: string,
  fix: string | null = null,
): DoctorCheck {
  return { id, title, status, message, fix };
}
