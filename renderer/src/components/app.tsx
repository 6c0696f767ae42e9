/** The window: the engine bar on top, the navigation on the left, the current page. */
import { useEffect } from 'react';
import { usePortico } from '../store/store-context';
import { CertificatesPage } from './certificates/certificates-page';
import { DoctorPage } from './doctor/doctor-page';
import { DomainsPage } from './domains/domains-page';
import { InspectorPage } from './inspector/inspector-page';
import { DialogHost } from './layout/dialog-host';
import { SideNav } from './layout/side-nav';
import { Toasts } from './layout/toasts';
import { TopBar } from './layout/top-bar';
import { useShortcuts } from './layout/use-shortcuts';
import { SettingsPage } from './settings/settings-page';

export function App() {
  const page = usePortico((state) => state.page);
  const theme = usePortico((state) => state.theme);
  useShortcuts();

  useEffect(() => {
    // `system` follows prefers-color-scheme, live; the others force a theme. Resolved here so
    // the stylesheet holds one dark palette (`:root[data-theme='dark']`), not two copies.
    const root = document.documentElement;
    if (theme !== 'system') {
      root.dataset.theme = theme;
      return;
    }
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => (root.dataset.theme = dark.matches ? 'dark' : 'light');
    apply();
    dark.addEventListener('change', apply);
    return () => dark.removeEventListener('change', apply);
  }, [theme]);

  return (
    <div className="app">
      <TopBar />
      <SideNav />
      <main className="page" id="main">
        {page === 'domains' && <DomainsPage />}
        {page === 'inspector' && <InspectorPage />}
        {page === 'certificates' && <CertificatesPage />}
        {page === 'doctor' && <DoctorPage />}
        {page === 'settings' && <SettingsPage />}
      </main>
      <DialogHost />
      <Toasts />
    </div>
  );
}
