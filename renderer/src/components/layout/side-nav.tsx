/** The left navigation; the Doctor item shows the last report's worst status. */
import { usePortico } from '../../store/store-context';
import type { Page } from '../../store/ui-slice';
import { Icon, type IconName } from '../icons';

const ITEMS: Array<{ page: Page; label: string; icon: IconName }> = [
  { page: 'domains', label: 'Domains', icon: 'domains' },
  { page: 'inspector', label: 'Inspector', icon: 'inspector' },
  { page: 'certificates', label: 'Certificates', icon: 'certificates' },
  { page: 'doctor', label: 'Doctor', icon: 'doctor' },
  { page: 'settings', label: 'Settings', icon: 'settings' },
];

export function SideNav() {
  const page = usePortico((state) => state.page);
  const setPage = usePortico((state) => state.setPage);
  const domainCount = usePortico((state) => state.domains.length);
  const exchangeCount = usePortico((state) => state.exchanges.length);
  const doctorStatus = usePortico((state) => state.doctorReport?.status ?? null);
  const counts: Partial<Record<Page, number>> = { domains: domainCount, inspector: exchangeCount };

  return (
    <nav className="side-nav" aria-label="Sections">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.page}>
            <button
              type="button"
              className="nav-item"
              aria-current={page === item.page ? 'page' : undefined}
              onClick={() => setPage(item.page)}
            >
              <Icon name={item.icon} />
              <span className="nav-label">{item.label}</span>
              {counts[item.page] ? (
                <span className="nav-count" aria-label={`${counts[item.page]} entries`}>
                  {counts[item.page]}
                </span>
              ) : null}
              {item.page === 'doctor' && (doctorStatus === 'fail' || doctorStatus === 'warn') && (
                <span className={`dot dot-${doctorStatus === 'fail' ? 'bad' : 'warn'}`}>
                  <span className="visually-hidden">
                    {doctorStatus === 'fail' ? 'problems found' : 'warnings found'}
                  </span>
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
