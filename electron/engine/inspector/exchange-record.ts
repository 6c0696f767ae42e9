/**
 * One recorded exchange while it goes through the pipeline. The hooks only store references
 * and numbers (the raw header arrays as the pipeline has them, clock ticks); everything is
 * shaped into the contract's `Exchange` only when someone reads it (see to-exchange.ts).
 * When it is over the recorder copies it into its compact kept form (kept-exchange.ts) and
 * this object becomes garbage while still young.
 */
import type { IncomingMessage } from 'node:http';
import type { ExchangeRecord, ExchangeStartInfo, HeaderInput } from './recorder-api';
import { BodyCapture, type BodyBudget } from './body-capture';
import { WebSocketFrameParser } from './websocket-frames';
import {
  NO_TICKS,
  RELAYED,
  TICKS_PER_MS,
  hostOf,
  nowTicks,
  startEpochOf,
  ticksToMs,
  type ExchangeView,
  type WebSocketCounts,
} from './exchange-view';

/** What every record of one recorder shares (one object, not one per record). */
export interface RecordContext {
  /** The recorder's id prefix (ids are `<prefix>-<sequence in base 36>`). */
  idPrefix: string;
  budget: BodyBudget;
  /** Called when something the list shows changed (status, end, error…). */
  changed: (record: RecordedExchange) => void;
  /** Called once when the exchange is over: the recorder keeps it in compact form. */
  finished: (record: RecordedExchange) => void;
}

const EMPTY: readonly string[] = [];

/** What only some exchanges have (captured bodies, WebSocket traffic): one field for all. */
export interface Extras {
  requestCapture: BodyCapture | null;
  responseCapture: BodyCapture | null;
  websocket: WebSocketCounts | null;
  parsers: { fromClient: WebSocketFrameParser; toClient: WebSocketFrameParser } | null;
}

/** Frees captured bodies and frame parsers (the store dropped the exchange). */
export function releaseExtras(extras: Extras | null): void {
  if (!extras) return;
  extras.requestCapture?.release();
  extras.responseCapture?.release();
  extras.parsers = null;
}

/** `req.httpVersion` is a new string per request; kept records share one of these. */
const VERSIONS = ['1.1', '1.0', '2.0'] as const;
function sharedVersion(version: string): string {
  for (const known of VERSIONS) if (known === version) return known;
  return version;
}

export class RecordedExchange implements ExchangeRecord, ExchangeView {
  /** When the request head arrived on the monotonic clock: whole ms, and ticks within it. */
  readonly startMs: number;
  readonly startSubTicks: number;
  /** The store's slot the recorder put this record in (a hint to find it again). */
  slot = 0;

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

  /** `req.rawHeaders`, by reference. */
  readonly receivedRaw: readonly string[];
  forwardedRaw: HeaderInput = EMPTY;
  responseReceivedRaw: HeaderInput = EMPTY;
  responseSentRaw: HeaderInput | typeof RELAYED = EMPTY;

  domain: string | null = null;
  target: string | null = null;
  upstreamStatus: number | null = null;
  sentStatus: number | null = null;
  error: string | null = null;
  /** Ticks since the start, or NO_TICKS. */
  connectedTicks = NO_TICKS;
  firstByteTicks = NO_TICKS;
  endTicks = NO_TICKS;
  bytesIn = 0;
  bytesOut = 0;
  extras: Extras | null = null;

  constructor(
    /** Position in the recorder's sequence; the id is made from it when read. */
    readonly seq: number,
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
    this.upgrade = info.upgrade;
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

  get startEpoch(): number {
    return startEpochOf(this.startMs, this.startSubTicks);
  }

  get connectedAt(): number | null {
    return ticksToMs(this.connectedTicks);
  }
  get firstByteAt(): number | null {
    return ticksToMs(this.firstByteTicks);
  }
  get endAt(): number | null {
    return ticksToMs(this.endTicks);
  }

  private elapsedTicks(): number {
    return nowTicks() - (this.startMs * TICKS_PER_MS + this.startSubTicks);
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

  responseRelayed(status: number, headers: HeaderInput): void {
    this.responseReceived(status, headers);
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
    if (this.endTicks !== NO_TICKS) return;
    this.endTicks = this.elapsedTicks();
    this.error = error;
    const ws = this.extras?.websocket;
    if (ws) {
      ws.open = false;
      if (closeCode !== undefined && closeCode !== null) ws.closeCode = closeCode;
    }
    // The frame parsers are needed only while the tunnel is open.
    if (this.extras) this.extras.parsers = null;
    this.context.finished(this);
    this.context.changed(this);
  }

  get status(): number | null {
    return this.sentStatus ?? this.upstreamStatus;
  }

  get host(): string {
    return hostOf(this.receivedRaw, this.sni);
  }

  /** Frees the captured bodies (the record left the store). */
  release(): void {
    releaseExtras(this.extras);
  }
}

function blankCounts(): WebSocketCounts {
  return { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, closeCode: null, open: false };
}
