/**
 * A finished exchange as the inspector keeps it: small integers and strings shared with the
 * configuration or the connection in fields, and all of its own text (URL and the four header
 * lists) as one latin1 span in the recorder's `TextArena`, outside the V8 heap.
 *
 * Objects of this class are reused: the recorder takes one from its free list when an exchange
 * finishes and returns it when the store drops it. So keeping 1,000 exchanges costs the
 * garbage collector nothing per request: no object or string of a finished exchange survives
 * on the heap, where each used to be promoted to the old generation and die there.
 * Readers never hold one: they get a `view()`, decoded on demand.
 */
import { releaseExtras, type Extras, type RecordedExchange } from './exchange-record';
import type { HeaderInput } from './recorder-api';
import {
  NO_TICKS,
  RELAYED,
  hostOf,
  startEpochOf,
  ticksToMs,
  type ExchangeView,
} from './exchange-view';
import { NO_TEXT, type TextArena, type TextSpan } from './text-arena';

/** `responseSentCount` when the sent head was the upstream's, relayed. */
const RELAYED_COUNT = -1;
/** A status that is not known yet (keeps the field a small integer). */
const NO_STATUS = -1;

export class KeptExchange implements TextSpan {
  seq = 0;
  textAt = NO_TEXT;
  textBytes = 0;
  /** How many strings each header list has in the text (1: a serialised head). */
  receivedCount = 0;
  forwardedCount = 0;
  responseReceivedCount = 0;
  responseSentCount = 0;

  startMs = 0;
  startSubTicks = 0;
  connectedTicks = NO_TICKS;
  firstByteTicks = NO_TICKS;
  endTicks = NO_TICKS;
  upstreamStatus = NO_STATUS;
  sentStatus = NO_STATUS;
  bytesIn = 0;
  bytesOut = 0;

  // Strings the exchange shares with others (methods, versions, the route's domain and
  // target, the connection's address): references, not copies.
  method = '';
  httpVersion = '';
  upgrade: 'websocket' | null = null;
  clientAddress = '';
  tls = false;
  sni: string | null = null;
  replayOf: string | null = null;
  domain: string | null = null;
  target: string | null = null;
  error: string | null = null;
  extras: Extras | null = null;

  constructor(
    private readonly idPrefix: string,
    private readonly arena: TextArena,
  ) {}

  /** Takes over a finished record: its numbers, shared strings, and its text (into the arena). */
  keep(record: RecordedExchange): void {
    this.seq = record.seq;
    this.startMs = record.startMs;
    this.startSubTicks = record.startSubTicks;
    this.connectedTicks = record.connectedTicks;
    this.firstByteTicks = record.firstByteTicks;
    this.endTicks = record.endTicks;
    this.upstreamStatus = record.upstreamStatus ?? NO_STATUS;
    this.sentStatus = record.sentStatus ?? NO_STATUS;
    this.bytesIn = record.bytesIn;
    this.bytesOut = record.bytesOut;
    this.method = record.method;
    this.httpVersion = record.httpVersion;
    this.upgrade = record.upgrade;
    this.clientAddress = record.clientAddress;
    this.tls = record.tls;
    this.sni = record.sni;
    this.replayOf = record.replayOf;
    this.domain = record.domain;
    this.target = record.target;
    this.error = record.error;
    this.extras = record.extras;

    // All of the text as one string, built by concatenation, and the lengths of its pieces.
    // V8 makes a tree of the pieces, which the arena's one native write flattens and copies
    // (writing the long flat heads with writes of their own was no faster, and a JavaScript
    // copy of each piece slower: bench/README.md findings 15 and 16). Each list's count of
    // strings is how many lengths it added.
    const sent = record.responseSentRaw;
    const lengths = pieceLengths;
    lengths.of[0] = record.url.length;
    lengths.count = 1;
    let text = withHeaders(record.url, record.receivedRaw, lengths);
    this.receivedCount = lengths.count - 1;
    let counted = lengths.count;
    text = withHeaders(text, record.forwardedRaw, lengths);
    this.forwardedCount = lengths.count - counted;
    counted = lengths.count;
    text = withHeaders(text, record.responseReceivedRaw, lengths);
    this.responseReceivedCount = lengths.count - counted;
    counted = lengths.count;
    if (sent !== RELAYED) text = withHeaders(text, sent, lengths);
    this.responseSentCount = sent === RELAYED ? RELAYED_COUNT : lengths.count - counted;
    this.arena.write(text, lengths.of, lengths.count, this);
  }

  get id(): string {
    return `${this.idPrefix}-${this.seq.toString(36)}`;
  }

  get status(): number | null {
    if (this.sentStatus !== NO_STATUS) return this.sentStatus;
    return this.upstreamStatus === NO_STATUS ? null : this.upstreamStatus;
  }

  /** The URL and the host, decoded (for the store's filters). */
  get url(): string {
    return this.arena.read(this)[0] as string;
  }
  get host(): string {
    return hostOf(this.receivedOf(this.arena.read(this)), this.sni);
  }

  /** The received headers: always a flat raw list (`req.rawHeaders`), right after the URL. */
  private receivedOf(pieces: readonly string[]): string[] {
    return pieces.slice(1, 1 + this.receivedCount);
  }

  /** The exchange as readers see it, decoded from the arena now. */
  view(): ExchangeView {
    const pieces = this.arena.read(this);
    const receivedRaw = this.receivedOf(pieces);
    let at = 1 + this.receivedCount;
    const section = (count: number): HeaderInput => {
      const list = pieces.slice(at, at + count);
      at += count;
      return count === 1 ? (list[0] as string) : list;
    };
    const forwardedRaw = section(this.forwardedCount);
    const responseReceivedRaw = section(this.responseReceivedCount);
    const responseSentRaw =
      this.responseSentCount === RELAYED_COUNT ? RELAYED : section(this.responseSentCount);
    const extras = this.extras;
    return {
      id: this.id,
      method: this.method,
      url: pieces[0] as string,
      host: hostOf(receivedRaw, this.sni),
      httpVersion: this.httpVersion,
      upgrade: this.upgrade,
      clientAddress: this.clientAddress,
      tls: this.tls,
      sni: this.sni,
      replayOf: this.replayOf,
      domain: this.domain,
      target: this.target,
      status: this.status,
      error: this.error,
      startEpoch: startEpochOf(this.startMs, this.startSubTicks),
      connectedAt: ticksToMs(this.connectedTicks),
      firstByteAt: ticksToMs(this.firstByteTicks),
      endAt: ticksToMs(this.endTicks),
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      websocket: extras?.websocket ? { ...extras.websocket } : null,
      receivedRaw,
      forwardedRaw,
      responseReceivedRaw,
      responseSentRaw,
      requestCapture: extras?.requestCapture ?? null,
      responseCapture: extras?.responseCapture ?? null,
    };
  }

  /** Frees the captured bodies and the text (the store dropped the exchange) before reuse. */
  release(): void {
    releaseExtras(this.extras);
    this.extras = null;
    this.arena.free(this);
    this.sni = this.replayOf = this.error = this.domain = this.target = null;
    this.clientAddress = '';
  }
}

/** The lengths of the pieces of the text being kept: one list for all (keeping is synchronous). */
interface PieceLengths {
  readonly of: number[];
  count: number;
}
const pieceLengths: PieceLengths = { of: [], count: 0 };

/**
 * `text` followed by a header list's strings (a serialised head is one, pairs two each), their
 * lengths added to `lengths`. The text is built in a local: each step is a new string, and
 * storing it in a long-lived object would cost a write barrier each.
 */
function withHeaders(text: string, headers: HeaderInput, lengths: PieceLengths): string {
  if (typeof headers === 'string') {
    lengths.of[lengths.count++] = headers.length;
    return text + headers;
  }
  for (const item of headers as readonly (string | readonly [string, string])[]) {
    if (typeof item === 'string') {
      lengths.of[lengths.count++] = item.length;
      text += item;
    } else {
      lengths.of[lengths.count++] = item[0].length;
      lengths.of[lengths.count++] = item[1].length;
      text = text + item[0] + item[1];
    }
  }
  return text;
}
