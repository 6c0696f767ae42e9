/** `add`, `remove`, `enable`, `disable`, `list`: with or without a running engine. */
import type { z } from 'zod';
import { methods, type DomainState } from '../../shared/contract';
import { PorticoError } from '../../shared/rpc';
import type { PorticoConfig } from '../../shared/config';
import * as edits from '../engine/config/domain-edits';
import { findDomain } from '../engine/config/domain-edits';
import type { CliIo } from './cli-errors';
import { withConfig } from './engine-connection';
import { describeDomainChange, formatDomainList, offlineDomainStates } from './format-domains';

/** Checks a command's input with the contract's own schema (the same rules as the engine). */
function parseParams<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new PorticoError(
      'INVALID_PARAMS',
      parsed.error.issues.map((issue) => issue.message).join('; '),
    );
  }
  return parsed.data;
}

function offlineState(config: PorticoConfig, host: string): DomainState {
  const state = offlineDomainStates(config).find((domain) => domain.host === host);
  if (!state) throw new PorticoError('INTERNAL', `${host} vanished from the configuration.`);
  return state;
}

export async function addCommand(
  dataDir: string,
  io: CliIo,
  input: { host: string; target: string; tls: boolean },
): Promise<number> {
  const params = parseParams(methods.addDomain.params, input);
  const { value, running } = await withConfig(
    dataDir,
    io,
    (api) => api.addDomain(input),
    async (store) => {
      const config = await store.update((draft) => void edits.addDomain(draft, params));
      return offlineState(config, params.host);
    },
  );
  io.out(describeDomainChange('Added', value, running));
  return 0;
}

export async function removeCommand(dataDir: string, io: CliIo, host: string): Promise<number> {
  const params = parseParams(methods.removeDomain.params, { host });
  await withConfig(
    dataDir,
    io,
    async (api) => void (await api.removeDomain({ host })),
    async (store) =>
      void (await store.update((draft) => void edits.removeDomain(draft, params.host))),
  );
  io.out(`Removed ${params.host}\n`);
  return 0;
}

export async function setEnabledCommand(
  dataDir: string,
  io: CliIo,
  host: string,
  enabled: boolean,
): Promise<number> {
  const params = parseParams(methods.setDomainEnabled.params, { host, enabled });
  const { value, running } = await withConfig(
    dataDir,
    io,
    (api) => api.setDomainEnabled({ host, enabled }),
    async (store) => {
      const before = findDomain(store.current(), params.host);
      // Unchanged → no rewrite of the file; unknown → update() throws UNKNOWN_DOMAIN.
      if (!before || before.enabled !== enabled) {
        await store.update((draft) => void edits.setDomainEnabled(draft, params.host, enabled));
      }
      const config = store.current();
      return offlineState(config, params.host);
    },
  );
  io.out(describeDomainChange(enabled ? 'Enabled' : 'Disabled', value, running));
  return 0;
}

export async function listCommand(dataDir: string, io: CliIo, json: boolean): Promise<number> {
  const { value, running } = await withConfig(
    dataDir,
    io,
    (api) => api.listDomains({}),
    async (store) => offlineDomainStates(store.current()),
  );
  io.out(json ? `${JSON.stringify(value, null, 2)}\n` : formatDomainList(value, running));
  return 0;
}
