/**
 * Plain requests over undici (the only file that knows that library). Each exchange borrows a
 * keep-alive connection of its own from upstream-pool.ts and relays the response straight
 * from undici's parser callbacks to the client's `ServerResponse`, with backpressure.
 *
 * Why undici and not Node's `http.request`: at 50 keep-alive connections the whole proxy
 * serves ~1.7× the requests per second (its client does far less per request than Node's
 * `ClientRequest`/`IncomingMessage` streams; figures in bench/README.md). The handler uses
 * undici's native (legacy-style) callbacks because only they hand over the response's raw
 * header list — names as the dev server spelled them, in its order — which the inspector shows.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Client } from './undici-client';
import { UpstreamTimeoutError } from './failures';
import { decodeHeaderLines } from './header-lines';
import type { ForwardRequest, ForwardWeb, WebHooks } from './forward';
import { SilenceWatch, type WatchNode, type Watched } from './silence-watch';
import type { TrafficCounter } from './traffic-counter';
import { UpstreamPools, type OriginPool } from './upstream-pool';
import { upstreamPath } from './upstream-path';

export interface WebForwarder {
  forward: ForwardWeb;
  close(): void;
}

/** Methods whose empty body undici still frames with `content-length: 0` (client-h1.js). */
const EXPECTS_PAYLOAD = new Set(['PUT', 'POST', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH']);

/**
 * undici publishes the request head it writes on this channel, synchronously right after it
 * calls the handler's `onConnect`: the exchange that was just told it is connected is the one
 * the head belongs to (the head is handed over before anything else can run).
 */
const SEND_HEADERS = 'undici:client:sendHeaders';
const handoff: { awaitingHead: WebExchange | null } = { awaitingHead: null };
function onSendHeaders(message: unknown): void {
  const exchange = handoff.awaitingHead;
  if (!exchange) return;
  handoff.awaitingHead = null;
  exchange.headWritten((message as { headers: string }).headers);
}

export function createWebForwarder(traffic: TrafficCounter): WebForwarder {
  const pools = new UpstreamPools();
  const silence = new SilenceWatch();
  // undici builds and publishes a message per request once anyone listens: listen from the
  // first exchange whose head is recorded on.
  let listening = false;
  return {
    forward(req, res, request, hooks) {
      if (hooks.forwarded && !listening) {
        diagnostics.subscribe(SEND_HEADERS, onSendHeaders);
        listening = true;
      }
      const exchange = new WebExchange(req, res, request, hooks, silence, traffic);
      pools
        .for(request.target.origin, request.connectTimeoutMs)
        .acquire((client, pool) => exchange.start(client, pool));
    },
    close() {
      if (listening) diagnostics.unsubscribe(SEND_HEADERS, onSendHeaders);
      silence.close();
      pools.close();
    },
  };
}

const EXCHANGE = Symbol('portico.webExchange');
const LINE_FEED = 0x0a;
/** Response bytes buffered for a slow client before the upstream is paused. */
const BUFFER_AHEAD = 256 * 1024;
type ResponseWithExchange = ServerResponse & { [EXCHANGE]?: WebExchange };

/** The client's response closed: before the end, that means the client went away. */
function onResponseClose(this: ResponseWithExchange): void {
  this[EXCHANGE]?.responseClosed();
}

/** Resumes the upstream once the client's socket drained. */
function onResponseDrain(this: ResponseWithExchange): void {
  this[EXCHANGE]?.drained();
}

class WebExchange implements Dispatcher.DispatchHandler, Watched {
  heard = false;
  readonly timeoutMs: number;
  private client: Client | null = null;
  private pool: OriginPool | null = null;
  private settled = false;
  private resumeUpstream: (() => void) | null = null;
  private watchNode: WatchNode | null = null;
  private readonly hasBody: boolean;
  private readonly declaredLength: number | null;
  private bodyTapped = false;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly request: ForwardRequest,
    private readonly hooks: WebHooks,
    private readonly silence: SilenceWatch,
    private readonly traffic: TrafficCounter,
  ) {
    this.timeoutMs = request.readTimeoutMs;
    const length = request.headers['content-length'];
    this.declaredLength = typeof length === 'string' ? Number(length) : null;
    this.hasBody = request.chunkedBody || (this.declaredLength !== null && this.declaredLength > 0);
    (res as ResponseWithExchange)[EXCHANGE] = this;
    res.on('close', onResponseClose);
  }

  /** A connection of our own: send the request on it (or give it back if the client left). */
  start(client: Client, pool: OriginPool): void {
    if (this.settled) return pool.release(client);
    this.client = client;
    this.pool = pool;
    const { request, req } = this;
    client.dispatch(
      {
        method: req.method ?? 'GET',
        path: upstreamPath(request.target, req.url ?? '/'),
        // Framing is undici's: a body of unknown length (the client's was chunked) is sent
        // chunked again, so it can never run into a second request.
        headers: request.headers,
        body: this.hasBody ? req : null,
        // The read timeout is the silence watch's (see `onConnect`): undici's own timers
        // would cut SSE streams, and allocate a timer per request that outlives it.
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      this,
    );
  }

  onConnect(): void {
    // Only a recorded exchange wants the head undici is about to write.
    if (this.hooks.forwarded) handoff.awaitingHead = this;
    // From here on the upstream must not stay silent longer than the read timeout; sending
    // the body counts as activity (a slow upload is not a silent server).
    this.stopWatch();
    if (this.timeoutMs > 0) this.watchNode = this.silence.watch(this);
    this.hooks.connected();
    if (this.hooks.requestBody && this.hasBody && !this.bodyTapped) {
      // Attached in the same tick as undici's own listener, so both see every chunk.
      this.bodyTapped = true;
      this.req.on('data', this.hooks.requestBody);
    }
  }

  // undici passes the chunk it wrote, not the size its types declare (core/request.js).
  onBodySent(chunk: Buffer | number): void {
    this.heard = true;
    this.traffic.carried(typeof chunk === 'number' ? chunk : chunk.length);
  }

  headWritten(head: string): void {
    const { req, hooks } = this;
    // undici builds the head by concatenation: a tree of dozens of string pieces. Reading a
    // character flattens it in place (one new flat string), so undici's write of it, right
    // after, and the inspector's copy of it each read one flat string instead of walking the
    // tree. Undici's heads end with CR LF; anything else is not one to show.
    if (!hooks.forwarded || head.charCodeAt(head.length - 1) !== LINE_FEED) return;
    // A body that has fully arrived is measured by undici (it then sends its length even if
    // the client sent it chunked); `complete` + `readableLength` is that same measurement.
    const measured = !this.hasBody ? 0 : req.complete ? req.readableLength : null;
    const framing = framingLine(req.method ?? 'GET', measured, this.declaredLength);
    // One string, not an object: V8 pretenured the `{ head, framing }` literal that was here
    // (allocation-site pretenuring), and each head it pointed to was then promoted to the old
    // generation with it, ~270 bytes a request (bench/README.md, finding 12).
    hooks.forwarded(framing === '' ? head : head + framing);
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void, statusText: string): boolean {
    this.heard = true;
    if (status < 200) return true; // 1xx informational answers are not relayed
    this.resumeUpstream = resume;
    const rawHeaders = new Array<string>(raw.length);
    const headerBlock = decodeHeaderLines(raw, rawHeaders);
    const eventStream = isEventStream(rawHeaders);
    if (!this.hooks.response({ status, statusText, rawHeaders, headerBlock, eventStream })) {
      this.settle();
      this.dropConnection(new Error('response head refused'));
      return false;
    }
    // Streams such as SSE legitimately stay silent for long: no read timeout for them.
    if (eventStream) this.stopWatch();
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.heard = true;
    this.traffic.carried(chunk.length);
    this.hooks.responseBody?.(chunk);
    // Pausing undici's parser costs more than Node's stream pause: let the client's socket
    // buffer up to BUFFER_AHEAD before waiting for it to drain (a 10 MiB download took
    // 2.4× as long pausing at Node's 16 KiB mark).
    if (this.res.write(chunk) || this.res.writableLength < BUFFER_AHEAD) return true;
    this.res.once('drain', onResponseDrain);
    return false;
  }

  drained(): void {
    if (!this.settled) this.resumeUpstream?.();
  }

  onComplete(): void {
    if (this.settled) return;
    this.settle();
    this.res.end();
    if (this.client && this.pool) this.pool.release(this.client);
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.settle();
    this.dropConnection(error);
    this.hooks.error(upstreamError(error, this.request));
  }

  /** The body went quiet for the whole read timeout (called by the silence watch). */
  silent(): void {
    this.onError(new UpstreamTimeoutError('timeout', this.timeoutMs));
  }

  responseClosed(): void {
    if (!this.settled && !this.res.writableFinished) {
      // The client went away before its answer was complete: abandon the upstream request.
      const error = Object.assign(new Error('The client closed the connection'), {
        code: 'client-closed',
      });
      this.settle();
      this.dropConnection(error);
      this.hooks.error(error);
    }
    this.hooks.closed();
  }

  private settle(): void {
    this.settled = true;
    this.stopWatch();
    if (handoff.awaitingHead === this) handoff.awaitingHead = null;
  }

  private stopWatch(): void {
    if (this.watchNode) this.silence.unwatch(this.watchNode);
    this.watchNode = null;
  }

  /** An abandoned exchange takes its connection down (never back to the pool). */
  private dropConnection(error: Error): void {
    if (this.client && this.pool) this.pool.discard(this.client, error);
    this.client = null;
  }
}

/**
 * The framing header undici writes after the head it publishes (client-h1.js `writeH1`): the
 * measured length, else the declared one, else chunked; an empty body is framed only for
 * methods that expect one.
 */
export function framingLine(method: string, measured: number | null, declared: number | null) {
  const length = measured ?? declared;
  if (length === null) return 'transfer-encoding: chunked\r\n';
  if (length === 0 && !EXPECTS_PAYLOAD.has(method)) return '';
  return `content-length: ${length}\r\n`;
}

/** Whether a response is an event stream, read once from its raw header list. */
function isEventStream(rawHeaders: readonly string[]): boolean {
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

/** undici's errors in the vocabulary failures.ts classifies (Node's error codes). */
function upstreamError(error: Error, request: ForwardRequest): Error {
  switch ((error as { code?: unknown }).code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new UpstreamTimeoutError('connect-timeout', request.connectTimeoutMs);
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new UpstreamTimeoutError('timeout', request.readTimeoutMs);
    case 'UND_ERR_SOCKET':
      // "other side closed": the dev server hung up without (finishing) an answer.
      return Object.assign(new Error(error.message, { cause: error }), { code: 'ECONNRESET' });
    default:
      return error;
  }
}
