/**
 * The tray menu as a pure function of the engine's state, so that what the tray shows
 * (state line, one checkbox per domain, open, pause, show, quit) is unit-tested without
 * Electron. `index.ts` turns the template into a `Menu` each time the state changes.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { DomainState, EngineStatus } from '../../shared/contract';
import { describeTarget } from '../../shared/target';

export interface TrayState {
  /** The engine's status, or null while it is starting (or restarting). */
  status: EngineStatus | null;
  /** Why the engine is not running (it crashed too often, failed to start), or null. */
  problem: string | null;
  domains: readonly DomainState[];
  paused: boolean;
  /** Whether Portico starts when the user logs in. */
  openAtLogin: boolean;
}

export interface TrayActions {
  setDomainEnabled(host: string, enabled: boolean): void;
  openDomain(url: string): void;
  setPaused(paused: boolean): void;
  showWindow(): void;
  setOpenAtLogin(open: boolean): void;
  quit(): void;
}

/** The one line that says what the engine is doing: running on which ports, paused, or why not. */
export function engineStateLine(state: TrayState): string {
  if (state.problem) return `Problem: ${state.problem}`;
  const status = state.status;
  if (!status) return 'Engine starting…';
  const listenerProblem = status.https.problem ?? status.http.problem ?? status.configProblem;
  if (status.http.port === null && status.https.port === null) {
    return `Problem: ${listenerProblem ?? 'no port could be bound'}`;
  }
  const ports = [
    status.http.port !== null ? `HTTP :${status.http.port}` : null,
    status.https.port !== null ? `HTTPS :${status.https.port}` : null,
  ]
    .filter((part): part is string => part !== null)
    .join(', ');
  return `${state.paused ? 'Paused' : 'Running'} — ${ports}`;
}

/** `shop.localhost → localhost:5173`: the same words as the window's list. */
export function domainLabel(domain: DomainState): string {
  const health = domain.health === 'down' ? ' (dev server down)' : '';
  return `${domain.host} → ${describeTarget(domain.target)}${health}`;
}

export function buildTrayTemplate(
  state: TrayState,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const running = state.status !== null && state.problem === null;
  const template: MenuItemConstructorOptions[] = [
    { label: engineStateLine(state), enabled: false },
    { type: 'separator' },
  ];

  if (state.domains.length === 0) {
    template.push({ label: 'No domains yet — add one in the window', enabled: false });
  } else {
    for (const domain of state.domains) {
      template.push({
        label: domainLabel(domain),
        type: 'checkbox',
        checked: domain.enabled,
        enabled: running,
        click: () => actions.setDomainEnabled(domain.host, !domain.enabled),
      });
    }
    // Wildcards have no single URL to open; disabled domains would only answer 503.
    const openable = state.domains.filter((d) => d.enabled && !d.host.startsWith('*.'));
    template.push({
      label: 'Open',
      enabled: running && openable.length > 0,
      submenu: openable.map((domain) => ({
        label: domain.host,
        click: () => actions.openDomain(domain.url),
      })),
    });
  }

  template.push(
    { type: 'separator' },
    state.paused
      ? { label: 'Resume all', enabled: running, click: () => actions.setPaused(false) }
      : { label: 'Pause all', enabled: running, click: () => actions.setPaused(true) },
    { label: 'Show window', click: () => actions.showWindow() },
    {
      label: 'Start at login',
      type: 'checkbox',
      checked: state.openAtLogin,
      click: () => actions.setOpenAtLogin(!state.openAtLogin),
    },
    { type: 'separator' },
    { label: 'Quit Portico', click: () => actions.quit() },
  );
  return template;
}
