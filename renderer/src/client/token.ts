/**
 * The admin API token of the web dashboard. `portico serve` prints a URL with the token in
 * the fragment (`#token=…`), which browsers never send to a server. The page keeps it in
 * sessionStorage (so a reload works) and removes it from the visible URL and history.
 */

const STORAGE_KEY = 'portico.token';

/** Reads `token` from a URL fragment such as `#token=abc` or `#x=1&token=abc`. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && /^[A-Za-z0-9._~-]+$/.test(token) ? token : null;
}

export interface TokenEnvironment {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** Takes the token from the fragment (storing it) or from storage; null when there is none. */
export function takeToken(env: TokenEnvironment): string | null {
  const fromHash = tokenFromHash(env.location.hash);
  if (fromHash) {
    env.storage.setItem(STORAGE_KEY, fromHash);
    env.history.replaceState(null, '', env.location.pathname + env.location.search);
    return fromHash;
  }
  return env.storage.getItem(STORAGE_KEY);
}
