/**
 * The hooks the proxy pipeline calls while an exchange goes through it. The inspector
 * implements them; the pipeline knows nothing else about recording. Every hook must be
 * cheap: it runs on the request path (no I/O, no formatting; copy references, not data).
 */
import type { IncomingMessage } from 'node:http';
import type { HeaderList } from '../../../shared/exchange';

/**
 * A header list as the pipeline has it: `[name, value]` pairs, a flat raw array (`rawHeaders`
 * style: name, value, name, value…) kept by reference and paired on read, or a head exactly as
 * serialised for the wire ("GET / HTTP/1.1\r\nName: value\r\n…", or its header lines alone),
 * parsed on read.
 */
export type HeaderInput = HeaderList | readonly string[] | string;

export interface ExchangeStartInfo {
  clientAddress: string;
  tls: boolean;
  /** The SNI name the client sent, when TLS. */
  sni: string | null;
  /** Set when this exchange is a replay of another (the proxy marks replays itself). */
  replayOf: string | null;
  /** A WebSocket upgrade (the pipeline knows: upgrades take their own path through it). */
  upgrade: 'websocket' | null;
}

export interface ExchangeRecorder {
  /**
   * A request arrived (its head has been parsed). Returns null when nothing is recorded; a
   * recorder that does so for some exchanges of a connection and not others gives their bytes
   * to the next exchange it records there (see `bytes`).
   */
  begin(req: IncomingMessage, info: ExchangeStartInfo): ExchangeRecord | null;
}

export interface ExchangeRecord {
  readonly id: string;
  /** Whether bodies should be captured (the pipeline then calls the body hooks). */
  readonly wantsBodies: boolean;
  /** The route that was picked: domain pattern and target URL (null when unknown host). */
  routed(domain: string | null, target: string | null): void;
  /** The upstream socket is connected. */
  connected(): void;
  /** The exact header list the upstream received (the request head as written). */
  forwarded(headers: HeaderInput): void;
  /** The upstream's response head arrived. */
  responseReceived(status: number, headers: HeaderInput): void;
  /**
   * The upstream's response head arrived and was relayed to the client as is, minus
   * hop-by-hop headers (`responseReceived` + `responseSent` in one, the sent list implied).
   */
  responseRelayed(status: number, headers: HeaderInput): void;
  /** The response head Portico sent to the client (also for Portico's own error pages). */
  responseSent(status: number, headers: HeaderInput): void;
  requestBody(chunk: Buffer): void;
  responseBody(chunk: Buffer): void;
  /**
   * Bytes in (from the client) and out (to the client), counted when the exchange ends: what
   * its connection read and wrote since the previous exchange on it ended (proxy/exchange-bytes.ts).
   */
  bytes(inBytes: number, outBytes: number): void;
  /** The WebSocket tunnel is open (after the upstream's 101). */
  websocketOpened(): void;
  /** A WebSocket frame passed; `fromClient` tells its direction. */
  websocketFrame(fromClient: boolean, payloadBytes: number): void;
  /**
   * Raw tunnel bytes in one direction: the record parses frame headers itself (counts,
   * sizes, close code) and never keeps the data. Use this or `websocketFrame`, not both.
   */
  websocketData(fromClient: boolean, chunk: Buffer): void;
  /** The exchange is over: `error` is a code such as ECONNREFUSED or timeout, else null. */
  finish(error: string | null, closeCode?: number | null): void;
}
