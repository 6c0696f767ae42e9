/**
 * Writes the upstream's answer to the client: the finalized head, then the body streamed as
 * it arrives (SSE and chunked downloads are never buffered). If either side breaks, the other
 * is destroyed: a truncated upstream body is never passed off as complete.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExchangeRecord } from '../inspector/recorder-api';
import { responseHeadersToSend } from './finalize-response';

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
    // Flat raw lists by reference: the inspector pairs them only when someone reads them.
    record.responseReceived(status, proxyRes.rawHeaders);
    record.responseSent(status, sent);
    if (record.wantsBodies) proxyRes.on('data', (chunk: Buffer) => record.responseBody(chunk));
  }
  // Event streams: send each event the moment it arrives (no Nagle delay on the client side).
  if (isEventStream(proxyRes.rawHeaders)) {
    res.socket?.setNoDelay(true);
    res.flushHeaders();
  }
  pipeBody(proxyRes, res, done);
}

/**
 * `proxyRes.pipe(res)` with the failure handling `stream.pipeline` would give, but without
 * its per-call AbortController (whose DOMException alone cost ~6% of the CPU at 50
 * keep-alive connections, see bench/README.md). `done` runs once: null when the body was
 * delivered, else the error, called while the side that broke is already destroyed and the
 * other is not yet (the caller tells client-gone from upstream-aborted that way).
 */
function pipeBody(
  proxyRes: IncomingMessage,
  res: ServerResponse,
  done: (error: Error | null) => void,
): void {
  let settled = false;
  const settle = (error: Error | null) => {
    if (settled) return;
    settled = true;
    proxyRes.off('error', onUpstreamError);
    proxyRes.off('close', onUpstreamClose);
    res.off('close', onClientClose);
    res.off('error', onClientError);
    done(error);
  };
  const onUpstreamError = (error: Error) => {
    res.destroy(error);
    settle(error);
  };
  const onUpstreamClose = () => {
    // Closed before the whole body arrived: never end the client's response as if complete.
    if (!proxyRes.complete) onUpstreamError(prematureClose('upstream'));
  };
  const onClientClose = () => {
    if (res.writableFinished) return settle(null);
    const error = prematureClose('client');
    settle(error);
    proxyRes.destroy();
  };
  const onClientError = (error: Error) => {
    settle(error);
    proxyRes.destroy();
  };
  proxyRes.on('error', onUpstreamError);
  proxyRes.on('close', onUpstreamClose);
  res.on('close', onClientClose);
  res.on('error', onClientError);
  proxyRes.pipe(res);
}

function prematureClose(side: string): Error {
  return Object.assign(new Error(`Premature close (${side})`), {
    code: 'ERR_STREAM_PREMATURE_CLOSE',
  });
}

/**
 * Whether a response is an event stream, read from the raw list: touching
 * `IncomingMessage.headers` would build the whole header object for every response.
 */
export function isEventStream(rawHeaders: readonly string[]): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.length === 12 && name.toLowerCase() === 'content-type')
      return (rawHeaders[i + 1] as string)
        .trimStart()
        .toLowerCase()
        .startsWith('text/event-stream');
  }
  return false;
}
