/**
 * What readers of a recorded exchange see (summaries, details, replay, cURL, HAR), whether
 * it is still going through the pipeline (the live record) or finished and kept (a view
 * decoded from the compact form, see kept-exchange.ts). Also the timing arithmetic both share.
 */
import { performance } from 'node:perf_hooks';
import { findHeader } from '../proxy/raw-headers';
import type { BodyCapture } from './body-capture';
import type { HeaderInput } from './recorder-api';

/** The response the client got was the upstream's minus hop-by-hop headers (worked out on read). */
export const RELAYED: unique symbol = Symbol('relayed');

export interface WebSocketCounts {
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  closeCode: number | null;
  open: boolean;
}

export interface ExchangeView {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  /** The host name without its port, lower-cased. */
  readonly host: string;
  readonly httpVersion: string;
  readonly upgrade: 'websocket' | null;
  readonly clientAddress: string;
  readonly tls: boolean;
  readonly sni: string | null;
  readonly replayOf: string | null;
  readonly domain: string | null;
  readonly target: string | null;
  /** The status the client saw (Portico's own when it answered), else the upstream's. */
  readonly status: number | null;
  readonly error: string | null;
  /** Epoch ms when the request head arrived. */
  readonly startEpoch: number;
  /** ms since the request head arrived, when connected / at the first response byte / at the end. */
  readonly connectedAt: number | null;
  readonly firstByteAt: number | null;
  readonly endAt: number | null;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly websocket: WebSocketCounts | null;
  readonly receivedRaw: HeaderInput;
  readonly forwardedRaw: HeaderInput;
  readonly responseReceivedRaw: HeaderInput;
  readonly responseSentRaw: HeaderInput | typeof RELAYED;
  readonly requestCapture: BodyCapture | null;
  readonly responseCapture: BodyCapture | null;
}

/**
 * Timings are kept as whole hundredths of a millisecond (what is shown): small integers live
 * inside an object, while fractional numbers would each be a heap object. A start time is two
 * such integers (whole ms, ticks within it): one tick count would outgrow V8's small-integer
 * range after a few hours.
 */
export const TICKS_PER_MS = 100;
/** "Not yet" in a tick field (−1 keeps the field a small integer; null would not). */
export const NO_TICKS = -1;

export const nowTicks = (): number => Math.round(performance.now() * TICKS_PER_MS);

export const ticksToMs = (ticks: number): number | null =>
  ticks === NO_TICKS ? null : ticks / TICKS_PER_MS;

export function startEpochOf(startMs: number, startSubTicks: number): number {
  return Math.round(performance.timeOrigin + startMs + startSubTicks / TICKS_PER_MS);
}

/** The host an exchange was for: its Host header (as received), else the SNI name. */
export function hostOf(receivedRaw: readonly string[], sni: string | null): string {
  return hostWithoutPort(findHeader(receivedRaw, 'host') ?? sni ?? '');
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
