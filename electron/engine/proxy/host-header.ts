/**
 * Stage 0 of the pipeline: parse the request's Host header into a routable name.
 * Malformed hosts are refused (400) before routing; names are lower-cased and a trailing
 * dot removed, so `Shop.Localhost.:8443` and `shop.localhost` route the same.
 */

export type ParsedHost =
  { ok: true; hostname: string; port: number | null } | { ok: false; reason: string };

const NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

export function parseHostHeader(value: string | undefined): ParsedHost {
  if (value === undefined || value === '')
    return { ok: false, reason: 'The request has no Host header.' };
  let hostPart = value;
  let portPart: string | null = null;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0) return { ok: false, reason: `Malformed Host "${value}".` };
    hostPart = value.slice(0, close + 1);
    const rest = value.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return { ok: false, reason: `Malformed Host "${value}".` };
      portPart = rest.slice(1);
    }
  } else {
    const colon = value.indexOf(':');
    if (colon >= 0) {
      hostPart = value.slice(0, colon);
      portPart = value.slice(colon + 1);
    }
  }
  let port: number | null = null;
  if (portPart !== null) {
    if (!/^\d{1,5}$/.test(portPart) || Number(portPart) < 1 || Number(portPart) > 65535) {
      return { ok: false, reason: `Malformed Host "${value}": the port must be 1 to 65535.` };
    }
    port = Number(portPart);
  }
  let hostname = hostPart.toLowerCase();
  if (hostname.endsWith('.')) hostname = hostname.slice(0, -1);
  if (
    hostname.length === 0 ||
    hostname.length > 253 ||
    !(NAME.test(hostname) || IPV6.test(hostname))
  ) {
    return { ok: false, reason: `Malformed Host "${value}".` };
  }
  return { ok: true, hostname, port };
}
