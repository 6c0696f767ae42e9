/**
 * The pipeline for plain HTTP requests: admit (route, Host, scheme) → prepare → forward →
 * finalize the response → record. Failures go through `classifyFailure` and become pages.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ExchangeRecord, ExchangeRecorder } from '../inspector/recorder-api';
import { admit } from './admission';
import { findHeader } from './raw-headers';
import { clientInfo, isLoopback, type ClientInfo } from './client-info';
import { classifyFailure } from './failures';
import type { Forwarder, UpstreamResponseHead, WebHooks } from './forward';
import type { Route } from './route-table';
import { writeResponseHead } from './response-writer';
import { acceptsHtml, sendPage } from './pages';
import { REPLAY_HEADER } from './prepare-request';
import type { ProxySnapshot } from './proxy-state';
import { pairs } from './wire-head';
import type { TrafficCounter } from './traffic-counter';
import { recordBytes } from './exchange-bytes';

export interface PipelineContext {
  snapshot(): ProxySnapshot;
  forwarder: Forwarder;
  recorder: ExchangeRecorder | null;
  /** Told whether a domain's dev server answered (for health dots and notifications). */
  health(host: string, up: boolean): void;
  /** Bumped as requests, body chunks and tunnel data pass (for the engine's memory upkeep). */
  traffic: TrafficCounter;
}

export function handleRequest(
  ctx: PipelineContext,
  req: IncomingMessage,
  res: ServerResponse,
  listenerPort: string,
): void {
  ctx.traffic.request();
  const snapshot = ctx.snapshot();
  const client = clientInfo(req.socket, listenerPort, snapshot.trustedProxies);
  const record = beginRecord(ctx, req, client, null);

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
  ctx.forwarder.web(
    req,
    res,
    {
      target: route.target,
      headers: prepared.headers,
      chunkedBody: prepared.chunkedBody,
      connectTimeoutMs: snapshot.connectTimeoutMs,
      readTimeoutMs: snapshot.readTimeoutMs,
    },
    new ForwardedExchange(ctx, req, res, route, record),
  );
}

/**
 * What happens to one forwarded request as the forwarder reports it: the client's answer
 * (the upstream's head, or a page when forwarding failed), health and the inspector's record.
 * A class rather than a literal of closures: one object per request instead of one per hook.
 */
class ForwardedExchange implements WebHooks {
  private failure: string | null = null;
  /** The client's connection: Node detaches it from `req` when it closes. */
  private readonly socket: Socket;
  readonly forwarded?: (head: string) => void;
  readonly requestBody?: (chunk: Buffer) => void;
  readonly responseBody?: (chunk: Buffer) => void;

  constructor(
    private readonly ctx: PipelineContext,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly route: Route,
    private readonly record: ExchangeRecord | null,
  ) {
    this.socket = req.socket;
    if (record) this.forwarded = (head) => record.forwarded(head);
    if (record?.wantsBodies) {
      this.requestBody = (chunk) => record.requestBody(chunk);
      this.responseBody = (chunk) => record.responseBody(chunk);
    }
  }

  connected(): void {
    this.record?.connected();
  }

  response(head: UpstreamResponseHead): boolean {
    this.ctx.health(this.route.domain.host, true);
    if (writeResponseHead(this.res, head, this.record)) return true;
    this.failure = 'bad-response-head';
    return false;
  }

  error(error: Error): void {
    const { req, res, route } = this;
    const clientGone = res.destroyed || this.socket.destroyed;
    const classified = classifyFailure(error, route.target, clientGone);
    if (classified.code === 'ECONNREFUSED') this.ctx.health(route.domain.host, false);
    if (res.headersSent) {
      // Mid-body: cut the connection so the client cannot take a truncated body as complete.
      this.failure = clientGone
        ? 'client-closed'
        : classified.code === 'timeout'
          ? 'timeout'
          : 'upstream-aborted';
      res.destroy();
      return;
    }
    this.failure = classified.code;
    if (clientGone) return;
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
    this.record?.responseSent(classified.status, pairs(sent));
  }

  closed(): void {
    const { record, res } = this;
    if (!record) return;
    if (this.failure === null && !res.writableFinished) this.failure = 'client-closed';
    recordBytes(this.socket, record);
    record.finish(this.failure);
  }
}

function finishOnClose(res: ServerResponse, record: ExchangeRecord, error: string | null): void {
  const socket = res.socket;
  res.once('close', () => {
    if (socket) recordBytes(socket, record);
    record.finish(error);
  });
}

/** Starts the inspector's record of an exchange (null when nothing is recorded). */
export function beginRecord(
  ctx: PipelineContext,
  req: IncomingMessage,
  client: ClientInfo,
  upgrade: 'websocket' | null,
): ExchangeRecord | null {
  if (!ctx.recorder) return null;
  return ctx.recorder.begin(req, {
    clientAddress: client.address,
    tls: client.tls,
    sni: client.sni,
    replayOf: isLoopback(client.address) ? findHeader(req.rawHeaders, REPLAY_HEADER) : null,
    upgrade,
  });
}
