import { describe, expect, it } from 'vitest';
import type { WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import { appUrlOf, isAppUrl } from '../../electron/main/app-url';
import {
  contentSecurityPolicy,
  externalUrlToOpen,
  hardenWebContents,
  isAllowedNavigation,
  mainWindowOptions,
} from '../../electron/main/window-options';

const fileApp = appUrlOf({
  kind: 'file',
  indexPath: '/opt/Portico/resources/app.asar/out/renderer/index.html',
});
const devApp = appUrlOf({ kind: 'dev', url: 'http://localhost:5173' });
const DEV_APP_PAGE = 'http://localhost:5173/';

describe('main window options', () => {
  it('isolates the renderer: sandbox and context isolation on, Node off, web security untouched', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs');
    const prefs = options.webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect('webSecurity' in prefs).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(options.show).toBe(false);
    expect(options.width).toBeGreaterThanOrEqual(1000);
  });
});

describe('navigation and external links', () => {
  it('allows only the app page itself (any fragment) for a file app', () => {
    expect(fileApp).toBe(
      pathToFileURL('/opt/Portico/resources/app.asar/out/renderer/index.html').href,
    );
    expect(isAllowedNavigation(`${fileApp}#/inspector`, fileApp)).toBe(true);
    expect(isAllowedNavigation('file:///etc/passwd', fileApp)).toBe(false);
    expect(
      isAllowedNavigation(
        'file:///opt/Portico/resources/app.asar/out/renderer/other.html',
        fileApp,
      ),
    ).toBe(false);
    expect(isAllowedNavigation('https://shop.localhost/', fileApp)).toBe(false);
    expect(isAllowedNavigation('not a url', fileApp)).toBe(false);
  });

  it('allows the dev server origin only, not another port or host', () => {
    expect(isAllowedNavigation('http://localhost:5173/#/domains', devApp)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', devApp)).toBe(false);
    expect(isAllowedNavigation('http://localhost.evil.test:5173/', devApp)).toBe(false);
    expect(isAllowedNavigation('https://localhost:5173/', devApp)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'javascript:alert(1)')).toBe(false);
  });

  it('hands http and https links to the system browser and refuses other schemes', () => {
    expect(externalUrlToOpen('https://shop.localhost/cart')).toBe('https://shop.localhost/cart');
    expect(externalUrlToOpen('http://example.com')).toBe('http://example.com/');
    expect(externalUrlToOpen('file:///etc/passwd')).toBeNull();
    expect(externalUrlToOpen('javascript:alert(1)')).toBeNull();
    expect(externalUrlToOpen('smb://share/x')).toBeNull();
    expect(externalUrlToOpen('ms-settings:privacy')).toBeNull();
    expect(externalUrlToOpen('https://user:pw@example.com/')).toBeNull();
    expect(externalUrlToOpen('')).toBeNull();
  });

  it('has a CSP that allows scripts only from the app in production', () => {
    const csp = contentSecurityPolicy(false);
    expect(csp).toContain("script-src 'self'");
    expect(csp.split('; ').find((d) => d.startsWith('script-src'))).toBe("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(contentSecurityPolicy(true)).toContain("script-src 'self' 'unsafe-inline'");
  });
});

/** A stand-in for Electron's WebContents (the binary is the one thing that may be faked). */
function fakeWebContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  let permissionHandler:
    | ((
        wc: unknown,
        permission: string,
        cb: (ok: boolean) => void,
        details: { requestingUrl: string },
      ) => void)
    | null = null;
  let headersHandler:
    | ((
        details: { url: string; responseHeaders?: Record<string, string[]> },
        cb: (r: unknown) => void,
      ) => void)
    | null = null;
  const contents = {
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler: typeof openHandler) {
      openHandler = handler;
    },
    session: {
      setPermissionRequestHandler(handler: typeof permissionHandler) {
        permissionHandler = handler;
      },
      setPermissionCheckHandler() {},
      webRequest: {
        onHeadersReceived(handler: typeof headersHandler) {
          headersHandler = handler;
        },
      },
    },
  };
  return {
    contents: contents as unknown as WebContents,
    navigate(url: string) {
      let prevented = false;
      listeners.get('will-navigate')!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    },
    open: (url: string) => openHandler!({ url }),
    askPermission(permission: string, requestingUrl = DEV_APP_PAGE) {
      let granted: boolean | null = null;
      permissionHandler!(null, permission, (ok) => (granted = ok), { requestingUrl });
      return granted;
    },
    headersFor(url: string) {
      let result: unknown;
      headersHandler!(
        { url, responseHeaders: { 'content-type': ['text/html'] } },
        (r) => (result = r),
      );
      return result as { responseHeaders: Record<string, string[]> };
    },
  };
}

describe('hardenWebContents', () => {
  it('wires the decisions: foreign navigation and new windows denied, links opened outside, permissions denied, CSP set', async () => {
    const opened: string[] = [];
    const logged: string[] = [];
    const fake = fakeWebContents();
    hardenWebContents(fake.contents, {
      appUrl: devApp,
      dev: false,
      openExternal: async (url) => {
        opened.push(url);
      },
      log: (message) => logged.push(message),
    });
    expect(fake.navigate('http://localhost:5173/#/x')).toBe(false);
    expect(fake.navigate('https://evil.example/')).toBe(true);
    expect(fake.open('https://docs.example/guide')).toEqual({ action: 'deny' });
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(opened).toEqual(['https://evil.example/', 'https://docs.example/guide']);
    expect(logged.some((line) => line.includes('file:///etc/passwd'))).toBe(true);
    expect(fake.askPermission('media')).toBe(false);
    expect(fake.askPermission('notifications')).toBe(false);
    expect(fake.askPermission('clipboard-read')).toBe(false);
    // The copy buttons: clipboard writes from the app's own page only.
    expect(fake.askPermission('clipboard-sanitized-write')).toBe(true);
    expect(fake.askPermission('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(
      fake.headersFor('http://localhost:5173/').responseHeaders['Content-Security-Policy'],
    ).toEqual([contentSecurityPolicy(false)]);
    expect(
      fake.headersFor('https://shop.localhost/').responseHeaders['Content-Security-Policy'],
    ).toBeUndefined();
  });
});
