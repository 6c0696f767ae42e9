/**
 * Host-name rules shared by the engine, the CLI and the forms in the UI, so that every
 * side accepts and refuses exactly the same names with the same message.
 *
 * A host is normalised (lower case, no trailing dot) and then checked label by label
 * (RFC 1123). `*.name` is a wildcard matching any one-or-more-label prefix of `name`.
 * Names that would shadow real sites are refused with the reason.
 */

export type HostCheck =
  | { ok: true; host: string; wildcard: boolean; needsHostsEntry: boolean }
  | { ok: false; message: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** TLDs reserved for local use (RFC 2606, RFC 6761, ICANN's `.internal`). */
const LOCAL_TLDS = new Set(['localhost', 'test', 'example', 'invalid', 'internal']);

/** Lower-cases and removes one trailing dot: `Shop.Localhost.` → `shop.localhost`. */
export function normaliseHost(input: string): string {
  const trimmed = input.trim().toLowerCase();
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}

/** Validates a host name a user wants Portico to serve, and says how to fix it if not. */
export function checkHost(input: string): HostCheck {
  const host = normaliseHost(input);
  if (host === '')
    return { ok: false, message: 'Enter a domain name, for example shop.localhost.' };
  if (host.length > 253)
    return { ok: false, message: 'A domain name is at most 253 characters long.' };
  if (/[:/\s]/.test(host)) {
    return {
      ok: false,
      message: `"${input.trim()}" is not a domain name: leave out the scheme, port and path (shop.localhost).`,
    };
  }
  const wildcard = host.startsWith('*.');
  const labels = (wildcard ? host.slice(2) : host).split('.');
  for (const label of labels) {
    if (label === '*')
      return { ok: false, message: 'A wildcard may only be the first label: *.shop.localhost.' };
    if (!LABEL.test(label)) {
      return {
        ok: false,
        message: label
          ? `"${label}" is not a valid label: use letters, digits and hyphens (not at either end), at most 63 characters.`
          : 'A domain name cannot have empty labels (two dots in a row, or a leading dot).',
      };
    }
  }
  const tld = labels[labels.length - 1] ?? '';
  if (labels.length < 2) {
    return {
      ok: false,
      message: `"${host}" needs a name and a top-level domain: try ${host}.localhost.`,
    };
  }
  if (tld === 'local') {
    return {
      ok: false,
      message: `.local is used by mDNS (Bonjour/Avahi) and resolves unreliably: use ${labels.slice(0, -1).join('.')}.localhost.`,
    };
  }
  if (/^\d+$/.test(tld))
    return { ok: false, message: 'An IP address is not a domain name Portico can serve.' };
  if (!LOCAL_TLDS.has(tld)) {
    return {
      ok: false,
      message: `.${tld} is a real top-level domain: serving ${host} locally would shadow a real site (and .dev/.app are HSTS-preloaded). Use ${labels.slice(0, -1).join('.')}.localhost.`,
    };
  }
  return { ok: true, host, wildcard, needsHostsEntry: tld !== 'localhost' };
}

/** Does `host` (already normalised) fall under the wildcard pattern `*.base`? */
export function matchesWildcard(pattern: string, host: string): boolean {
  const base = pattern.slice(1); // ".shop.localhost"
  return host.endsWith(base) && host.length > base.length;
}
