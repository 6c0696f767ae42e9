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

/**
 * Whether a `Connection` option needs no remembering: the fixed hop-by-hop headers (among
 * them `close`, whose header name is reserved) go anyway, and Host and Content-Length stay.
 * Nearly every message is `Connection: keep-alive` or `close` (browsers, Node, nginx): such a
 * message now allocates no list and no set.
 */
function needsNoRemembering(option: string): boolean {
  return option === '' || HOP_BY_HOP_HEADERS.has(option) || NEVER_NAMED.has(option);
}

/**
 * The lower-cased header names listed in every `Connection` header of a flat raw list, minus
 * those `isHopByHop` drops or keeps regardless; null when that leaves none.
 */
export function connectionNamedHeaders(rawHeaders: readonly string[]): Set<string> | null {
  let named: Set<string> | null = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    // Length first: lower-casing every name would allocate a string per header per message.
    if (name.length !== 10 || name.toLowerCase() !== 'connection') continue;
    const value = rawHeaders[i + 1] as string;
    // One option (the usual case) is read without splitting the value into a list.
    if (!value.includes(',')) named = withOption(named, value);
    else for (const option of value.split(',')) named = withOption(named, option);
  }
  return named;
}

function withOption(named: Set<string> | null, option: string): Set<string> | null {
  const lower = option.trim().toLowerCase();
  return needsNoRemembering(lower) ? named : (named ?? new Set<string>()).add(lower);
}

/** Whether a lower-cased header name must not cross this hop. */
export function isHopByHop(lowerName: string, named: Set<string> | null): boolean {
  return HOP_BY_HOP_HEADERS.has(lowerName) || (named !== null && named.has(lowerName));
}
