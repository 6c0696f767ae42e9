/** One domain: health, name (opens it), target, lock badge, on/off switch, actions menu. */
import { describeTarget } from '../../../../shared/target';
import type { DomainState } from '../../../../shared/contract';
import { usePortico } from '../../store/store-context';
import { healthBadge, lockBadge } from '../../store/selectors';
import { copyText } from '../copy-text';
import { Icon } from '../icons';
import { Menu } from '../menu';

export function DomainRow({ domain }: { domain: DomainState }) {
  const setEnabled = usePortico((state) => state.setDomainEnabled);
  const openDialog = usePortico((state) => state.openDialog);
  const regenerate = usePortico((state) => state.regenerateCertificate);
  const toast = usePortico((state) => state.toast);
  const diagnose = usePortico((state) => state.diagnose);
  const health = healthBadge(domain);
  const lock = lockBadge(domain);

  return (
    <li className={`domain-row${domain.enabled ? '' : ' is-off'}`}>
      <span className={`dot dot-${health.tone}`} title={health.description}>
        <span className="visually-hidden">Backend {health.label}</span>
      </span>
      <a className="domain-name" href={domain.url} target="_blank" rel="noreferrer">
        {domain.host}
      </a>
      <span className="domain-target" title={domain.target}>
        <span aria-hidden="true">→ </span>
        <span className="visually-hidden">forwards to </span>
        {describeTarget(domain.target)}
      </span>
      <span className={`badge badge-${lock.tone}`} title={lock.description}>
        {domain.tls && <Icon name={lock.tone === 'ok' ? 'lock' : 'warning'} size={12} />}
        {!domain.tls && <Icon name="unlock" size={12} />}
        <span className="visually-hidden">Certificate: </span>
        {lock.label}
      </span>
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={domain.enabled}
        aria-label={`Enable ${domain.host}`}
        onClick={() => void setEnabled(domain.host, !domain.enabled)}
      >
        <span className="switch-knob" aria-hidden="true" />
      </button>
      <Menu
        label={`Actions for ${domain.host}`}
        items={[
          {
            label: 'Edit…',
            onSelect: () => openDialog({ kind: 'edit-domain', host: domain.host }),
          },
          { label: 'Copy URL', onSelect: () => void copyText(domain.url, 'the URL', toast) },
          { label: 'Diagnose', onSelect: () => void diagnose(domain.host) },
          ...(domain.tls
            ? [{ label: 'Regenerate certificate', onSelect: () => void regenerate(domain.host) }]
            : []),
          {
            label: 'Remove…',
            danger: true,
            onSelect: () => openDialog({ kind: 'remove-domain', host: domain.host }),
          },
        ]}
      />
    </li>
  );
}
