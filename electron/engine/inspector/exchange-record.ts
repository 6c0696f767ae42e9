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

export class RecordedExchange implements ExchangeRecord {
  /** Epoch ms when the request head arrived. */
  readonly startEpoch = Date.now();
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
  get hostHeader(): string {
    return findHeader(this.receivedRaw, 'host') ?? this.sni ?? '';
  }

  /** `req.rawHeaders`, by reference. */
  readonly receivedRaw: readonly string[];
  forwardedRaw: HeaderInput = EMPTY;
  responseReceivedRaw: HeaderInput = EMPTY;
  responseSentRaw: HeaderInput = EMPTY;

  domain: string | null = null;
  target: string | null = null;
  upstreamStatus: number | null = null;
  sentStatus: number | null = null;
  error: string | null = null;
  connectedAt: number | null = null;
  firstByteAt: number | null = null;
  endAt: number | null = null;
  bytesIn = 0;
  bytesOut = 0;

  requestCapture: BodyCapture | null = null;
  responseCapture: BodyCapture | null = null;
  websocket: WebSocketCounts | null = null;
  private parsers: { fromClient: WebSocketFrameParser; toClient: WebSocketFrameParser } | null =
    null;

  constructor(
    readonly id: string,
    req: IncomingMessage,
    info: ExchangeStartInfo,
    private readonly options: RecordOptions,
  ) {
    this.method = req.method ?? 'GET';
    this.url = req.url ?? '/';
    this.httpVersion = req.httpVersion;
    this.receivedRaw = req.rawHeaders;
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

  /** ms since the request head arrived. */
  private elapsed(): number {
    return performance.now() - this.startMark;
  }

  routed(domain: string | null, target: string | null): void {
    this.domain = domain;
    this.target = target;
  }

  connected(): void {
    this.connectedAt = this.elapsed();
  }

  forwarded(headers: HeaderInput): void {
    this.forwardedRaw = headers;
  }

  responseReceived(status: number, headers: HeaderInput): void {
    this.firstByteAt = this.elapsed();
    this.upstreamStatus = status;
    this.responseReceivedRaw = headers;
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
    if (this.endAt !== null) return;
    this.endAt = this.elapsed();
    this.error = error;
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
