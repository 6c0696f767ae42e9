/**
 * Serves the dashboard (the renderer build) from the admin server, with the security
 * headers every page gets. The pages need no token (they read it from the URL fragment);
 * the Host check still applies before this runs. When the build is missing, a small page
 * says how to make it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every admin response (pages and API alike). */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portico</title></head>
<body><h1>Portico</h1><p>The dashboard is not built: run <code>npm run build</code>, then reload.</p>
<p>The engine and its admin API are running.</p></body></html>
`;

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createDashboardHandler(dashboardDir: string | null): StaticHandler {
  let serve: ReturnType<typeof sirv> | null = null;
  const notFound = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
  };
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    // The build may appear while the engine runs (npm run build in another terminal).
    if (!serve && dashboardDir && existsSync(path.join(dashboardDir, 'index.html'))) {
      serve = sirv(dashboardDir, { dev: false, etag: true, single: true, dotfiles: false });
    }
    if (!serve) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
      return;
    }
    serve(req, res, () => notFound(req, res));
  };
}
