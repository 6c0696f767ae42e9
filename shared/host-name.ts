/**
 * Host-name rules shared by the engine, the CLI and the forms in the UI, so that every
 * side accepts and refuses exactly the same names with the same message.
 *
 * A host is normalised (lower case, no trailing dot) and then checked label by label
 * (RFC 1123). `*.name` is a wildcard matching any one-or-more-label prefix of `name`.
 * Names that would shadow real sites are refused with the reason: whether a suffix is real
 * comes from the Public Suffix List (the maintained `tldts` package), not from a hand list.
 */
import { parse } from 'tldts';

export type HostCheck =
  | { ok: true; host: string; wildcard: boolean; needsHostsEntry: boolean }
  | { ok: false; message: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Suffixes reserved so that they never resolve on the Internet, hence safe to serve locally:
 * `localhost`, `test`, `example`, `invalid` (RFC 2606, RFC 6761), `internal` (ICANN, 2024)
 * and `home.arpa` (RFC 8375). Everything else is refused, including suffixes that are not
 * real TLDs *today* (`.lan`, `.dev.corp`): home routers answer for `.lan`, and any unreserved
 * name may be delegated in ICANN's next round of new TLDs, at which point Portico would be
 * shadowing a real site.
 */
export const LOCAL_SUFFIXES = ['localhost', 'test', 'example', 'invalid', 'internal', 'home.arpa'];

/**
 * ICANN TLDs on the HSTS preload list as a whole (Google's registry and a few others): a
 * browser insists on HTTPS for them and a local HTTP fallback can never work. Only used to
 * explain the refusal; whether a TLD is real is the Public Suffix List's call.
 */
const HSTS_PRELOADED_TLDS = new Set([
  'app',
  'dev',
  'page',
  'new',
  'foo',
  'day',
  'boo',
  'mov',
  'zip',
  'esq',
  'ing',
  'meme',
  'phd',
  'prof',
  'rsvp',
  'soy',
  'how',
  'nexus',
  'dad',
  'bank',
  'insurance',
  'google',
  'chrome',
  'android',
]);

/** Lower-cases and removes one trailing dot: `Shop.Localhost.` → `shop.localhost`. */
export function normaliseHost(input: string): string {
  const trimmed = input.trim().toLowerCase();
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}

/** The reserved suffix `name` falls under (`shop.home.arpa` → `home.arpa`), or null. */
export function localSuffixOf(name: string): string | null {
  for (const suffix of LOCAL_SUFFIXES) if (name.endsWith(`.${suffix}`)) return suffix;
  return null;
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
  const name = wildcard ? host.slice(2) : host;
  const labels = name.split('.');
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
  if (/^\d+$/.test(tld))
    return { ok: false, message: 'An IP address is not a domain name Portico can serve.' };

  const local = localSuffixOf(name);
  if (local && wildcard && local !== 'localhost') {
    // A hosts file has no wildcards, so only the base name would ever resolve.
    return {
      ok: false,
      message: `A hosts file cannot hold wildcards, so ${host} would not resolve: use *.${name.slice(0, -local.length - 1)}.localhost (browsers resolve every *.localhost name).`,
    };
  }
  if (local) return { ok: true, host, wildcard, needsHostsEntry: local !== 'localhost' };

  const stem = labels.slice(0, -1).join('.');
  if (tld === 'local') {
    return {
      ok: false,
      message: `.local is used by mDNS (Bonjour/Avahi) and resolves unreliably: use ${stem}.localhost.`,
    };
  }
  return { ok: false, message: shadowingMessage(name, host, tld, stem) };
}

/** Why a name outside the reserved suffixes is refused, from the Public Suffix List. */
function shadowingMessage(name: string, host: string, tld: string, stem: string): string {
  const parsed = parse(name, { allowPrivateDomains: true });
  // `shop.co.uk` → `shop`: suggest the name without its public suffix.
  const base = [parsed.subdomain, parsed.domainWithoutSuffix].filter(Boolean).join('.') || stem;
  const suggestion = `Use ${base}.localhost (or ${base}.test).`;
  if (parsed.isIcann || parsed.isPrivate) {
    const hsts = HSTS_PRELOADED_TLDS.has(tld)
      ? ` .${tld} is HSTS-preloaded: browsers force HTTPS on every .${tld} name.`
      : '';
    const suffix =
      parsed.publicSuffix && parsed.publicSuffix !== tld
        ? ` (under the public suffix ${parsed.publicSuffix})`
        : '';
    if (parsed.isPrivate && parsed.publicSuffix) {
      return `.${tld} is a real top-level domain and ${parsed.publicSuffix} is a public suffix: serving ${host} locally would shadow a real site.${hsts} ${suggestion}`;
    }
    return `.${tld} is a real top-level domain: serving ${host}${suffix} locally would shadow a real site.${hsts} ${suggestion}`;
  }
  if (tld === 'lan' || tld === 'home' || tld === 'corp') {
    return `.${tld} is not reserved for local use: home and office routers answer for it, and ICANN may delegate it one day. ${suggestion}`;
  }
  return `.${tld} is not a name reserved for local use: it could become a real top-level domain (ICANN adds new ones). ${suggestion}`;
}

/** Does `host` (already normalised) fall under the wildcard pattern `*.base`? */
export function matchesWildcard(pattern: string, host: string): boolean {
  const base = pattern.slice(1); // ".shop.localhost"
  return host.endsWith(base) && host.length > base.length;
}
