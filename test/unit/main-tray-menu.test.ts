import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { DomainState, EngineStatus } from '../../shared/contract';
import {
  buildTrayTemplate,
  engineStateLine,
  type TrayActions,
  type TrayState,
} from '../../electron/main/tray-menu';

function status(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return {
    version: '0.1.0',
    pid: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    dataDir: '/tmp/portico',
    paused: false,
    http: { requestedPort: 80, port: 8080, problem: 'Port 80 needs privileges' },
    https: { requestedPort: 443, port: 8443, problem: null },
    configProblem: null,
    certificatesAvailable: true,
    certificatesBusy: false,
    certificatesProblem: null,
    runtime: { node: 'v24.0.0', v8: '13.6.233.10', gcExposed: true },
    ...overrides,
  };
}

function domain(host: string, port: number, overrides: Partial<DomainState> = {}): DomainState {
  return {
    host,
    target: `http://localhost:${port}`,
    enabled: true,
    tls: true,
    rewriteHost: false,
    forwardedHeader: false,
    url: `https://${host}:8443`,
    health: 'up',
    certificate: null,
    ...overrides,
  };
}

function recorder() {
  const calls: string[] = [];
  const actions: TrayActions = {
    setDomainEnabled: (host, enabled) => calls.push(`setDomainEnabled ${host} ${enabled}`),
    openDomain: (url) => calls.push(`open ${url}`),
    setPaused: (paused) => calls.push(`setPaused ${paused}`),
    showWindow: () => calls.push('show'),
    setOpenAtLogin: (open) => calls.push(`login ${open}`),
    quit: () => calls.push('quit'),
  };
  return { calls, actions };
}

function click(item: MenuItemConstructorOptions | undefined): void {
  expect(item?.click).toBeTypeOf('function');
  // The template's click handlers ignore their Electron arguments.
  (item!.click as () => void)();
}

const byLabel = (template: MenuItemConstructorOptions[], label: string) =>
  template.find((item) => item.label === label);

const base: TrayState = {
  status: status(),
  problem: null,
  domains: [],
  paused: false,
  openAtLogin: false,
};

describe('tray menu template', () => {
  it('shows the engine state with the ports really used', () => {
    expect(engineStateLine(base)).toBe('Running — HTTP :8080, HTTPS :8443');
    expect(engineStateLine({ ...base, paused: true })).toBe('Paused — HTTP :8080, HTTPS :8443');
    expect(engineStateLine({ ...base, status: null })).toBe('Engine starting…');
    expect(engineStateLine({ ...base, problem: 'engine stopped: crashed 6 times' })).toBe(
      'Problem: engine stopped: crashed 6 times',
    );
    const unbound = status({
      http: { requestedPort: 80, port: null, problem: 'Port 80 is in use' },
      https: { requestedPort: 443, port: null, problem: null },
    });
    expect(engineStateLine({ ...base, status: unbound })).toBe('Problem: Port 80 is in use');
  });

  it('has one checkbox per domain that toggles it, labelled host → target', () => {
    const { calls, actions } = recorder();
    const state: TrayState = {
      ...base,
      domains: [domain('shop.localhost', 5173), domain('api.localhost', 3000, { enabled: false })],
    };
    const template = buildTrayTemplate(state, actions);
    const shop = byLabel(template, 'shop.localhost → localhost:5173');
    const api = byLabel(template, 'api.localhost → localhost:3000');
    expect(shop).toMatchObject({ type: 'checkbox', checked: true, enabled: true });
    expect(api).toMatchObject({ type: 'checkbox', checked: false });
    click(shop);
    click(api);
    expect(calls).toEqual([
      'setDomainEnabled shop.localhost false',
      'setDomainEnabled api.localhost true',
    ]);
    expect(template[0]).toMatchObject({
      label: 'Running — HTTP :8080, HTTPS :8443',
      enabled: false,
    });
  });

  it('opens only enabled, non-wildcard domains at their real URL', () => {
    const { calls, actions } = recorder();
    const template = buildTrayTemplate(
      {
        ...base,
        domains: [
          domain('shop.localhost', 5173),
          domain('*.shop.localhost', 5174),
          domain('off.localhost', 5175, { enabled: false }),
        ],
      },
      actions,
    );
    const open = byLabel(template, 'Open');
    const submenu = open?.submenu as MenuItemConstructorOptions[];
    expect(submenu.map((item) => item.label)).toEqual(['shop.localhost']);
    click(submenu[0]);
    expect(calls).toEqual(['open https://shop.localhost:8443']);
  });

  it('marks a domain whose dev server is down', () => {
    const template = buildTrayTemplate(
      { ...base, domains: [domain('shop.localhost', 5173, { health: 'down' })] },
      recorder().actions,
    );
    expect(byLabel(template, 'shop.localhost → localhost:5173 (dev server down)')).toBeDefined();
  });

  it('offers Pause all when running and Resume all when paused', () => {
    const { calls, actions } = recorder();
    click(byLabel(buildTrayTemplate(base, actions), 'Pause all'));
    const paused = buildTrayTemplate({ ...base, paused: true }, actions);
    expect(byLabel(paused, 'Pause all')).toBeUndefined();
    click(byLabel(paused, 'Resume all'));
    expect(calls).toEqual(['setPaused true', 'setPaused false']);
  });

  it('always has Show window, Start at login and Quit, even while the engine is down', () => {
    const { calls, actions } = recorder();
    const template = buildTrayTemplate(
      {
        ...base,
        status: null,
        problem: 'engine stopped',
        domains: [domain('shop.localhost', 5173)],
      },
      actions,
    );
    expect(byLabel(template, 'shop.localhost → localhost:5173')?.enabled).toBe(false);
    expect(byLabel(template, 'Pause all')?.enabled).toBe(false);
    click(byLabel(template, 'Show window'));
    expect(byLabel(template, 'Start at login')).toMatchObject({ type: 'checkbox', checked: false });
    click(byLabel(template, 'Start at login'));
    click(byLabel(template, 'Quit Portico'));
    expect(calls).toEqual(['show', 'login true', 'quit']);
  });

  it('teaches what to do when there are no domains', () => {
    const template = buildTrayTemplate(base, recorder().actions);
    expect(template.some((item) => item.label?.startsWith('No domains yet'))).toBe(true);
    expect(byLabel(template, 'Open')).toBeUndefined();
  });
});
