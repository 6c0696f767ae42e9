import { describe, expect, it } from 'vitest';
import { checkDomainForm } from '../../renderer/src/components/domains/domain-form-model';
import {
  fieldsFromSettings,
  patchFromFields,
} from '../../renderer/src/components/settings/settings-form-model';
import { defaultConfig } from '../../shared/config';
import { checkHost } from '../../shared/host-name';

const touched = { host: true, target: true };

describe('checkDomainForm', () => {
  it('is invalid but quiet before the user typed anything', () => {
    const check = checkDomainForm({ host: '', target: '' }, { host: false, target: false });
    expect(check).toMatchObject({ valid: false, hostError: null, targetError: null });
  });
  it("shows the engine's own message for a bad name", () => {
    const check = checkDomainForm({ host: 'shop.dev', target: '5173' }, touched);
    expect(check.valid).toBe(false);
    expect(check.hostError).toBe((checkHost('shop.dev') as { message: string }).message);
    expect(check.hostError).toContain('shop.localhost');
  });
  it('refuses a port out of range and a name with a scheme', () => {
    expect(
      checkDomainForm({ host: 'shop.localhost', target: '70000' }, touched).targetError,
    ).toMatch(/1 to 65535/);
    expect(
      checkDomainForm({ host: 'https://shop.localhost', target: '5173' }, touched).hostError,
    ).toMatch(/leave out the scheme/);
  });
  it('accepts a valid pair and notes names that need a hosts entry', () => {
    expect(checkDomainForm({ host: 'Shop.Localhost', target: '5173' }, touched)).toEqual({
      valid: true,
      hostError: null,
      targetError: null,
      hostNote: null,
    });
    expect(
      checkDomainForm({ host: 'shop.test', target: 'http://127.0.0.1:8000' }, touched).hostNote,
    ).toMatch(/hosts-file/);
  });
});

describe('settings form', () => {
  const config = defaultConfig();
  const settings = {
    proxy: config.proxy,
    timeouts: config.timeouts,
    inspector: config.inspector,
    trustedProxies: [],
    defaultTld: 'localhost',
  };
  it('round-trips the settings into a valid patch', () => {
    const result = patchFromFields(fieldsFromSettings(settings));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.patch.proxy?.httpsPort).toBe(443);
  });
  it('refuses what the engine would refuse, with the field named', () => {
    const fields = { ...fieldsFromSettings(settings), httpPort: '99999' };
    const result = patchFromFields(fields);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/proxy\.httpPort/);
    const blank = patchFromFields({ ...fieldsFromSettings(settings), capacity: '' });
    expect(blank.ok).toBe(false);
  });
});
