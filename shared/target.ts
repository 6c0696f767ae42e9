/**
 * Parsing of a domain's target: what a user types (`5173`, `localhost:3000`,
 * `http://127.0.0.1:8000`, `https://[::1]:8443/app`) becomes one normalised URL string.
 */

export type TargetCheck = { ok: true; url: string } | { ok: false; message: string };

/** Parses a port number (1–65535); `null` if the text is not one. */
export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

export function checkTarget(input: string): TargetCheck {
  const text = input.trim();
  if (text === '')
    return {
      ok: false,
      message: 'Enter the dev server: a port (5173) or a URL (http://127.0.0.1:8000).',
    };
  if (/^\d+$/.test(text)) {
    const port = parsePort(text);
    return port === null
      ? { ok: false, message: `Port ${text} is out of range: use 1 to 65535.` }
      : { ok: true, url: `http://localhost:${port}` };
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return {
      ok: false,
      message: `"${text}" is not a port or a URL: try 5173 or http://127.0.0.1:8000.`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `Use an http:// or https:// URL (not ${url.protocol}//).` };
  }
  if (url.username || url.password)
    return { ok: false, message: 'Leave credentials out of the target URL.' };
  if (url.search || url.hash)
    return { ok: false, message: 'Leave the query and fragment out of the target URL.' };
  if (url.port !== '' && parsePort(url.port) === null) {
    return { ok: false, message: `Port ${url.port} is out of range: use 1 to 65535.` };
  }
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}

/** `http://localhost:5173` → `localhost:5173`: how a target is shown to a person. */
export function describeTarget(url: string): string {
  return url.replace(/^http:\/\//, '');
}
