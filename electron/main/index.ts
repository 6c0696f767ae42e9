/**
 * The Electron main process: thin glue around pure, tested modules. It holds the single
 * instance lock, hosts the engine in a utility process, relays the contract over IPC,
 * shows the window and the tray, and sends notifications. Closing the window keeps the
 * tray app running; Quit (tray, or Cmd+Q) stops the engine and exits.
 */
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  shell,
  Tray,
} from 'electron';
import {
  DomainStateSchema,
  EngineStatusSchema,
  type DomainState,
  type EngineHandlers,
  type EventMessage,
  type LoginItem,
  type EventName,
} from '../../shared/contract';
import { appUrlOf, isAppUrl, type AppLocation } from './app-url';
import { EngineHost, type EngineNotice } from './engine-host';
import { healthNotices, healthTransitions } from './health-notifications';
import { broadcastEvent, registerRpc } from './ipc-registry';
import { buildTrayTemplate, type TrayState } from './tray-menu';
import { forkEngineProcess } from './utility-child';
import { hardenWebContents, mainWindowOptions } from './window-options';

const here = import.meta.dirname;
const devUrl = process.env.ELECTRON_RENDERER_URL;
const location: AppLocation = devUrl
  ? { kind: 'dev', url: devUrl }
  : { kind: 'file', indexPath: join(here, '../renderer/index.html') };
const appUrl = appUrlOf(location);
const resourcesDir = join(app.getAppPath(), 'resources');

// Same override as the CLI's: tests (and people with several setups) pick the data dir.
const dataDirOverride = process.env.PORTICO_DATA_DIR;
if (dataDirOverride) app.setPath('userData', dataDirOverride);

let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
let quitting = false;
const trayState: TrayState = {
  status: null,
  problem: null,
  domains: [],
  paused: false,
  openAtLogin: false,
};

const log = (message: string) => console.error(`[portico] ${message}`);

function notify(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body }).show();
}

const engine = new EngineHost({
  fork: () => forkEngineProcess(join(here, 'engine-process.js'), app.getPath('userData')),
  onNotice: handleNotice,
  log,
});

function handleNotice(notice: EngineNotice): void {
  switch (notice.kind) {
    case 'ready':
      trayState.problem = null;
      void refreshFromEngine();
      break;
    case 'restarting':
      trayState.status = null;
      notify('Portico restarted its engine', `It stopped (code ${notice.code}); restarting.`);
      break;
    case 'gave-up':
      trayState.problem = `engine stopped: ${notice.reason}`;
      notify('Portico engine stopped', `${notice.reason}. Quit and start Portico again.`);
      break;
    case 'fatal':
      trayState.problem = notice.error.message;
      log(`The engine could not start: ${notice.error.message}`);
      break;
  }
  updateTray();
}

async function refreshFromEngine(): Promise<void> {
  const [status, domains] = await Promise.all([
    engine.call('getStatus', {}),
    engine.call('listDomains', {}),
  ]);
  const parsedStatus = status.ok ? EngineStatusSchema.safeParse(status.value) : null;
  if (parsedStatus?.success) applyEvent({ event: 'status', payload: parsedStatus.data });
  else log(`getStatus failed: ${status.ok ? 'malformed answer' : status.error.message}`);
  const parsedDomains = domains.ok ? DomainStateSchema.array().safeParse(domains.value) : null;
  if (parsedDomains?.success) applyDomains(parsedDomains.data, false);
  else log(`listDomains failed: ${domains.ok ? 'malformed answer' : domains.error.message}`);
}

function applyDomains(domains: DomainState[], announce: boolean): void {
  if (announce) {
    for (const notice of healthNotices(healthTransitions(trayState.domains, domains))) {
      notify(notice.title, notice.body);
    }
  }
  trayState.domains = domains;
  updateTray();
}

function isEvent<E extends EventName>(message: EventMessage, event: E): message is EventMessage<E> {
  return message.event === event;
}

function applyEvent(message: EventMessage): void {
  if (isEvent(message, 'domains')) {
    applyDomains(message.payload, true);
  } else if (isEvent(message, 'status')) {
    trayState.status = message.payload;
    trayState.paused = message.payload.paused;
    updateTray();
  }
}

function relay(method: 'setDomainEnabled' | 'setPaused', params: object): void {
  void engine.call(method, params).then((outcome) => {
    if (!outcome.ok) notify('Portico', outcome.error.message);
  });
}

/** Start at login: the window's Settings and the tray menu change the same OS setting. */
function setOpenAtLogin(openAtLogin: boolean): LoginItem {
  app.setLoginItemSettings({ openAtLogin });
  trayState.openAtLogin = app.getLoginItemSettings().openAtLogin;
  updateTray();
  return { supported: true, openAtLogin: trayState.openAtLogin };
}

const loginItemHandlers: Partial<EngineHandlers> = {
  getLoginItem: async () => ({
    supported: true,
    openAtLogin: app.getLoginItemSettings().openAtLogin,
  }),
  setLoginItem: async ({ openAtLogin }) => setOpenAtLogin(openAtLogin),
};

function updateTray(): void {
  if (!tray) return;
  const template = buildTrayTemplate(trayState, {
    setDomainEnabled: (host, enabled) => relay('setDomainEnabled', { host, enabled }),
    openDomain: (url) => void shell.openExternal(url).catch((error: unknown) => log(String(error))),
    setPaused: (paused) => relay('setPaused', { paused }),
    showWindow,
    setOpenAtLogin: (openAtLogin) => void setOpenAtLogin(openAtLogin),
    quit: () => app.quit(),
  });
  tray.setContextMenu(Menu.buildFromTemplate(template));
  tray.setToolTip(`Portico — ${trayState.domains.length} domain(s)`);
}

function createTray(): void {
  const mac = process.platform === 'darwin';
  const icon = nativeImage.createFromPath(
    join(resourcesDir, mac ? 'trayTemplate.png' : 'tray.png'),
  );
  if (mac) icon.setTemplateImage(true);
  tray = new Tray(icon);
  tray.on('click', () => (process.platform === 'win32' ? showWindow() : undefined));
  updateTray();
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    ...mainWindowOptions(join(here, '../preload/index.cjs')),
    icon: join(resourcesDir, 'icon.png'),
  });
  hardenWebContents(window.webContents, {
    appUrl,
    dev: location.kind === 'dev',
    openExternal: (url) => shell.openExternal(url),
    log,
  });
  window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    // The tray app keeps running; Quit is the way out.
    if (!quitting) {
      event.preventDefault();
      window.hide();
    }
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  const loaded =
    location.kind === 'dev' ? window.loadURL(location.url) : window.loadFile(location.indexPath);
  loaded.catch((error: unknown) => log(`The window could not load the UI: ${String(error)}`));
  return window;
}

function showWindow(): void {
  if (!mainWindow) mainWindow = createWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => {
    // Deliberately empty: closing the window must not quit the tray app.
  });
  app.on('activate', showWindow);
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (engine.state === 'stopped' || engine.state === 'failed') return;
    event.preventDefault();
    void engine.stop().finally(() => app.quit());
  });

  app
    .whenReady()
    .then(() => {
      app.setAppUserModelId('dev.portico.app');
      trayState.openAtLogin = app.getLoginItemSettings().openAtLogin;
      registerRpc(ipcMain, {
        isTrustedSender: (url) => isAppUrl(url, appUrl),
        call: (method, params) => engine.call(method, params),
        local: loginItemHandlers,
        log,
      });
      engine.onEvent((message) => {
        applyEvent(message);
        broadcastEvent(
          BrowserWindow.getAllWindows().map((window) => window.webContents),
          message,
        );
      });
      engine.start();
      createTray();
      mainWindow = createWindow();
    })
    .catch((error: unknown) => {
      log(`Portico could not start: ${String(error)}`);
      app.exit(1);
    });
}
