/**
 * One recorded exchange while it goes through the pipeline and afterwards in the store.
 * The hooks only store references and numbers (the raw header arrays as the pipeline has
 * them, `performance.now()` marks); everything is shaped into the contract's `Exchange`
 * only when someone reads it (see to-exchange.ts).
 */
import { findHeader } from '../proxy/raw-headers';
import type { IncomingMessage } from 'node:http';
// Imported rather than the global: each read of the global `performance` is a global
// property lookup (Node installs it lazily), four per exchange.
import { performance } from 'node:perf_hooks';
import type { ExchangeRecord, ExchangeStartInfo, HeaderInput } from './recorder-api';
import { BodyCapture, type BodyBudget } from './body-capture';
import { WebSocketFrameParser } from './websocket-frames';

/** What every record of one recorder shares (one object, not one per record). */
export interface RecordContext {
  /** The recorder's id prefix (ids are `<prefix>-<sequence in base 36>`). */
  idPrefix: string;
  budget: BodyBudget;
  /** Called when something the list shows changed (status, end, error…). */
  changed: (record: RecordedExchange) => void;
}

export interface WebSocketCounts {
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  closeCode: number | null;
  open: boolean;
}

const EMPTY: readonly string[] = [];

/** What only some exchanges have (captured bodies, WebSocket traffic): one field for all. */
interface Extras {
  requestCapture: BodyCapture | null;
  responseCapture: BodyCapture | null;
  websocket: WebSocketCounts | null;
  parsers: { fromClient: WebSocketFrameParser; toClient: WebSocketFrameParser } | null;
}

/** `req.httpVersion` is a new string per request; kept records share one of these. */
const VERSIONS = ['1.1', '1.0', '2.0'] as const;
function sharedVersion(version: string): string {
  for (const known of VERSIONS) if (known === version) return known;
  return version;
}

/**
 * How a record keeps a header list. While the exchange runs: as the pipeline handed it over.
 * Once it is over, a flat raw list is packed into one string (names and values joined by
 * NUL, which no header can contain), so a kept record holds a handful of objects instead of
 * dozens: the garbage collector must move everything the 1,000 kept records reference out of
 * the young generation. A head serialised for the wire is kept as its string (it holds
 * CR LF, which a packed list cannot). `RELAYED`: the upstream's response head minus
 * hop-by-hop headers, worked out when read instead of kept.
 */
export const RELAYED: unique symbol = Symbol('relayed');
export type StoredHeaders = HeaderInput | string;

function pack(headers: StoredHeaders): StoredHeaders {
  if (!Array.isArray(headers)) return headers;
  const flat = headers as readonly unknown[];
  // Pair lists (Portico's own pages) are rare and small: kept as they are.
  if (flat.length === 0 || typeof flat[0] !== 'string') return headers;
  return (flat as readonly string[]).join('\0');
}

/** Timings are kept as whole hundredths of a millisecond (what is shown): small integers
 * live inside the record, while fractional numbers would each be a heap object. */
const TICKS_PER_MS = 100;
const toMs = (ticks: number | null): number | null =>
  ticks === null ? null : ticks / TICKS_PER_MS;
const nowTicks = () => Math.round(performance.now() * TICKS_PER_MS);

export class RecordedExchange implements ExchangeRecord {
  /**
   * When the request head arrived on the monotonic clock: whole ms, and the ticks within that
   * ms. Two small integers are stored inside the record; one tick count would outgrow V8's
   * small-integer range after a few hours and become a heap object per record again.
   */
  private readonly startMs: number;
  private readonly startSubTicks: number;

  readonly method: string;
  readonly url: string;
  readonly httpVersion: string;
  readonly upgrade: 'websocket' | null;
  readonly clientAddress: string;
  readonly tls: boolean;
  readonly sni: string | null;
  readonly replayOf: string | null;
  /** Bytes of each body to capture; 0: headers only. */
  private readonly bodyLimit: number;

  /** The Host header as received (may carry a port). */
  private hostHeader: string;

  /** `req.rawHeaders`, by reference until the exchange ends, then packed. */
  receivedRaw: StoredHeaders;
  forwardedRaw: StoredHeaders = EMPTY;
  responseReceivedRaw: StoredHeaders = EMPTY;
  responseSentRaw: StoredHeaders | typeof RELAYED = EMPTY;

  domain: string | null = null;
  target: string | null = null;
  upstreamStatus: number | null = null;
  sentStatus: number | null = null;
  error: string | null = null;
  private connectedTicks: number | null = null;
  private firstByteTicks: number | null = null;
  private endTicks: number | null = null;
  bytesIn = 0;
  bytesOut = 0;
  private extras: Extras | null = null;

  constructor(
    /** Position in the recorder's sequence; the id is made from it when read. */
    private readonly seq: number,
    req: IncomingMessage,
    info: ExchangeStartInfo,
    private readonly context: RecordContext,
    /** Bytes of each body to capture when bodies are wanted; null: headers only. */
    maxBodyBytes: number | null,
  ) {
    const start = nowTicks();
    this.startMs = Math.floor(start / TICKS_PER_MS);
    this.startSubTicks = start - this.startMs * TICKS_PER_MS;
    this.method = req.method ?? 'GET';
    this.url = req.url ?? '/';
    this.httpVersion = sharedVersion(req.httpVersion);
    this.receivedRaw = req.rawHeaders;
    // The Host and Upgrade headers are looked up once, here: every summary shows them.
    this.hostHeader = findHeader(req.rawHeaders, 'host') ?? info.sni ?? '';
    this.upgrade =
      req.rawHeaders.length > 0 &&
      findHeader(req.rawHeaders, 'upgrade')?.toLowerCase() === 'websocket'
        ? 'websocket'
        : null;
    this.clientAddress = info.clientAddress;
    this.tls = info.tls;
    this.sni = info.sni;
    this.replayOf = info.replayOf;
    this.bodyLimit = maxBodyBytes !== null && maxBodyBytes > 0 ? maxBodyBytes : 0;
  }

  get id(): string {
    return `${this.context.idPrefix}-${this.seq.toString(36)}`;
  }

  get wantsBodies(): boolean {
    return this.bodyLimit > 0;
  }

  get requestCapture(): BodyCapture | null {
    return this.extras?.requestCapture ?? null;
  }
  get responseCapture(): BodyCapture | null {
    return this.extras?.responseCapture ?? null;
  }
  get websocket(): WebSocketCounts | null {
    return this.extras?.websocket ?? null;
  }

  private get extra(): Extras {
    return (this.extras ??= {
      requestCapture: null,
      responseCapture: null,
      websocket: null,
      parsers: null,
    });
  }

  /** Epoch ms when the request head arrived (from the monotonic clock's origin). */
  get startEpoch(): number {
    return Math.round(performance.timeOrigin + this.startMs + this.startSubTicks / TICKS_PER_MS);
  }

  /** ms since the request head arrived, when connected / at the first response byte / at the end. */
  get connectedAt(): number | null {
    return toMs(this.connectedTicks);
  }
  get firstByteAt(): number | null {
    return toMs(this.firstByteTicks);
  }
  get endAt(): number | null {
    return toMs(this.endTicks);
  }

  private elapsedTicks(): number {
    return nowTicks() - (this.startMs * TICKS_PER_MS + this.startSubTicks);
  }

  routed(domain: string | null, target: string | null): void {
    this.domain = domain;
    this.target = target;
    // The usual Host is the domain itself: keep the configuration's string, not a copy.
    if (domain !== null && this.hostHeader === domain) this.hostHeader = domain;
  }

  connected(): void {
    this.connectedTicks = this.elapsedTicks();
  }

  forwarded(headers: HeaderInput): void {
    if (!('head' in headers)) {
      this.forwardedRaw = headers;
      return;
    }
    // The head is kept as the string it is (flat, see forward-web.ts); only a request with a
    // body has a framing line after it, and then the two become one flat string.
    const { head, framing } = headers;
    this.forwardedRaw = framing ? [head, framing].join('') : head;
  }

  responseReceived(status: number, headers: HeaderInput): void {
    this.firstByteTicks = this.elapsedTicks();
    this.upstreamStatus = status;
    this.responseReceivedRaw = headers;
  }

  responseRelayed(status: number, rawHeaders: readonly string[]): void {
    this.responseReceived(status, rawHeaders);
    this.sentStatus = status;
    this.responseSentRaw = RELAYED;
    this.context.changed(this);
  }

  responseSent(status: number, headers: HeaderInput): void {
    this.sentStatus = status;
    this.responseSentRaw = headers;
    this.context.changed(this);
  }

  requestBody(chunk: Buffer): void {
    if (this.bodyLimit === 0) return;
    const extra = this.extra;
    extra.requestCapture ??= new BodyCapture(this.bodyLimit, this.context.budget);
    extra.requestCapture.push(chunk);
  }

  responseBody(chunk: Buffer): void {
    if (this.bodyLimit === 0) return;
    const extra = this.extra;
    extra.responseCapture ??= new BodyCapture(this.bodyLimit, this.context.budget);
    extra.responseCapture.push(chunk);
  }

  bytes(inBytes: number, outBytes: number): void {
    this.bytesIn = inBytes;
    this.bytesOut = outBytes;
  }

  websocketOpened(): void {
    const ws = (this.extra.websocket ??= blankCounts());
    ws.open = true;
    this.context.changed(this);
  }

  websocketFrame(fromClient: boolean, payloadBytes: number): void {
    const ws = (this.extra.websocket ??= blankCounts());
    if (fromClient) {
      ws.framesIn += 1;
      ws.bytesIn += payloadBytes;
    } else {
      ws.framesOut += 1;
      ws.bytesOut += payloadBytes;
    }
  }

  websocketData(fromClient: boolean, chunk: Buffer): void {
    const parsers = (this.extra.parsers ??= {
      fromClient: new WebSocketFrameParser((frame) => this.frameParsed(true, frame.payloadBytes)),
      toClient: new WebSocketFrameParser((frame) => this.frameParsed(false, frame.payloadBytes)),
    });
    (fromClient ? parsers.fromClient : parsers.toClient).push(chunk);
  }

  private frameParsed(fromClient: boolean, payloadBytes: number): void {
    this.websocketFrame(fromClient, payloadBytes);
    const ws = this.extras?.websocket;
    const parsers = this.extras?.parsers;
    if (ws && ws.closeCode === null && parsers) {
      ws.closeCode = parsers.fromClient.closeCode ?? parsers.toClient.closeCode;
    }
  }

  finish(error: string | null, closeCode?: number | null): void {
    if (this.endTicks !== null) return;
    this.endTicks = this.elapsedTicks();
    this.error = error;
    this.receivedRaw = pack(this.receivedRaw);
    this.responseReceivedRaw = pack(this.responseReceivedRaw);
    if (this.responseSentRaw !== RELAYED) this.responseSentRaw = pack(this.responseSentRaw);
    const ws = this.extras?.websocket;
    if (ws) {
      ws.open = false;
      if (closeCode !== undefined && closeCode !== null) ws.closeCode = closeCode;
    }
    this.context.changed(this);
  }

  /** The status the client saw (Portico's own when it answered), else the upstream's. */
  get status(): number | null {
    return this.sentStatus ?? this.upstreamStatus;
  }

  /** The host name without its port, lower-cased. */
  get host(): string {
    return hostWithoutPort(this.hostHeader);
  }

  /** Frees the captured bodies (the record left the store). */
  release(): void {
    const extra = this.extras;
    if (!extra) return;
    extra.requestCapture?.release();
    extra.responseCapture?.release();
    extra.parsers = null;
  }
}

function blankCounts(): WebSocketCounts {
  return { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, closeCode: null, open: false };
}

export function hostWithoutPort(value: string): string {
  const host = value.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end > 0 ? host.slice(0, end + 1) : host;
  }
  const colon = host.indexOf(':');
  return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.slice(0, colon) : host;
}
