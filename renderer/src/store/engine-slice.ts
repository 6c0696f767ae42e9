/** The engine's status (ports, pause, problems) and its settings. */
import type { EngineStatus, LoginItem, Settings } from '../../../shared/contract';
import type { z } from 'zod';
import type { SettingsPatchSchema } from '../../../shared/contract';
import { errorMessage } from '../client/engine-client';
import type { SliceCreator } from './types';

export type SettingsPatch = z.input<typeof SettingsPatchSchema>;

export interface EngineSlice {
  status: EngineStatus | null;
  statusError: string | null;
  settings: Settings | null;
  /** Start at login (only the desktop app supports it). */
  loginItem: LoginItem | null;
  loadStatus(): Promise<void>;
  loadLoginItem(): Promise<void>;
  setOpenAtLogin(openAtLogin: boolean): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  loadSettings(): Promise<void>;
  /** Saves settings; throws the engine's error so the form can show it. */
  updateSettings(patch: SettingsPatch): Promise<void>;
  setCapture(patch: { captureBodies?: boolean; redact?: boolean }): Promise<void>;
}

export const createEngineSlice: SliceCreator<EngineSlice> = (set, get, client) => ({
  status: null,
  statusError: null,
  settings: null,
  loginItem: null,
  async loadLoginItem() {
    try {
      set({ loginItem: await client.getLoginItem({}) });
    } catch {
      set({ loginItem: { supported: false, openAtLogin: false } });
    }
  },
  async setOpenAtLogin(openAtLogin) {
    try {
      set({ loginItem: await client.setLoginItem({ openAtLogin }) });
    } catch (error) {
      get().toast(errorMessage(error), 'error');
    }
  },
  async loadStatus() {
    try {
      set({ status: await client.getStatus({}), statusError: null });
    } catch (error) {
      set({ statusError: errorMessage(error) });
    }
  },
  async setPaused(paused) {
    try {
      set({ status: await client.setPaused({ paused }) });
      await get().loadDomains();
    } catch (error) {
      get().toast(errorMessage(error), 'error');
    }
  },
  async loadSettings() {
    try {
      set({ settings: await client.getSettings({}) });
    } catch (error) {
      get().toast(errorMessage(error), 'error');
    }
  },
  async updateSettings(patch) {
    set({ settings: await client.updateSettings(patch) });
  },
  async setCapture(patch) {
    try {
      set({ settings: await client.setCapture(patch) });
    } catch (error) {
      get().toast(errorMessage(error), 'error');
    }
  },
});
