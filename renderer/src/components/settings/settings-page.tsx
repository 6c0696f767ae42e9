/** Settings: ports, timeouts, inspector capacity / capture / redaction, default TLD, theme. */
import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../../../shared/contract';
import { errorMessage } from '../../client/engine-client';
import { usePortico } from '../../store/store-context';
import type { Theme } from '../../store/ui-slice';
import { fieldsFromSettings, patchFromFields, type SettingsFields } from './settings-form-model';

export function SettingsPage() {
  const settings = usePortico((state) => state.settings);
  const loadSettings = usePortico((state) => state.loadSettings);
  const theme = usePortico((state) => state.theme);
  const setTheme = usePortico((state) => state.setTheme);
  const loginItem = usePortico((state) => state.loginItem);
  const loadLoginItem = usePortico((state) => state.loadLoginItem);
  const setOpenAtLogin = usePortico((state) => state.setOpenAtLogin);

  useEffect(() => {
    void loadSettings();
    void loadLoginItem();
  }, [loadSettings, loadLoginItem]);

  return (
    <section className="settings" aria-labelledby="settings-title">
      <div className="page-head">
        <h1 id="settings-title">Settings</h1>
      </div>
      {settings ? (
        <SettingsForm key={JSON.stringify(settings)} settings={settings} />
      ) : (
        <p className="muted">Loading…</p>
      )}
      {loginItem?.supported ? (
        <div className="card">
          <h2>Desktop app</h2>
          <label className="inline-field">
            <input
              type="checkbox"
              checked={loginItem.openAtLogin}
              onChange={(event) => void setOpenAtLogin(event.target.checked)}
            />
            Start Portico at login
          </label>
        </div>
      ) : null}
      <div className="card">
        <h2>Appearance</h2>
        <label className="inline-field">
          Theme
          <select value={theme} onChange={(event) => setTheme(event.target.value as Theme)}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </div>
    </section>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const updateSettings = usePortico((state) => state.updateSettings);
  const toast = usePortico((state) => state.toast);
  const [fields, setFields] = useState<SettingsFields>(() => fieldsFromSettings(settings));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = patchFromFields(fields);
  const dirty = JSON.stringify(fields) !== JSON.stringify(fieldsFromSettings(settings));

  const set = <K extends keyof SettingsFields>(key: K, value: SettingsFields[K]) =>
    setFields((previous) => ({ ...previous, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check.ok) return;
    setBusy(true);
    setError(null);
    try {
      await updateSettings(check.patch);
      toast('Settings saved.');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const numberField = (key: keyof SettingsFields, label: string, help?: string) => (
    <label className="grid-field">
      <span>{label}</span>
      <input
        inputMode="numeric"
        value={String(fields[key])}
        onChange={(event) => set(key, event.target.value)}
      />
      {help && <small className="muted">{help}</small>}
    </label>
  );

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)}>
      <fieldset className="card">
        <legend>Ports</legend>
        <div className="grid-fields">
          {numberField('httpPort', 'HTTP port', '80 where the OS allows it')}
          {numberField('httpsPort', 'HTTPS port', '443 where the OS allows it')}
          {numberField(
            'fallbackHttpPort',
            'Fallback HTTP port',
            'used when the HTTP port is refused',
          )}
          {numberField(
            'fallbackHttpsPort',
            'Fallback HTTPS port',
            'used when the HTTPS port is refused',
          )}
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>Timeouts</legend>
        <div className="grid-fields">
          {numberField('connectMs', 'Connect timeout (ms)', 'a dead dev server fails fast')}
          {numberField('readMs', 'Read timeout (ms)', 'longest silence before a 504')}
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>Inspector</legend>
        <div className="grid-fields">
          {numberField('capacity', 'Requests kept', 'older ones are dropped')}
          {numberField('maxBodyBytes', 'Largest body kept (bytes)')}
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={fields.captureBodies}
            onChange={(e) => set('captureBodies', e.target.checked)}
          />
          Capture request and response bodies
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={fields.redact}
            onChange={(e) => set('redact', e.target.checked)}
          />
          Hide Cookie, Set-Cookie, Authorization and Proxy-Authorization values
        </label>
      </fieldset>
      <fieldset className="card">
        <legend>Names</legend>
        <label className="grid-field">
          <span>Default TLD</span>
          <input
            value={fields.defaultTld}
            onChange={(event) => set('defaultTld', event.target.value)}
          />
          <small className="muted">
            suggested for new domains; localhost needs no hosts-file entry
          </small>
        </label>
      </fieldset>
      {!check.ok && dirty && (
        <p className="form-error" role="alert">
          {check.message}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions left">
        <button type="submit" className="button primary" disabled={!check.ok || !dirty || busy}>
          Save settings
        </button>
        <button
          type="button"
          className="button"
          disabled={!dirty}
          onClick={() => setFields(fieldsFromSettings(settings))}
        >
          Revert
        </button>
      </div>
    </form>
  );
}
