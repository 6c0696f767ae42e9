/**
 * Writes the upstream's answer to the client: the finalized head, then the body streamed as
 * it arrives (SSE and chunked downloads are never buffered). If either side breaks, the other
 * is destroyed: a truncated upstream body is never passed off as complete.
 */
import { pipeline } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExchangeRecord } from '../inspector/recorder-api';
import { responseHeadersToSend } from './finalize-response';
import { pairs } from './wire-head';

export function finalizeAndPipe(
  proxyRes: IncomingMessage,
  res: ServerResponse,
  record: ExchangeRecord | null,
  done: (error: Error | null) => void,
): void {
  const status = proxyRes.statusCode ?? 502;
  const sent = responseHeadersToSend(proxyRes.rawHeaders);
  try {
    res.writeHead(status, proxyRes.statusMessage, sent);
  } catch (error) {
    // The upstream sent a header Node refuses to write (invalid characters): a bad gateway.
    proxyRes.destroy();
    res.destroy(error as Error);
    done(error as Error);
    return;
  }
  if (record) {
    record.responseReceived(status, pairs(proxyRes.rawHeaders));
    record.responseSent(status, pairs(sent));
    if (record.wantsBodies) proxyRes.on('data', (chunk: Buffer) => record.responseBody(chunk));
  }
  // Event streams: send each event the moment it arrives (no Nagle delay on the client side).
  if (String(proxyRes.headers['content-type'] ?? '').startsWith('text/event-stream')) {
    res.socket?.setNoDelay(true);
    res.flushHeaders();
  }
  pipeline(proxyRes, res, (error) => done(error ?? null));
}
