/**
 * Check: a WebSocket upgrade to the dev server THROUGH the proxy succeeds (HMR). `/` is
 * tried first, then the paths the common dev servers use for HMR; a clean non-101 answer
 * everywhere means the app simply has no WebSocket endpoint there (a warning, not a
 * failure), while a proxy error (502/504) or a broken connection is a failure.
 */
import type { DoctorCheck } from '../../../shared/doctor';
import { check, type DomainContext } from './doctor-context';
import { probeUpgrade } from './probe';

const TITLE = 'A WebSocket upgrade through the proxy succeeds';

/** [path, subprotocol, which tool uses it]. */
export const HMR_ENDPOINTS: [string, string | undefined, string][] = [
  ['/', undefined, 'the root'],
  ['/', 'vite-hmr', 'Vite HMR'],
  ['/ws', undefined, 'webpack-dev-server'],
  ['/_next/webpack-hmr', undefined, 'Next.js HMR'],
  ['/sockjs-node', undefined, 'Create React App'],
];

export async function checkWebSocket(context: DomainContext): Promise<DoctorCheck> {
  if (context.port === null)
    return check('websocket', TITLE, 'skip', 'Portico has no listener for this domain.');
  const target = { host: context.name, port: context.port, tls: context.tls };
  const seen: string[] = [];
  for (const [path, protocol, tool] of HMR_ENDPOINTS) {
    const result = await probeUpgrade(target, path, { protocol, timeoutMs: context.timeoutMs });
    if (!result.ok)
      return check(
        'websocket',
        TITLE,
        'fail',
        `The upgrade to ${path} broke off (${result.code}).`,
        'Look at the dev server\'s terminal and at the request in the Inspector (filter "upgrade").',
      );
    if (result.value.upgraded)
      return check(
        'websocket',
        TITLE,
        'pass',
        `${path}${protocol ? ` (${protocol})` : ''} answered 101 Switching Protocols through the proxy (${tool}).`,
      );
    const status = result.value.status;
    if (status === 502 || status === 504)
      return check(
        'websocket',
        TITLE,
        'fail',
        `The proxy answered ${status} to a WebSocket upgrade at ${path}: it could not reach the dev server for it.`,
        'See the dev-server check above; the Inspector shows the error of the upgrade.',
      );
    seen.push(`${path}${protocol ? ` (${protocol})` : ''} → ${status}`);
  }
  return check(
    'websocket',
    TITLE,
    'warn',
    `The app has no WebSocket endpoint at / or the usual HMR paths (${seen.join(', ')}). Fine if it uses no WebSockets; if HMR does not reload, its client may use another path or port.`,
    "If HMR connects to another port, point its client at the proxy: Vite server.hmr.clientPort = 443 (or Portico's HTTPS port), webpack devServer.client.webSocketURL = 'auto://0.0.0.0:0/ws'.",
  );
}
