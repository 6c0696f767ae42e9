/**
 * One-line, plain-English reasons for each header change the proxy makes, shown next to
 * the before ⇄ after rows of the inspector. Platform-free: the renderer imports it.
 */

export { HOP_BY_HOP_HEADERS } from './hop-by-hop';
import { HOP_BY_HOP_HEADERS, REPLAY_HEADER } from './hop-by-hop';

export type HeaderChange = 'same' | 'added' | 'changed' | 'removed';
export type HeaderDirection = 'request' | 'response';

export interface ExplainContext {
  direction: HeaderDirection;
  /** Lower-cased names listed in the `Connection` header(s) of the "before" side. */
  connectionNames: ReadonlySet<string>;
  /** Whether the exchange is a WebSocket upgrade. */
  websocket: boolean;
  before: readonly string[];
  after: readonly string[];
}

const HOP = 'hop-by-hop (RFC 9110 §7.6.1)';

const FORWARDED_PURPOSE: Record<string, string> = {
  'x-forwarded-for': "tells the dev server the browser's address (it only sees Portico's)",
  'x-forwarded-proto':
    'tells the dev server the browser used https, so redirects and secure cookies stay right',
  'x-forwarded-host': 'tells the dev server the name the browser asked for',
  'x-forwarded-port': 'tells the dev server the port the browser connected to',
  'x-real-ip': "tells the dev server the browser's address in a single value",
  forwarded: 'the standard RFC 7239 form of the X-Forwarded-* headers',
};

const HOP_PURPOSE: Record<string, string> = {
  close:
    'the name is reserved for the Connection option close, which ends the connection (RFC 9110 §16.3.2.2)',
  connection: 'it only describes the browser ⇄ Portico connection',
  'keep-alive': 'connection reuse is negotiated separately on each hop',
  'proxy-connection': 'a non-standard header some clients send; it means nothing to a server',
  te: 'transfer codings are negotiated per connection',
  trailer: 'trailers are announced per connection',
  'transfer-encoding': 'the body is re-framed for each connection (chunked or by length)',
  upgrade: 'protocol switches are negotiated per connection',
};

/** The reason for one row, or null when the row needs none (unchanged ordinary header). */
export function explainHeader(
  name: string,
  change: HeaderChange,
  ctx: ExplainContext,
): string | null {
  const key = name.toLowerCase();
  const toServer = ctx.direction === 'request';

  if (key === 'host' && toServer) {
    if (change === 'same')
      return 'Kept: the dev server sees the name the browser used (its host checks rely on it).';
    if (change === 'changed')
      return "Rewritten to the target's host: this domain has 'rewrite Host' on.";
    if (change === 'added') return 'Added by Portico: HTTP/1.1 requires a Host header.';
  }

  if (key === REPLAY_HEADER) {
    return change === 'removed'
      ? "Portico's own replay marker: used to link the replay, never forwarded."
      : null;
  }

  if (toServer && key in FORWARDED_PURPOSE) {
    const purpose = FORWARDED_PURPOSE[key] as string;
    if (change === 'added') return `Added by Portico: ${purpose}.`;
    if (change === 'changed') {
      const appended =
        ctx.before.length > 0 && ctx.after.join(', ').startsWith(ctx.before.join(', '));
      return appended
        ? `Appended to: the sender is a trusted proxy, so Portico adds this hop to its list; ${purpose}.`
        : `Replaced, not appended: the client is not a trusted proxy, so its value could be forged; ${purpose}.`;
    }
    if (change === 'removed')
      return 'Removed: the client is not a trusted proxy, so its value could be forged.';
    return `Passed on unchanged: ${purpose}.`;
  }

  if (ctx.websocket && (key === 'upgrade' || key === 'connection')) {
    if (change === 'same')
      return 'Kept for the WebSocket handshake: Upgrade: websocket and Connection: upgrade are forwarded.';
    if (change === 'changed' || change === 'added')
      return 'Set for the WebSocket handshake: only Upgrade: websocket and Connection: upgrade are forwarded.';
  }

  if (HOP_BY_HOP_HEADERS.has(key)) {
    const purpose = HOP_PURPOSE[key] as string;
    if (change === 'removed') return `Not forwarded: ${HOP}, ${purpose}.`;
    if (change === 'changed' || change === 'added') return `Set for this hop: ${HOP}, ${purpose}.`;
    return null;
  }

  if (ctx.connectionNames.has(key) && change === 'removed') {
    return `Not forwarded: the Connection header named it, which makes it ${HOP}.`;
  }

  if (key === 'content-length' && change !== 'same') {
    return change === 'removed'
      ? 'Dropped because the body is framed differently on this hop (chunked).'
      : 'Set because the body is framed by length on this hop.';
  }
  if (key === 'via' && change !== 'same')
    return 'Added by Portico: names the proxy the message went through.';
  if (key === 'strict-transport-security' && change !== 'same') {
    return 'Set by Portico: HTTPS is on for this domain.';
  }

  if (change === 'same') return null;
  const where = toServer ? 'on the way to the dev server' : 'on the way to the browser';
  if (change === 'added') return `Added by Portico ${where}.`;
  if (change === 'removed') return `Removed by Portico ${where}.`;
  return `Changed by Portico ${where}.`;
}
