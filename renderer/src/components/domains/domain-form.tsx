/** The Add / Edit domain dialog: labelled fields validated as you type, server errors shown. */
import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../../client/engine-client';
import { usePortico } from '../../store/store-context';
import { exampleHost } from '../../store/selectors';
import { Modal } from '../layout/modal';
import { checkDomainForm } from './domain-form-model';

type Mode = { kind: 'add' } | { kind: 'edit'; host: string };

export function DomainForm({ mode }: { mode: Mode }) {
  const existing = usePortico((state) =>
    mode.kind === 'edit' ? state.domains.find((d) => d.host === mode.host) : undefined,
  );
  const tld = usePortico((state) => state.settings?.defaultTld);
  const close = usePortico((state) => state.closeDialog);
  const addDomain = usePortico((state) => state.addDomain);
  const updateDomain = usePortico((state) => state.updateDomain);
  const toast = usePortico((state) => state.toast);

  const [host, setHost] = useState(existing?.host ?? '');
  const [target, setTarget] = useState(existing?.target ?? '');
  const [tls, setTls] = useState(existing?.tls ?? true);
  const [rewriteHost, setRewriteHost] = useState(existing?.rewriteHost ?? false);
  const [forwardedHeader, setForwardedHeader] = useState(existing?.forwardedHeader ?? false);
  const [touched, setTouched] = useState({
    host: mode.kind === 'edit',
    target: mode.kind === 'edit',
  });
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { host: useId(), target: useId(), hostHelp: useId(), targetHelp: useId() };

  const check = checkDomainForm({ host, target }, touched);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check.valid || busy) return;
    setBusy(true);
    setServerError(null);
    try {
      if (mode.kind === 'add') {
        const domain = await addDomain({ host, target, tls, rewriteHost, forwardedHeader });
        toast(`Added ${domain.host}.`);
      } else {
        const renamed = host.trim().toLowerCase() !== mode.host;
        const domain = await updateDomain({
          host: mode.host,
          target,
          tls,
          rewriteHost,
          forwardedHeader,
          ...(renamed ? { rename: host } : {}),
        });
        toast(`Saved ${domain.host}.`);
      }
      close();
    } catch (error) {
      setServerError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={mode.kind === 'add' ? 'Add domain' : `Edit ${mode.host}`} onClose={close}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={ids.host}>Domain</label>
          <input
            id={ids.host}
            name="host"
            autoComplete="off"
            spellCheck={false}
            placeholder={exampleHost(tld)}
            value={host}
            aria-invalid={check.hostError ? true : undefined}
            aria-describedby={ids.hostHelp}
            onChange={(event) => {
              setHost(event.target.value);
              setTouched((t) => ({ ...t, host: true }));
            }}
            onBlur={() => setTouched((t) => ({ ...t, host: true }))}
          />
          <p id={ids.hostHelp} className={check.hostError ? 'field-error' : 'field-help'}>
            {check.hostError ??
              check.hostNote ??
              `The name to open in the browser, e.g. ${exampleHost(tld)}.`}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.target}>Target</label>
          <input
            id={ids.target}
            name="target"
            autoComplete="off"
            spellCheck={false}
            placeholder="5173"
            value={target}
            aria-invalid={check.targetError ? true : undefined}
            aria-describedby={ids.targetHelp}
            onChange={(event) => {
              setTarget(event.target.value);
              setTouched((t) => ({ ...t, target: true }));
            }}
            onBlur={() => setTouched((t) => ({ ...t, target: true }))}
          />
          <p id={ids.targetHelp} className={check.targetError ? 'field-error' : 'field-help'}>
            {check.targetError ??
              'Your dev server: a port (5173) or a URL (http://127.0.0.1:8000).'}
          </p>
        </div>
        <fieldset className="options">
          <legend>Options</legend>
          <label className="check">
            <input type="checkbox" checked={tls} onChange={(e) => setTls(e.target.checked)} />
            HTTPS with a local certificate
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={rewriteHost}
              onChange={(e) => setRewriteHost(e.target.checked)}
            />
            Send the target&apos;s host as Host (for servers that insist)
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={forwardedHeader}
              onChange={(e) => setForwardedHeader(e.target.checked)}
            />
            Also send the RFC 7239 Forwarded header
          </label>
        </fieldset>
        {serverError && (
          <p className="form-error" role="alert">
            {serverError}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={!check.valid || busy}>
            {mode.kind === 'add' ? 'Add domain' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
