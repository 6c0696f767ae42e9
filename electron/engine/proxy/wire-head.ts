/**
 * Header lists as the inspector shows them: `[name, value]` pairs in wire order.
 */
import type { ClientRequest } from 'node:http';
import type { HeaderList } from '../../../shared/exchange';

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
 * Falls back to the header object if the head is not serialised yet.
 */
export function writtenHead(proxyReq: ClientRequest): HeaderList {
  const head = (proxyReq as unknown as { _header?: unknown })._header;
  if (typeof head !== 'string' || head === '') {
    const list: HeaderList = [];
    for (const name of proxyReq.getRawHeaderNames()) {
      const value = proxyReq.getHeader(name);
      for (const v of Array.isArray(value) ? value : [value]) list.push([name, String(v)]);
    }
    return list;
  }
  const list: HeaderList = [];
  const lines = head.split('\r\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon > 0) list.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return list;
}
