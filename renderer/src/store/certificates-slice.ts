/** The local CA's status and the certificate actions (trust, untrust, regenerate). */
import type { CaStatus } from '../../../shared/contract';
import { errorMessage } from '../client/engine-client';
import type { SliceCreator } from './types';

export interface CertificatesSlice {
  ca: CaStatus | null;
  caError: string | null;
  /** Which CA action is running, to disable its button meanwhile. */
  caBusy: 'trust' | 'untrust' | null;
  loadCa(): Promise<void>;
  trustCa(): Promise<void>;
  untrustCa(): Promise<void>;
  regenerateCertificate(host: string): Promise<void>;
}

export const createCertificatesSlice: SliceCreator<CertificatesSlice> = (set, get, client) => ({
  ca: null,
  caError: null,
  caBusy: null,
  async loadCa() {
    try {
      set({ ca: await client.getCaStatus({}), caError: null });
    } catch (error) {
      set({ caError: errorMessage(error) });
    }
  },
  async trustCa() {
    set({ caBusy: 'trust' });
    try {
      set({ ca: await client.trustCa({}), caError: null });
      get().toast('The local CA is now trusted.');
      await get().loadDomains();
    } catch (error) {
      get().toast(errorMessage(error), 'error');
    } finally {
      set({ caBusy: null });
    }
  },
  async untrustCa() {
    set({ caBusy: 'untrust' });
    try {
      set({ ca: await client.untrustCa({}), caError: null });
      get().toast('The local CA was removed from the trust stores.');
      await get().loadDomains();
    } catch (error) {
      get().toast(errorMessage(error), 'error');
    } finally {
      set({ caBusy: null });
    }
  },
  async regenerateCertificate(host) {
    try {
      const certificate = await client.regenerateCertificate({ host });
      const domain = get().domains.find((d) => d.host === host);
      if (domain) get().upsertDomain({ ...domain, certificate });
      get().toast(`Issued a new certificate for ${host}.`);
    } catch (error) {
      get().toast(errorMessage(error), 'error');
    }
  },
});
