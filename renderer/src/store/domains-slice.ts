/** The domain list, kept live from `domains` events, and the actions on domains. */
import type { DomainState, ParamsOf } from '../../../shared/contract';
import { errorMessage } from '../client/engine-client';
import type { SliceCreator } from './types';

export interface DomainsSlice {
  domains: DomainState[];
  /** False until the first list arrived (so the empty state does not flash). */
  domainsLoaded: boolean;
  domainsError: string | null;
  loadDomains(): Promise<void>;
  /** Adds a domain; throws the engine's error so the form can show it. */
  addDomain(params: ParamsOf<'addDomain'>): Promise<DomainState>;
  /** Changes a domain; throws the engine's error so the form can show it. */
  updateDomain(params: ParamsOf<'updateDomain'>): Promise<DomainState>;
  removeDomain(host: string): Promise<void>;
  setDomainEnabled(host: string, enabled: boolean): Promise<void>;
  /** Applies one domain's new state to the list (from a call's result). */
  upsertDomain(domain: DomainState, previousHost?: string): void;
}

export const createDomainsSlice: SliceCreator<DomainsSlice> = (set, get, client) => ({
  domains: [],
  domainsLoaded: false,
  domainsError: null,
  async loadDomains() {
    try {
      set({ domains: await client.listDomains({}), domainsLoaded: true, domainsError: null });
    } catch (error) {
      set({ domainsError: errorMessage(error) });
    }
  },
  async addDomain(params) {
    const domain = await client.addDomain(params);
    get().upsertDomain(domain);
    return domain;
  },
  async updateDomain(params) {
    const domain = await client.updateDomain(params);
    get().upsertDomain(domain, params.host);
    return domain;
  },
  async removeDomain(host) {
    try {
      await client.removeDomain({ host });
      set({ domains: get().domains.filter((domain) => domain.host !== host) });
      get().toast(`Removed ${host}.`);
    } catch (error) {
      get().toast(errorMessage(error), 'error');
    }
  },
  async setDomainEnabled(host, enabled) {
    // Shown at once; the engine's answer (or the next event) is the truth.
    const before = get().domains;
    set({ domains: before.map((d) => (d.host === host ? { ...d, enabled } : d)) });
    try {
      get().upsertDomain(await client.setDomainEnabled({ host, enabled }));
    } catch (error) {
      set({ domains: before });
      get().toast(errorMessage(error), 'error');
    }
  },
  upsertDomain(domain, previousHost = domain.host) {
    const domains = get().domains;
    const index = domains.findIndex((d) => d.host === previousHost);
    const next =
      index === -1 ? [...domains, domain] : domains.map((d, i) => (i === index ? domain : d));
    set({ domains: next, domainsLoaded: true });
  },
});
