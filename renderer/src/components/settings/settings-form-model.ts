/**
 * The Settings form as text fields (what inputs hold) and its conversion to a settings
 * patch, checked with the contract's own schema so the form refuses what the engine would.
 */
import { SettingsPatchSchema, type Settings } from '../../../../shared/contract';
import { describeIssues } from '../../../../shared/config';
import type { SettingsPatch } from '../../store/engine-slice';

export interface SettingsFields {
  httpPort: string;
  httpsPort: string;
  fallbackHttpPort: string;
  fallbackHttpsPort: string;
  connectMs: string;
  readMs: string;
  capacity: string;
  maxBodyBytes: string;
  captureBodies: boolean;
  redact: boolean;
  defaultTld: string;
}

export function fieldsFromSettings(settings: Settings): SettingsFields {
  return {
    httpPort: String(settings.proxy.httpPort),
    httpsPort: String(settings.proxy.httpsPort),
    fallbackHttpPort: String(settings.proxy.fallbackHttpPort),
    fallbackHttpsPort: String(settings.proxy.fallbackHttpsPort),
    connectMs: String(settings.timeouts.connectMs),
    readMs: String(settings.timeouts.readMs),
    capacity: String(settings.inspector.capacity),
    maxBodyBytes: String(settings.inspector.maxBodyBytes),
    captureBodies: settings.inspector.captureBodies,
    redact: settings.inspector.redact,
    defaultTld: settings.defaultTld,
  };
}

// A blank or non-numeric field becomes NaN, which the schema refuses with its message.
const num = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

export function patchFromFields(
  fields: SettingsFields,
): { ok: true; patch: SettingsPatch } | { ok: false; message: string } {
  const patch = {
    proxy: {
      httpPort: num(fields.httpPort),
      httpsPort: num(fields.httpsPort),
      fallbackHttpPort: num(fields.fallbackHttpPort),
      fallbackHttpsPort: num(fields.fallbackHttpsPort),
    },
    timeouts: { connectMs: num(fields.connectMs), readMs: num(fields.readMs) },
    inspector: {
      capacity: num(fields.capacity),
      maxBodyBytes: num(fields.maxBodyBytes),
      captureBodies: fields.captureBodies,
      redact: fields.redact,
    },
    defaultTld: fields.defaultTld.trim().toLowerCase(),
  };
  const parsed = SettingsPatchSchema.safeParse(patch);
  return parsed.success
    ? { ok: true, patch }
    : { ok: false, message: describeIssues(parsed.error) };
}
