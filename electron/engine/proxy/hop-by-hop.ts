/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection, so a proxy never
 * forwards them — neither the fixed set nor any header the message's `Connection` names.
 */

import { addConnectionNames, HOP_BY_HOP_HEADERS } from '../../../shared/hop-by-hop';

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
    named = addConnectionNames(rawHeaders[i + 1] as string, named);
  }
  return named;
}

/** Whether a lower-cased header name must not cross this hop. */
export function isHopByHop(lowerName: string, named: Set<string> | null): boolean {
  return HOP_BY_HOP_HEADERS.has(lowerName) || (named !== null && named.has(lowerName));
}
