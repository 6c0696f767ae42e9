/**
 * Header lists as the inspector shows them: `[name, value]` pairs in wire order.
 */
import type { ClientRequest } from 'node:http';
import type { HeaderList } from '../../../shared/exchange';
import type { HeaderInput } from '../inspector/recorder-api';

/** Node's flat `rawHeaders` array → pairs. */
export function pairs(raw: readonly string[]): HeaderList {
  const list: HeaderList = [];
  for (let i = 0; i < raw.length; i += 2) list.push([raw[i] as string, raw[i + 1] as string]);
  return list;
}

/**
 * The head exactly as it was written to the upstream socket. Node keeps the serialised head
 * of an outgoing message in `_header` (an internal, long-stable field); reading it is the only
 * way to see the headers Node itself adds (`Connection: keep-alive`, `Transfer-Encoding`).
 * The string is kept as is and parsed only when someone reads the exchange (hot path).
 * Falls back to the header object if the head is not serialised yet.
 */
export function writtenHead(proxyReq: ClientRequest): HeaderInput {
  const head = (proxyReq as unknown as { _header?: unknown })._header;
  if (typeof head === 'string' && head !== '') return head;
  const list: HeaderList = [];
  for (const name of proxyReq.getRawHeaderNames()) {
    const value = proxyReq.getHeader(name);
    for (const v of Array.isArray(value) ? value : [value]) list.push([name, String(v)]);
  }
  return list;
}
