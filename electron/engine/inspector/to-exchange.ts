/**
 * Shapes a recorded exchange into the contract's `Exchange` (the `requests --json` shape)
 * and `ExchangeSummary` (a list row). This is where the work the hot path skipped happens:
 * flat raw header arrays become `[name, value]` pairs, bodies are decoded, secrets redacted.
 */
import type { Exchange, ExchangeSummary, HeaderList } from '../../../shared/exchange';
import { RELAYED, type ExchangeView } from './exchange-view';
import type { HeaderInput } from './recorder-api';
import { responseHeadersToSend } from '../proxy/finalize-response';
import { captureToBody } from './body-capture';

/** Headers whose values are secrets: hidden unless redaction is switched off. */
export const REDACTED_HEADERS: ReadonlySet<string> = new Set([
  'cookie',
  'set-cookie',
  'authorization',
  'proxy-authorization',
]);

export interface ToExchangeOptions {
  /** Replace the values of Cookie, Set-Cookie, Authorization, Proxy-Authorization. */
  redact: boolean;
}

/** Turns a kept header list (flat raw list, pairs, or serialised head) into a fresh pair list. */
export function toPairs(headers: HeaderInput): HeaderList {
  if (typeof headers === 'string') return parseSerializedHead(headers);
  if (headers.length === 0) return [];
  if (Array.isArray(headers[0])) return (headers as HeaderList).map(([n, v]) => [n, v]);
  const flat = headers as readonly string[];
  const pairs: HeaderList = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    pairs.push([flat[i] as string, flat[i + 1] as string]);
  return pairs;
}

/**
 * The header lines of a serialised head, in order; its start line (request or status line),
 * when it has one, is skipped. A header line's name is a token followed by a colon, so a first
 * line with a space before any colon is a start line.
 */
export function parseSerializedHead(head: string): HeaderList {
  const list: HeaderList = [];
  const lines = head.split('\r\n');
  const first = lines[0] as string;
  const colon = first.indexOf(':');
  const space = first.indexOf(' ');
  const hasStartLine = colon < 0 || (space >= 0 && space < colon);
  for (let i = hasStartLine ? 1 : 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    if (colon > 0) list.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return list;
}

export function redactValue(value: string): string {
  return `[redacted: ${Buffer.byteLength(value)} bytes]`;
}

export function redactHeaders(headers: HeaderList): HeaderList {
  return headers.map(([name, value]) =>
    REDACTED_HEADERS.has(name.toLowerCase()) ? [name, redactValue(value)] : [name, value],
  );
}

/** The last value of a header (case-insensitive), or null. */
export function headerValue(headers: HeaderList, name: string): string | null {
  let found: string | null = null;
  for (const [key, value] of headers) if (key.toLowerCase() === name) found = value;
  return found;
}

function round(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 100) / 100;
}

export function toSummary(record: ExchangeView): ExchangeSummary {
  return {
    id: record.id,
    time: new Date(record.startEpoch).toISOString(),
    method: record.method,
    host: record.host,
    path: record.url,
    domain: record.domain,
    target: record.target,
    status: record.status,
    durationMs: round(record.endAt),
    upgrade: record.upgrade,
    error: record.error,
    replayOf: record.replayOf,
  };
}

export function toExchange(record: ExchangeView, options: ToExchangeOptions): Exchange {
  const received = toPairs(record.receivedRaw);
  const forwarded = toPairs(record.forwardedRaw);
  const responseReceived = toPairs(record.responseReceivedRaw);
  const sent =
    record.responseSentRaw === RELAYED
      ? toPairs(responseHeadersToSend(responseReceived.flat()))
      : toPairs(record.responseSentRaw);
  // Bodies are typed by the headers of the side they were captured on.
  const requestBody = captureToBody(
    record.requestCapture,
    headerValue(received, 'content-type'),
    headerValue(received, 'content-encoding'),
  );
  const responseHeaders = sent.length > 0 ? sent : responseReceived;
  const responseBody = captureToBody(
    record.responseCapture,
    headerValue(responseHeaders, 'content-type'),
    headerValue(responseHeaders, 'content-encoding'),
  );
  const hide = options.redact ? redactHeaders : (list: HeaderList) => list;
  return {
    ...toSummary(record),
    clientAddress: record.clientAddress,
    protocol: { httpVersion: record.httpVersion, tls: record.tls, sni: record.sni },
    timings: {
      start: record.startEpoch,
      connected: round(record.connectedAt),
      firstByte: round(record.firstByteAt),
      end: round(record.endAt),
    },
    bytesIn: record.bytesIn,
    bytesOut: record.bytesOut,
    websocket: record.websocket ? { ...record.websocket } : null,
    request: { received: hide(received), forwarded: hide(forwarded), body: requestBody },
    response: { received: hide(responseReceived), sent: hide(sent), body: responseBody },
  };
}
