/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection, so a proxy never
 * forwards them — neither the fixed set nor any header the message's `Connection` names.
 */

export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The lower-cased header names listed in every `Connection` header of a flat raw list. */
export function connectionNamedHeaders(rawHeaders: readonly string[]): Set<string> | null {
  let named: Set<string> | null = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() !== 'connection') continue;
    for (const token of (rawHeaders[i + 1] as string).split(',')) {
      const name = token.trim().toLowerCase();
      if (name) (named ??= new Set()).add(name);
    }
  }
  return named;
}

/** Whether a lower-cased header name must not cross this hop. */
export function isHopByHop(lowerName: string, named: Set<string> | null): boolean {
  return HOP_BY_HOP.has(lowerName) || (named !== null && named.has(lowerName));
}
