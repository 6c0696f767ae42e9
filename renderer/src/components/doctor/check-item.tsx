/** One doctor check: status icon and word, what was checked, what was seen, the fix. */
import type { DoctorCheck } from '../../../../shared/doctor';
import { STATUS_VIEW } from '../../doctor/doctor-view';
import { FixText } from '../fix-text';
import { Icon } from '../icons';

export function StatusMark({ status }: { status: DoctorCheck['status'] }) {
  const view = STATUS_VIEW[status];
  return (
    <span className={`status-mark tone-${view.tone}`}>
      <Icon name={view.icon} size={13} />
      {view.label}
    </span>
  );
}

export function CheckItem({ check }: { check: DoctorCheck }) {
  return (
    <li className={`check-item is-${check.status}`} data-check={check.id}>
      <StatusMark status={check.status} />
      <div className="check-body">
        <p className="check-title">{check.title}</p>
        <p className="check-message">{check.message}</p>
        {check.fix && (
          <div className="check-fix">
            <span className="fix-label">Fix: </span>
            <FixText fix={check.fix} />
          </div>
        )}
      </div>
    </li>
  );
}
