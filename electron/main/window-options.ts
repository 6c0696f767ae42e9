/**
 * The main window's options and the guards on its web contents: a sandboxed,
 * context-isolated renderer without Node, which may not navigate away, open windows,
 * get permissions, or run scripts from anywhere but the app itself. The decisions are
 * pure functions (unit-tested); `hardenWebContents` only wires them to Electron.
 */
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { isAppUrl } from './app-url';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 760,
    minWidth: 760,
    minHeight: 480,
    title: 'Portico',
    // Shown on `ready-to-show`, so the user never sees an empty white frame.
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      // webSecurity is left at its default (on) on purpose.
    },
  };
}

/** Navigation is allowed only within the app's own page. */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  return isAppUrl(url, appUrl);
}

/**
 * The URL to hand to the system browser for a link the page tried to open, or null to
 * refuse it: only http and https (no `file:`, `javascript:`, custom schemes that launch apps).
 */
export function externalUrlToOpen(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username || parsed.password) return null;
  return parsed.href;
}

/**
 * The app pages' Content-Security-Policy. Scripts only from the app itself; the dev
 * server additionally needs inline scripts and its WebSocket for hot reload.
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    dev ? "connect-src 'self' ws: http://localhost:*" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Every permission is denied except writing text to the clipboard from the app's own pages
 * (the copy buttons for URLs, cURL commands and fixes).
 */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  appUrl: string,
): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl, appUrl);
}

export interface HardenOptions {
  appUrl: string;
  dev: boolean;
  openExternal(url: string): Promise<void>;
  /** Where a refused navigation or failed hand-off is reported (never silently dropped). */
  log(message: string): void;
}

export function hardenWebContents(webContents: WebContents, options: HardenOptions): void {
  const openOutside = (url: string) => {
    const external = externalUrlToOpen(url);
    if (external === null) {
      options.log(`Refused to open ${url}: only http and https links open in the browser.`);
      return;
    }
    options.openExternal(external).catch((error: unknown) => {
      options.log(`Could not open ${external}: ${String(error)}`);
    });
  };

  webContents.on('will-navigate', (event, url) => {
    if (isAllowedNavigation(url, options.appUrl)) return;
    event.preventDefault();
    openOutside(url);
  });
  webContents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, options.appUrl)) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });

  const session = webContents.session;
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl, options.appUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    // For file:// pages the origin is just "file://": the page's URL is what identifies the app.
    isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, options.appUrl),
  );

  const csp = contentSecurityPolicy(options.dev);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (isAppUrl(details.url, options.appUrl)) headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}
