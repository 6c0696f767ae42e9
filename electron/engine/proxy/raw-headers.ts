/**
 * Reading one header from Node's flat `rawHeaders` list. On the hot path this is cheaper than
 * `req.headers`, which builds an object of every header on first access.
 */

/** First value of a header (case-insensitive), or null. */
export function findHeader(raw: readonly string[], lowerName: string): string | null {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === lowerName.length && name.toLowerCase() === lowerName)
      return raw[i + 1] as string;
  }
  return null;
}
