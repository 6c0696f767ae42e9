/**
 * Where the app's own pages live (the built `index.html` or, in development, the
 * electron-vite dev server) and whether a URL is one of them. The IPC sender check and
 * the navigation guard both use `isAppUrl`, so they cannot disagree.
 */
import { pathToFileURL } from 'node:url';

export type AppLocation = { kind: 'dev'; url: string } | { kind: 'file'; indexPath: string };

export function appUrlOf(location: AppLocation): string {
  return location.kind === 'dev' ? location.url : pathToFileURL(location.indexPath).href;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `candidate` is the app itself: for a `file:` app, the very same file (any
 * query or fragment: the UI routes with the fragment); for a dev server, the same origin.
 * Any other file on disk, and any other site, is foreign.
 */
export function isAppUrl(candidate: string, appUrl: string): boolean {
  const url = parse(candidate);
  const app = parse(appUrl);
  if (!url || !app) return false;
  if (app.protocol === 'file:') {
    return url.protocol === 'file:' && url.host === app.host && url.pathname === app.pathname;
  }
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false;
  return url.origin === app.origin;
}
