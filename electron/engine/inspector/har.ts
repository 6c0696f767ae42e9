/**
 * Exports exchanges as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the
 * format browsers' DevTools import. A HAR describes what the browser saw, so it uses the
 * request headers as received and the response headers as sent; what the dev server got
 * and answered goes in the `_portico` extra of each entry.
 */
import { isIP } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { Exchange, HeaderList } from '../../../shared/exchange';
import { headerValue } from './to-exchange';

export interface HarOptions {
  creatorVersion: string;
}

interface HarNameValue {
  name: string;
  value: string;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
  };
}

export type HarEntry = Record<string, unknown> & { startedDateTime: string; time: number };

export function toHar(exchanges: readonly Exchange[], options: HarOptions): Har {
  // HAR lists entries in the order they started; the inspector lists newest first, so
  // reversing first keeps exchanges that started in the same millisecond in order.
  const ordered = [...exchanges].reverse().sort((a, b) => a.timings.start - b.timings.start);
  return {
    log: {
      version: '1.2',
      creator: { name: 'Portico', version: options.creatorVersion },
      entries: ordered.map(toEntry),
    },
  };
}

function toEntry(exchange: Exchange): HarEntry {
  const { request, response } = exchange;
  const url = publicUrl(exchange);
  const timings = harTimings(exchange);
  const time = [timings.connect, timings.send, timings.wait, timings.receive].reduce(
    (sum, part) => sum + Math.max(0, part),
    0,
  );
  const requestType = headerValue(request.received, 'content-type');
  const responseType = headerValue(response.sent, 'content-type');
  const status = exchange.status ?? 0;
  const entry: HarEntry = {
    startedDateTime: new Date(exchange.timings.start).toISOString(),
    time,
    request: {
      method: exchange.method,
      url,
      httpVersion: `HTTP/${exchange.protocol.httpVersion}`,
      headers: nameValues(request.received),
      queryString: queryString(url),
      cookies: requestCookies(request.received),
      headersSize: -1,
      bodySize: request.body?.size ?? contentLength(request.received) ?? 0,
      ...(request.body
        ? {
            postData: {
              mimeType: requestType ?? 'application/octet-stream',
              text: request.body.text ?? request.body.base64 ?? '',
              ...(request.body.text === null ? { _encoding: 'base64' } : {}),
            },
          }
        : {}),
    },
    response: {
      status,
      statusText: status ? (STATUS_CODES[status] ?? '') : '',
      httpVersion: `HTTP/${exchange.protocol.httpVersion}`,
      headers: nameValues(response.sent),
      cookies: responseCookies(response.sent),
      content: {
        size: response.body?.size ?? contentLength(response.sent) ?? 0,
        mimeType: responseType ?? 'x-unknown',
        ...(response.body?.text != null ? { text: response.body.text } : {}),
        ...(response.body?.base64 != null
          ? { text: response.body.base64, encoding: 'base64' }
          : {}),
        ...(response.body?.truncated
          ? { comment: `Only the first bytes were captured (of ${response.body.size}).` }
          : {}),
      },
      redirectURL: headerValue(response.sent, 'location') ?? '',
      headersSize: -1,
      bodySize: response.body?.size ?? contentLength(response.sent) ?? -1,
      ...(exchange.error ? { _error: exchange.error } : {}),
    },
    cache: {},
    timings,
    _resourceType: resourceType(exchange, responseType),
    _portico: {
      id: exchange.id,
      domain: exchange.domain,
      target: exchange.target,
      clientAddress: exchange.clientAddress,
      replayOf: exchange.replayOf,
      error: exchange.error,
      tls: exchange.protocol.tls,
      sni: exchange.protocol.sni,
      forwardedRequestHeaders: nameValues(request.forwarded),
      upstreamResponseHeaders: nameValues(response.received),
      websocket: exchange.websocket,
    },
  };
  const serverIp = targetHost(exchange.target);
  if (serverIp) entry.serverIPAddress = serverIp;
  return entry;
}

/** The URL the browser asked for: scheme from TLS, authority from the Host it sent. */
export function publicUrl(exchange: Exchange): string {
  const scheme = exchange.protocol.tls ? 'https' : 'http';
  const authority = headerValue(exchange.request.received, 'host') ?? exchange.host;
  try {
    return new URL(exchange.path, `${scheme}://${authority}`).href;
  } catch {
    // A Host header that is not a valid authority (the proxy refused it): keep what we know.
    return `${scheme}://${encodeURIComponent(exchange.host)}${exchange.path.startsWith('/') ? exchange.path : '/'}`;
  }
}

function harTimings(exchange: Exchange) {
  const { connected, firstByte, end } = exchange.timings;
  const sendStart = connected ?? 0;
  const waitEnd = firstByte ?? end ?? sendStart;
  return {
    blocked: -1,
    dns: -1,
    connect: connected ?? -1,
    ssl: -1,
    send: 0,
    wait: Math.max(0, waitEnd - sendStart),
    receive: firstByte !== null && end !== null ? Math.max(0, end - firstByte) : 0,
  };
}

function nameValues(headers: HeaderList): HarNameValue[] {
  return headers.map(([name, value]) => ({ name, value }));
}

function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function isRedacted(value: string): boolean {
  return value.startsWith('[redacted: ');
}

function requestCookies(headers: HeaderList): HarNameValue[] {
  const cookies: HarNameValue[] = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'cookie' || isRedacted(value)) continue;
    for (const part of value.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0)
        cookies.push({ name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() });
    }
  }
  return cookies;
}

function responseCookies(headers: HeaderList): HarNameValue[] {
  const cookies: HarNameValue[] = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'set-cookie' || isRedacted(value)) continue;
    const first = value.split(';')[0] ?? '';
    const eq = first.indexOf('=');
    if (eq > 0)
      cookies.push({ name: first.slice(0, eq).trim(), value: first.slice(eq + 1).trim() });
  }
  return cookies;
}

function contentLength(headers: HeaderList): number | null {
  const value = headerValue(headers, 'content-length');
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

/** The target's IP address; HAR's serverIPAddress must be an IP, so names give null. */
function targetHost(target: string | null): string | null {
  if (!target) return null;
  try {
    const host = new URL(target).hostname.replace(/^\[|\]$/g, '');
    return isIP(host) ? host : null;
  } catch {
    return null;
  }
}

function resourceType(exchange: Exchange, contentType: string | null): string {
  if (exchange.upgrade === 'websocket') return 'websocket';
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('text/html')) return 'document';
  if (type.startsWith('text/css')) return 'stylesheet';
  if (type.includes('javascript')) return 'script';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('font/')) return 'font';
  if (type.startsWith('text/event-stream')) return 'eventsource';
  if (type.includes('json')) return 'fetch';
  return 'other';
}
