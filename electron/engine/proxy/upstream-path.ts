// The request path for the upstream, computed as http-proxy-3 did, so that moving plain
// requests off the library changed no URL a dev server sees.

/** Paths that need no normalising: origin-form, no dot segments, only URL-safe characters. */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

/**
 * The path for the upstream: the target's own path (if any) joined with the request's, as
 * http-proxy-3 did it for plain requests (`prependPath`, query strings merged with `&`).
 * Unusual request targets (dot segments, absolute-form, characters a URL escapes) are
 * normalised through the URL parser like the library did; the common case is not.
 */
export function upstreamPath(target: URL, url: string): string {
  const path =
    PLAIN_PATH.test(url) && !/\/(\.|%2e)/i.test(url.split('?', 1)[0] as string)
      ? url
      : normalisedPath(url);
  const base = `${target.pathname}${target.search}`;
  if (base === '/' || base === '') return path;
  return joinPaths(base, path);
}

function normalisedPath(url: string): string {
  if (url === '' || url.startsWith('?')) return url;
  const parsed = new URL(
    url.startsWith('//') ? `http://base.invalid${url}` : url,
    'http://base.invalid',
  );
  return `${parsed.pathname}${parsed.search}`;
}

function joinPaths(...parts: string[]): string {
  const queries: string[] = [];
  let joined = '';
  for (const part of parts) {
    const q = part.indexOf('?');
    const seg = q === -1 ? part : part.slice(0, q);
    if (q !== -1) queries.push(part.slice(q + 1));
    if (!seg) continue;
    if (joined.endsWith('/')) joined += seg.startsWith('/') ? seg.slice(1) : seg;
    else joined += seg.startsWith('/') ? seg : `/${seg}`;
  }
  const query = queries.filter(Boolean).join('&');
  return query ? `${joined}?${query}` : joined;
}
