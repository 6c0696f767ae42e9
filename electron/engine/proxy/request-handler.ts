/**
 * The pipeline for plain HTTP requests: admit (route, Host, scheme) → prepare → forward →
 * finalize the response → record. Failures go through `classifyFailure` and become pages.
 */
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { ExchangeRecord, ExchangeRecorder } from '../inspector/recorder-api';
import { admit } from './admission';
import { findHeader } from './raw-headers';
import { clientInfo, isLoopback, type ClientInfo } from './client-info';
import { classifyFailure } from './failures';
import type { Forwarder } from './forward';
import { finalizeAndPipe } from './response-writer';
import { acceptsHtml, sendPage } from './pages';
import { REPLAY_HEADER } from './prepare-request';
import type { ProxySnapshot } from './proxy-state';
import { pairs, writtenHead } from './wire-head';

export interface PipelineContext {
  snapshot(): ProxySnapshot;
  forwarder: Forwarder;
  recorder: ExchangeRecorder | null;
  /** Told whether a domain's dev server answered (for health dots and notifications). */
  health(host: string, up: boolean): void;
}

export function handleRequest(
  ctx: PipelineContext,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const snapshot = ctx.snapshot();
  const client = clientInfo(req.socket, snapshot.trustedProxies);
  const record = beginRecord(ctx, req, client);

  const admission = admit(snapshot, req, client, null);
  if (admission.kind === 'page') {
    record?.routed(admission.route?.domain.host ?? null, admission.route?.domain.target ?? null);
    const sent = sendPage(res, admission.page, acceptsHtml(req.headers.accept));
    if (record) {
      record.responseSent(admission.page.status, pairs(sent));
      finishOnClose(res, record, admission.page.status >= 400 ? admission.page.code : null);
    }
    req.resume();
    return;
  }

  const { route, prepared } = admission;
  record?.routed(route.domain.host, route.domain.target);
  let failure: string | null = null;
  let upstreamHeadRecorded = false;
  const recordUpstreamHead = (proxyReq: ClientRequest) => {
    if (record && !upstreamHeadRecorded) {
      upstreamHeadRecorded = true;
      record.forwarded(writtenHead(proxyReq));
    }
  };
  let lastProxyReq: ClientRequest | null = null;

  if (record) {
    if (record.wantsBodies) req.on('data', (chunk: Buffer) => record.requestBody(chunk));
    // Socket counters are per connection (keep-alive): this exchange's share is the delta.
    const socket = req.socket;
    const readAtStart = socket.bytesRead;
    const writtenAtStart = socket.bytesWritten;
    res.once('close', () => {
      if (failure === null && !res.writableFinished) failure = 'client-closed';
      if (lastProxyReq) recordUpstreamHead(lastProxyReq);
      record.bytes(
        requestHeadLength(req) + socket.bytesRead - readAtStart,
        socket.bytesWritten - writtenAtStart,
      );
      record.finish(failure);
    });
  }

  ctx.forwarder.web(
    req,
    res,
    {
      target: route.target,
      headers: prepared.headers,
      connectTimeoutMs: snapshot.connectTimeoutMs,
      readTimeoutMs: snapshot.readTimeoutMs,
    },
    {
      upstreamRequest(proxyReq) {
        lastProxyReq = proxyReq;
      },
      connected() {
        record?.connected();
      },
      response(proxyRes, proxyReq) {
        ctx.health(route.domain.host, true);
        recordUpstreamHead(proxyReq);
        finalizeAndPipe(proxyRes, res, record, (error) => {
          if (error && failure === null)
            failure = res.destroyed && !proxyRes.destroyed ? 'client-closed' : 'upstream-aborted';
        });
      },
      error(error) {
        const clientGone = res.destroyed || req.socket.destroyed;
        const classified = classifyFailure(error, route.target, clientGone);
        failure = classified.code;
        if (classified.code === 'ECONNREFUSED') ctx.health(route.domain.host, false);
        if (lastProxyReq) recordUpstreamHead(lastProxyReq);
        if (clientGone) return;
        if (res.headersSent) {
          // Mid-body: cut the connection so the client cannot take a truncated body as complete.
          res.destroy(error);
          return;
        }
        const sent = sendPage(
          res,
          {
            status: classified.status,
            code: classified.code,
            title: classified.title,
            message: classified.message,
          },
          acceptsHtml(req.headers.accept),
        );
        record?.responseSent(classified.status, pairs(sent));
      },
    },
  );
}

function finishOnClose(res: ServerResponse, record: ExchangeRecord, error: string | null): void {
  res.once('close', () => record.finish(error));
}

/** Size of the request head on the wire (it was read before the exchange began). */
function requestHeadLength(req: IncomingMessage): number {
  let length = (req.method?.length ?? 0) + (req.url?.length ?? 0) + 13; // "M U HTTP/1.1\r\n"
  for (const part of req.rawHeaders) length += part.length + 2; // ": " or "\r\n"
  return length + 2;
}

/** Starts the inspector's record of an exchange (null when nothing is recorded). */
export function beginRecord(
  ctx: PipelineContext,
  req: IncomingMessage,
  client: ClientInfo,
): ExchangeRecord | null {
  if (!ctx.recorder) return null;
  return ctx.recorder.begin(req, {
    clientAddress: client.address,
    tls: client.tls,
    sni: client.sni,
    replayOf: isLoopback(client.address) ? findHeader(req.rawHeaders, REPLAY_HEADER) : null,
  });
}
