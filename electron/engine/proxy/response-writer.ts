/**
 * Writes the upstream's answer head to the client: the upstream's headers minus hop-by-hop
 * ones, then the body is relayed as it arrives by the forwarder (SSE and chunked downloads are
 * never buffered; a truncated upstream body is never passed off as complete).
 */
import type { ServerResponse } from 'node:http';
import type { ExchangeRecord } from '../inspector/recorder-api';
import { responseHeadersToSend } from './finalize-response';
import type { UpstreamResponseHead } from './forward';

/** Returns false (the response destroyed) when Node refuses the head. */
export function writeResponseHead(
  res: ServerResponse,
  head: UpstreamResponseHead,
  record: ExchangeRecord | null,
): boolean {
  const { status, rawHeaders } = head;
  const sent = responseHeadersToSend(rawHeaders);
  try {
    res.writeHead(status, head.statusText, sent);
  } catch (error) {
    // The upstream sent a header Node refuses to write (invalid characters): a bad gateway.
    res.destroy(error as Error);
    return false;
  }
  // The header block (else the raw list) by reference: the inspector pairs it, and works out
  // the sent list, only when someone reads the exchange.
  record?.responseRelayed(status, head.headerBlock ?? rawHeaders);
  // Event streams: send each event the moment it arrives (no Nagle delay on the client side).
  if (head.eventStream) {
    res.socket?.setNoDelay(true);
    res.flushHeaders();
  }
  return true;
}
