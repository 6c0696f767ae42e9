/**
 * Stage 2 of the pipeline: the request head the dev server will receive.
 *
 * Order matters: hop-by-hop headers (and every header named in `Connection`) are dropped
 * first, then Portico's own forwarded headers are added, so a client cannot erase them with
 * `Connection: X-Forwarded-For`. Incoming X-Forwarded-* / X-Real-IP / Forwarded are kept only
 * from a trusted proxy (and appended to); from anyone else they are replaced.
 */
import type { Route } from './route-table';
import type { ClientInfo } from './client-info';
import { connectionNamedHeaders, isHopByHop } from './hop-by-hop';

export { REPLAY_HEADER } from '../../../shared/hop-by-hop';
import { REPLAY_HEADER } from '../../../shared/hop-by-hop';
/** Our Via pseudonym; seeing it several times means the request is looping through us. */
export const VIA_PSEUDONYM = 'portico';

/** A request head for the upstream: lower-case names, repeated headers as arrays. */
export type UpstreamHeaders = Record<string, string | string[]>;

export interface PreparedRequest {
  headers: UpstreamHeaders;
  /** The exchange id a replay refers to (only honoured from loopback clients). */
  replayOf: string | null;
  /** How many times this request already went through a Portico (from Via). */
  hops: number;
  /** The client sent its body chunked (its length is unknown until it ends). */
  chunkedBody: boolean;
}

const FORWARDING = new Set([
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-real-ip',
  'forwarded',
]);

export function prepareRequest(
  rawHeaders: readonly string[],
  client: ClientInfo,
  route: Route,
  upgrade: string | null,
  loopbackClient: boolean,
): PreparedRequest {
  const named = connectionNamedHeaders(rawHeaders);
  const headers: UpstreamHeaders = {};
  const incoming: Record<string, string> = {};
  let host = '';
  let replayOf: string | null = null;
  let hops = 0;
  let chunkedBody = false;

  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    // Node's parser only accepts a request Transfer-Encoding that ends in chunked.
    if (name === 'transfer-encoding') chunkedBody = true;
    if (isHopByHop(name, named)) continue;
    // Node's server already answered the client's `Expect: 100-continue` and the body is on
    // its way: asking the dev server again would only stall the request.
    if (name === 'expect') continue;
    if (FORWARDING.has(name)) {
      // Joined with ", " as HTTP list semantics allow; only used when the client is trusted.
      if (client.trusted) incoming[name] = incoming[name] ? `${incoming[name]}, ${value}` : value;
      continue;
    }
    if (name === REPLAY_HEADER) {
      if (loopbackClient) replayOf = value;
      continue;
    }
    if (name === 'host') {
      if (!host) host = value;
      continue;
    }
    if (name === 'via') hops += countPseudonym(value);
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else headers[name] = [existing, value];
  }

  const proto = client.tls ? 'https' : 'http';
  // Host goes first, as clients send it.
  const outgoing: UpstreamHeaders = {
    host: route.domain.rewriteHost ? route.target.host : host,
  };
  Object.assign(outgoing, headers);
  outgoing['x-forwarded-for'] = appendIfTrusted(incoming['x-forwarded-for'], client.address);
  outgoing['x-forwarded-proto'] = incoming['x-forwarded-proto'] ?? proto;
  outgoing['x-forwarded-host'] = incoming['x-forwarded-host'] ?? host;
  outgoing['x-forwarded-port'] = incoming['x-forwarded-port'] ?? client.localPort;
  outgoing['x-real-ip'] = incoming['x-real-ip'] ?? client.address;
  if (route.domain.forwardedHeader) {
    outgoing['forwarded'] = appendIfTrusted(
      incoming['forwarded'],
      forwardedElement(client.address, host, proto),
    );
  } else if (incoming['forwarded'] !== undefined) {
    outgoing['forwarded'] = incoming['forwarded'];
  }
  const via = `1.1 ${VIA_PSEUDONYM}`;
  const existingVia = outgoing['via'];
  outgoing['via'] = existingVia === undefined ? via : [...toArray(existingVia), via];
  if (upgrade !== null) {
    outgoing['connection'] = 'upgrade';
    outgoing['upgrade'] = upgrade;
  }
  return { headers: outgoing, replayOf, hops, chunkedBody };
}

function appendIfTrusted(trustedValue: string | undefined, ours: string): string {
  return trustedValue === undefined ? ours : `${trustedValue}, ${ours}`;
}

/** RFC 7239 element; IPv6 addresses and host:port need quoting. */
export function forwardedElement(address: string, host: string, proto: string): string {
  const forNode = address.includes(':') ? `"[${address}]"` : address;
  const hostValue = /^[A-Za-z0-9.-]+$/.test(host) ? host : `"${host.replace(/["\\]/g, '')}"`;
  return `for=${forNode};host=${hostValue};proto=${proto}`;
}

function countPseudonym(via: string): number {
  let count = 0;
  for (const part of via.split(',')) {
    const fields = part.trim().split(/\s+/);
    if (fields[1] === VIA_PSEUDONYM) count++;
  }
  return count;
}

function toArray(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}
