/**
 * One recorded exchange while it goes through the pipeline and afterwards in the store.
 * The hooks only store references and numbers (the raw header arrays as the pipeline has
 * them, `performance.now()` marks); everything is shaped into the contract's `Exchange`
 * only when someone reads it (see to-exchange.ts).
 */
import { findHeader } from '../proxy/raw-headers';
import type { IncomingMessage } from 'node:http';
import type { ExchangeRecord, ExchangeStartInfo, HeaderInput } from './recorder-api';
import { BodyCapture, type BodyBudget } from './body-capture';
import { WebSocketFrameParser } from './websocket-frames';

export interface RecordOptions {
  /** The recorder's id prefix (ids are `<prefix>-<sequence in base 36>`). */
  idPrefix: string;
  wantsBodies: boolean;
  maxBodyBytes: number;
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

/**
 * How a record keeps a header list. While the exchange runs: as the pipeline handed it over.
 * Once it is over, a flat raw list is packed into one string (names and values joined by
 * NUL, which no header can contain), so a kept record holds a handful of objects instead of
 * dozens: the garbage collector must move everything the 1,000 kept records reference out of
 * the young generation. `RELAYED`: the upstream's response head minus hop-by-hop headers,
 * worked out when read instead of kept.
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

export class RecordedExchange implements ExchangeRecord {
  private readonly startMark = performance.now();

  readonly method: string;
  readonly url: string;
  readonly httpVersion: string;
  readonly upgrade: 'websocket' | null;
  readonly clientAddress: string;
  readonly tls: boolean;
  readonly sni: string | null;
  readonly replayOf: string | null;
  readonly wantsBodies: boolean;

  /** The Host header as received (may carry a port). */
  readonly hostHeader: string;

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

  requestCapture: BodyCapture | null = null;
  responseCapture: BodyCapture | null = null;
  websocket: WebSocketCounts | null = null;
  private parsers: { fromClient: WebSocketFrameParser; toClient: WebSocketFrameParser } | null =
    null;

  constructor(
    /** Position in the recorder's sequence; the id is made from it when read. */
    private readonly seq: number,
    req: IncomingMessage,
    info: ExchangeStartInfo,
    private readonly options: RecordOptions,
  ) {
    this.method = req.method ?? 'GET';
    this.url = req.url ?? '/';
    this.httpVersion = req.httpVersion;
    this.receivedRaw = req.rawHeaders;
    this.hostHeader = findHeader(req.rawHeaders, 'host') ?? info.sni ?? '';
    // Only an upgrade needs its header looked at now; the Host is found when read.
    this.upgrade =
      req.rawHeaders.length > 0 &&
      findHeader(req.rawHeaders, 'upgrade')?.toLowerCase() === 'websocket'
        ? 'websocket'
        : null;
    this.clientAddress = info.clientAddress;
    this.tls = info.tls;
    this.sni = info.sni;
    this.replayOf = info.replayOf;
    this.wantsBodies = options.wantsBodies && options.maxBodyBytes > 0;
  }

  get id(): string {
    return `${this.options.idPrefix}-${this.seq.toString(36)}`;
  }

  /** Epoch ms when the request head arrived (from the monotonic clock's origin). */
  get startEpoch(): number {
    return Math.round(performance.timeOrigin + this.startMark);
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
    return Math.round((performance.now() - this.startMark) * TICKS_PER_MS);
  }

  routed(domain: string | null, target: string | null): void {
    this.domain = domain;
    this.target = target;
  }

  connected(): void {
    this.connectedTicks = this.elapsedTicks();
  }

  forwarded(headers: HeaderInput): void {
    this.forwardedRaw = headers;
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
    this.options.changed(this);
  }

  responseSent(status: number, headers: HeaderInput): void {
    this.sentStatus = status;
    this.responseSentRaw = headers;
    this.options.changed(this);
  }

  requestBody(chunk: Buffer): void {
    if (!this.wantsBodies) return;
    this.requestCapture ??= new BodyCapture(this.options.maxBodyBytes, this.options.budget);
    this.requestCapture.push(chunk);
  }

  responseBody(chunk: Buffer): void {
    if (!this.wantsBodies) return;
    this.responseCapture ??= new BodyCapture(this.options.maxBodyBytes, this.options.budget);
    this.responseCapture.push(chunk);
  }

  bytes(inBytes: number, outBytes: number): void {
    this.bytesIn = inBytes;
    this.bytesOut = outBytes;
  }

  websocketOpened(): void {
    this.websocket ??= blankCounts();
    this.websocket.open = true;
    this.options.changed(this);
  }

  websocketFrame(fromClient: boolean, payloadBytes: number): void {
    const ws = (this.websocket ??= blankCounts());
    if (fromClient) {
      ws.framesIn += 1;
      ws.bytesIn += payloadBytes;
    } else {
      ws.framesOut += 1;
      ws.bytesOut += payloadBytes;
    }
  }

  websocketData(fromClient: boolean, chunk: Buffer): void {
    this.parsers ??= {
      fromClient: new WebSocketFrameParser((frame) => this.frameParsed(true, frame.payloadBytes)),
      toClient: new WebSocketFrameParser((frame) => this.frameParsed(false, frame.payloadBytes)),
    };
    (fromClient ? this.parsers.fromClient : this.parsers.toClient).push(chunk);
  }

  private frameParsed(fromClient: boolean, payloadBytes: number): void {
    this.websocketFrame(fromClient, payloadBytes);
    const ws = this.websocket;
    if (ws && ws.closeCode === null && this.parsers) {
      ws.closeCode = this.parsers.fromClient.closeCode ?? this.parsers.toClient.closeCode;
    }
  }

  finish(error: string | null, closeCode?: number | null): void {
    if (this.endTicks !== null) return;
    this.endTicks = this.elapsedTicks();
    this.error = error;
    this.receivedRaw = pack(this.receivedRaw);
    this.responseReceivedRaw = pack(this.responseReceivedRaw);
    if (this.responseSentRaw !== RELAYED) this.responseSentRaw = pack(this.responseSentRaw);
    if (this.websocket) {
      this.websocket.open = false;
      if (closeCode !== undefined && closeCode !== null) this.websocket.closeCode = closeCode;
    }
    this.options.changed(this);
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
    this.requestCapture?.release();
    this.responseCapture?.release();
    this.parsers = null;
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
