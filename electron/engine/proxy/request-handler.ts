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
  /**
   * Socket counters are per connection (keep-alive): this exchange's share is the delta. The
   * socket is kept here: Node detaches it from `req` when the connection closes.
   */
  private readonly socket: Socket;
  private readonly readAtStart: number;
  private readonly writtenAtStart: number;
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
    const counts = record ? byteCounts(this.socket) : null;
    this.readAtStart = counts ? counts.bytesRead : 0;
    this.writtenAtStart = counts ? counts.bytesWritten : 0;
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
    const { record, req, res, socket } = this;
    if (!record) return;
    if (this.failure === null && !res.writableFinished) this.failure = 'client-closed';
    const counts = byteCounts(socket);
    record.bytes(
      requestHeadLength(req) + counts.bytesRead - this.readAtStart,
      counts.bytesWritten - this.writtenAtStart,
    );
    record.finish(this.failure);
  }
}

function finishOnClose(res: ServerResponse, record: ExchangeRecord, error: string | null): void {
  res.once('close', () => record.finish(error));
}

/** What a connected socket's handle counts: bytes read, and bytes handed to the system. */
interface ByteCounters {
  readonly bytesRead: number;
  readonly bytesWritten: number;
}

/**
 * The byte counters of an open socket's handle, which `socket.bytesRead` and
 * `socket._bytesDispatched` read too, after two lookups each on the socket (sockets here have
 * many shapes, so each lookup is a slow megamorphic one), ~1,700 instructions per recorded
 * exchange. Not `socket.bytesWritten`: it also walks and copies the stream's write buffer, and
 * at the two moments an exchange reads the counts (its request just arrived, its response
 * finished: the last write's callback ran) none of its bytes wait there. Null once the socket
 * is closed: Node then keeps the totals on the socket itself.
 */
function countersOf(socket: Socket): ByteCounters | null {
  // Every handle under an HTTP server's socket is a stream handle (TCP, TLS, pipe) with both
  // counters; Node's own getters rely on that too.
  return (socket as Socket & { _handle?: ByteCounters | null })._handle ?? null;
}

/** The socket's byte counts: its handle's while open (no copy), else the totals Node kept. */
function byteCounts(socket: Socket): ByteCounters {
  return (
    countersOf(socket) ?? { bytesRead: socket.bytesRead, bytesWritten: bytesDispatched(socket) }
  );
}

/** Bytes a closed socket handed to the system (`bytesWritten`, should Node drop the field). */
function bytesDispatched(socket: Socket): number {
  const dispatched = (socket as Socket & { _bytesDispatched?: unknown })._bytesDispatched;
  return typeof dispatched === 'number' ? dispatched : socket.bytesWritten;
}

/** Size of the request head on the wire (it was read before the exchange began). */
function requestHeadLength(req: IncomingMessage): number {
  let length = (req.method?.length ?? 0) + (req.url?.length ?? 0) + 12; // "M", " ", "U", " HTTP/1.1\r\n"
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
