/**
 * The Doctor panel's state: the last report, which domain it was run for (null: all), a busy
 * flag while the checks run (they open real connections and take a moment), and the
 * hosts-file status for names outside .localhost. Only the newest run's answer is kept.
 */
import type { DoctorReport, HostsStatus } from '../../../shared/doctor';
import { errorMessage } from '../client/engine-client';
import type { SliceCreator } from './types';

export interface DoctorSlice {
  doctorReport: DoctorReport | null;
  /** The domain the report is for, or null for every domain. */
  doctorScope: string | null;
  doctorBusy: boolean;
  doctorError: string | null;
  hosts: HostsStatus | null;
  /** Runs the doctor for `scope` (default: the current scope) and the hosts status with it. */
  runDoctor(scope?: string | null): Promise<void>;
  loadHostsStatus(): Promise<void>;
  /** Opens the Doctor panel for one domain and runs it (the domain menu's "Diagnose"). */
  diagnose(host: string): Promise<void>;
}

export const createDoctorSlice: SliceCreator<DoctorSlice> = (set, get, client) => {
  // Each run gets a number; an older run that answers late does not overwrite a newer one.
  let latestRun = 0;

  return {
    doctorReport: null,
    doctorScope: null,
    doctorBusy: false,
    doctorError: null,
    hosts: null,
    async runDoctor(scope) {
      const host = scope === undefined ? get().doctorScope : scope;
      const run = ++latestRun;
      // A report for another scope would be misleading while the new one runs.
      const keep = host === get().doctorScope ? get().doctorReport : null;
      set({ doctorScope: host, doctorBusy: true, doctorError: null, doctorReport: keep });
      try {
        const [report] = await Promise.all([
          client.runDoctor(host ? { host } : {}),
          get().loadHostsStatus(),
        ]);
        if (run === latestRun) set({ doctorReport: report });
      } catch (error) {
        if (run === latestRun) set({ doctorError: errorMessage(error) });
      } finally {
        if (run === latestRun) set({ doctorBusy: false });
      }
    },
    async loadHostsStatus() {
      try {
        set({ hosts: await client.hostsStatus({}) });
      } catch (error) {
        get().toast(`Could not read the hosts-file status: ${errorMessage(error)}`, 'error');
      }
    },
    async diagnose(host) {
      set({ page: 'doctor' });
      await get().runDoctor(host);
    },
  };
};
