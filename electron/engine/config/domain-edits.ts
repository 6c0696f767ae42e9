/**
 * The edits a user can make to the configuration, as pure functions on a draft config.
 * The engine's handlers (inside `ConfigStore.update`) and the offline CLI (under the config
 * lock) both use them, so both refuse the same things with the same message.
 * Inputs are already parsed by the contract's schemas (host and target normalised).
 */
import type { DomainConfig, PorticoConfig } from '../../../shared/config';
import type { ParsedParamsOf } from '../../../shared/contract';
import { PorticoError } from '../../../shared/rpc';
import { describeTarget } from '../../../shared/target';

export type AddDomainParams = ParsedParamsOf<'addDomain'>;
export type UpdateDomainParams = ParsedParamsOf<'updateDomain'>;
export type SettingsPatch = ParsedParamsOf<'updateSettings'>;

/** The domain configured for exactly `host`, or undefined. */
export function findDomain(config: PorticoConfig, host: string): DomainConfig | undefined {
  return config.domains.find((domain) => domain.host === host);
}

function requireDomain(config: PorticoConfig, host: string): DomainConfig {
  const domain = findDomain(config, host);
  if (!domain) {
    throw new PorticoError(
      'UNKNOWN_DOMAIN',
      `No domain ${host}: \`portico list\` shows the configured ones.`,
    );
  }
  return domain;
}

function refuseExisting(config: PorticoConfig, host: string): void {
  const existing = findDomain(config, host);
  if (existing) {
    throw new PorticoError(
      'DOMAIN_EXISTS',
      `${host} already exists (→ ${describeTarget(existing.target)}): remove it first or choose another name.`,
    );
  }
}

export function addDomain(draft: PorticoConfig, params: AddDomainParams): DomainConfig {
  refuseExisting(draft, params.host);
  const domain: DomainConfig = {
    host: params.host,
    target: params.target,
    enabled: true,
    tls: params.tls ?? true,
    rewriteHost: params.rewriteHost ?? false,
    forwardedHeader: params.forwardedHeader ?? false,
  };
  draft.domains.push(domain);
  return domain;
}

/** Changes a domain's fields; `rename` gives it a new host (refused if that one exists). */
export function updateDomain(draft: PorticoConfig, params: UpdateDomainParams): DomainConfig {
  const domain = requireDomain(draft, params.host);
  if (params.rename !== undefined && params.rename !== domain.host) {
    refuseExisting(draft, params.rename);
    domain.host = params.rename;
  }
  if (params.target !== undefined) domain.target = params.target;
  if (params.tls !== undefined) domain.tls = params.tls;
  if (params.rewriteHost !== undefined) domain.rewriteHost = params.rewriteHost;
  if (params.forwardedHeader !== undefined) domain.forwardedHeader = params.forwardedHeader;
  return domain;
}

export function removeDomain(draft: PorticoConfig, host: string): DomainConfig {
  const domain = requireDomain(draft, host);
  draft.domains = draft.domains.filter((entry) => entry !== domain);
  return domain;
}

export function setDomainEnabled(
  draft: PorticoConfig,
  host: string,
  enabled: boolean,
): DomainConfig {
  const domain = requireDomain(draft, host);
  domain.enabled = enabled;
  return domain;
}

/**
 * Merges a settings patch: only the keys present are changed.
 *
 * Caveat: the contract's `SettingsPatchSchema` builds its sections with `.partial()` over
 * schemas that have defaults, and zod 4 then fills the defaults in for absent keys; a patch
 * parsed by it cannot tell "absent" from "the default". The fix belongs in shared/contract.ts.
 */
export function applySettingsPatch(draft: PorticoConfig, patch: SettingsPatch): void {
  if (patch.proxy) Object.assign(draft.proxy, definedOnly(patch.proxy));
  if (patch.timeouts) Object.assign(draft.timeouts, definedOnly(patch.timeouts));
  if (patch.inspector) Object.assign(draft.inspector, definedOnly(patch.inspector));
  if (patch.trustedProxies !== undefined) draft.trustedProxies = [...patch.trustedProxies];
  if (patch.defaultTld !== undefined) draft.defaultTld = patch.defaultTld;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
