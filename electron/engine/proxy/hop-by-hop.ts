/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection, so a proxy never
 * forwards them — neither the fixed set nor any header the message's `Connection` names.
 */

import { HOP_BY_HOP_HEADERS } from '../../../shared/hop-by-hop';

/**
 * Headers a `Connection` list may not remove: Host (routing and the upstream's virtual host)
 * and Content-Length (the body's framing — dropping it from a GET with a body would send the
 * body unframed, i.e. as a second request on the pooled upstream connection: smuggling).
 */
const NEVER_NAMED = new Set(['host', 'content-length']);

/** The lower-cased header names listed in every `Connection` header of a flat raw list. */
export function connectionNamedHeaders(rawHeaders: readonly string[]): Set<string> | null {
  let named: Set<string> | null = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    // Length first: lower-casing every name would allocate a string per header per message.
    if (name.length !== 10 || name.toLowerCase() !== 'connection') continue;
    for (const token of (rawHeaders[i + 1] as string).split(',')) {
      const name = token.trim().toLowerCase();
      if (name && !NEVER_NAMED.has(name)) (named ??= new Set()).add(name);
    }
  }
  return named;
}

/** Whether a lower-cased header name must not cross this hop. */
export function isHopByHop(lowerName: string, named: Set<string> | null): boolean {
  return HOP_BY_HOP_HEADERS.has(lowerName) || (named !== null && named.has(lowerName));
}
