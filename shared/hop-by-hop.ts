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

/**
 * Headers a `Connection` list may not remove: Host (routing and the upstream's virtual host)
 * and Content-Length (the body's framing — dropping it from a GET with a body would send the
 * body unframed, i.e. as a second request on the pooled upstream connection: smuggling).
 */
const NEVER_NAMED: ReadonlySet<string> = new Set(['host', 'content-length']);

/**
 * Adds the header names one `Connection` value lists to `named` (made when first needed) and
 * returns it: the names a proxy must drop besides HOP_BY_HOP_HEADERS. Options that are fixed
 * hop-by-hop headers (`keep-alive`, `close`…) are not added, nor Host and Content-Length.
 * Nearly every message carries one such option alone, and is read without a list or a set.
 */
export function addConnectionNames(value: string, named: Set<string> | null): Set<string> | null {
  if (!value.includes(',')) return withOption(named, value);
  let result = named;
  for (const option of value.split(',')) result = withOption(result, option);
  return result;
}

/** The names every `Connection` header of a list of header pairs adds (addConnectionNames). */
export function connectionNamedIn(pairs: Iterable<readonly [string, string]>): Set<string> | null {
  let named: Set<string> | null = null;
  for (const [name, value] of pairs)
    if (name.toLowerCase() === 'connection') named = addConnectionNames(value, named);
  return named;
}

function withOption(named: Set<string> | null, option: string): Set<string> | null {
  const name = option.trim().toLowerCase();
  const mustRemember = name !== '' && !HOP_BY_HOP_HEADERS.has(name) && !NEVER_NAMED.has(name);
  return mustRemember ? (named ?? new Set<string>()).add(name) : named;
}

/** Header a replay carries so that the new exchange is linked to the one it repeats. */
export const REPLAY_HEADER = 'x-portico-replay-of';
