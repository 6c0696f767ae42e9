/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection, so a proxy never
 * forwards them. One list for the proxy, the inspector's explanations, replay and cURL.
 * `close` is no header but the Connection option that ends a connection; RFC 9110 §16.3.2.2
 * reserves the name so that no header can be mistaken for it.
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'close',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Header a replay carries so that the new exchange is linked to the one it repeats. */
export const REPLAY_HEADER = 'x-portico-replay-of';
