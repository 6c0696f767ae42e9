/**
 * Where the inspector keeps the text of finished exchanges (URL, header lists): bytes in a
 * buffer outside the V8 heap. Kept on the heap, each finished exchange's strings lived ~1,000
 * requests, long enough to be promoted to the old generation and die there: the inspector's
 * largest cost per request was the garbage collector's (bench/README.md).
 *
 * The text is kept as latin1, one byte per character: the encoding of HTTP heads on the wire
 * (Node's parser decodes every request line and header as latin1, and Node and undici write
 * heads as latin1), so every header string round-trips as it was sent or received, at one
 * byte per character and without the cost of UTF-8 encoding.
 *
 * A text is kept as pieces (an exchange's URL and header strings): their lengths, then the
 * pieces one after another, so the caller builds one string with no separators to add.
 *
 * Text is appended; a span is dropped by `free`. When the buffer is full, the spans still kept
 * are copied together into the spare buffer and the two swap (no allocation, no sort), so a
 * span is never overwritten while it is kept. At each compaction the buffers grow, or shrink,
 * to about `HEADROOM` times the live text.
 */

/** Where one text lives in the arena (a kept exchange is one; the arena moves it). */
export interface TextSpan {
  textAt: number;
  textBytes: number;
}

/** `textAt` of a span that holds no text in the arena (freed, or never written). */
export const NO_TEXT = -1;

/** Sizes are multiples of this (and at least this). */
const SIZE_STEP = 256 * 1024;
/**
 * Buffer size as a multiple of the live text after a compaction: a compaction then comes once
 * as much text as is kept has been written (every ~1,000 exchanges at the default capacity),
 * and both buffers together take about 4× the live text.
 */
const HEADROOM = 2;

export class TextArena {
  private front: Buffer;
  private back: Buffer | null = null;
  private tail = 0;
  /**
   * Every span written into `front`, in the order written (which is their order in it), and
   * where each was written: a span freed, or written again since, no longer points there.
   * A compaction walks this list, so spans written one after another move as one copy.
   */
  private readonly written: (TextSpan | null)[] = [];
  private readonly writtenAt: number[] = [];
  private writtenCount = 0;

  constructor(initialBytes = SIZE_STEP) {
    this.front = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes the arena holds (both buffers), for tests and memory figures. */
  get allocatedBytes(): number {
    return this.front.length + (this.back?.length ?? 0);
  }

  /**
   * Appends a text made of `count` pieces (latin1: one byte per character), `text` being the
   * pieces one after another and `lengths` their lengths, and points `span` at it. The lengths
   * go first (one byte each below 255), so a piece may hold any character.
   */
  write(text: string, lengths: readonly number[], count: number, span: TextSpan): void {
    let bytes = lengthBytes(count) + text.length;
    for (let i = 0; i < count; i++) bytes += lengthBytes(lengths[i] as number);
    // Before the span is pointed at its new text: should it still hold an older one, that
    // one is moved (or dropped) with its own length.
    if (this.tail + bytes > this.front.length) this.compact(bytes);
    const front = this.front;
    const at = this.tail;
    let textAt = putLength(front, at, count);
    for (let i = 0; i < count; i++) textAt = putLength(front, textAt, lengths[i] as number);
    if (text.length > 0) writeLatin1(front, text, textAt, text.length);
    span.textAt = at;
    span.textBytes = bytes;
    this.tail = at + bytes;
    const index = this.writtenCount++;
    this.written[index] = span;
    this.writtenAt[index] = at;
  }

  /** The pieces of a span's text, in order (none once it is freed). */
  read(span: TextSpan): string[] {
    if (span.textBytes === 0) return [];
    const front = this.front;
    const end = span.textAt + span.textBytes;
    const count = getLength(front, span.textAt);
    let at = span.textAt + lengthBytes(count);
    const lengths = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      const length = getLength(front, at);
      lengths[i] = length;
      at += lengthBytes(length);
    }
    const text = front.toString('latin1', at, end);
    const pieces = new Array<string>(count);
    let from = 0;
    for (let i = 0; i < count; i++) {
      const to = from + (lengths[i] as number);
      pieces[i] = text.slice(from, to);
      from = to;
    }
    return pieces;
  }

  /** Drops a span's text (its bytes are reclaimed at the next compaction). */
  free(span: TextSpan): void {
    span.textAt = NO_TEXT;
    span.textBytes = 0;
  }

  /**
   * Copies the spans still kept together, in the order they were written (so runs of spans
   * written one after another are one copy each), and makes room for `bytes` more; every
   * other span's bytes are dropped.
   */
  private compact(bytes: number): void {
    const { written, writtenAt, writtenCount } = this;
    let liveBytes = 0;
    for (let i = 0; i < writtenCount; i++) {
      const span = written[i] as TextSpan;
      if (span.textAt === writtenAt[i]) liveBytes += span.textBytes;
    }
    const wanted = sizeFor(liveBytes * HEADROOM + bytes);
    const size = this.front.length;
    // Shrink only when far off, so the size does not flap with the live text.
    const newSize = wanted > size || wanted * 2 <= size ? wanted : size;
    const target =
      this.back && this.back.length === newSize ? this.back : Buffer.allocUnsafe(newSize);
    let at = 0;
    let kept = 0;
    let runFrom = 0;
    let runEnd = -1;
    let runTo = 0;
    for (let i = 0; i < writtenCount; i++) {
      const span = written[i] as TextSpan;
      const from = writtenAt[i] as number;
      if (span.textAt !== from) continue; // freed, or written again later
      if (from !== runEnd) {
        if (runEnd > runFrom) this.front.copy(target, runTo, runFrom, runEnd);
        runFrom = from;
        runTo = at;
      }
      runEnd = from + span.textBytes;
      span.textAt = at;
      written[kept] = span;
      writtenAt[kept] = at;
      kept++;
      at += span.textBytes;
    }
    if (runEnd > runFrom) this.front.copy(target, runTo, runFrom, runEnd);
    written.fill(null, kept, writtenCount);
    this.writtenCount = kept;
    this.back = newSize === size ? this.front : null;
    this.front = target;
    this.tail = at;
  }

  /** Drops every span. */
  clear(): void {
    this.written.fill(null, 0, this.writtenCount);
    this.writtenCount = 0;
    this.tail = 0;
  }
}

/**
 * Writes latin1 text into a buffer: Buffer's own `latin1Write` where it has one (Node's, not
 * in its typings), else `write`, which checks its arguments and looks up the encoding first
 * (~300 instructions a call, for a position and length the arena has already checked).
 */
type Latin1Writer = (buffer: Buffer, text: string, at: number, bytes: number) => void;
const nativeLatin1Write = (Buffer.prototype as { latin1Write?: unknown }).latin1Write;
const writeLatin1: Latin1Writer =
  typeof nativeLatin1Write === 'function'
    ? (buffer, text, at, bytes) =>
        (
          buffer as Buffer & { latin1Write: (t: string, o: number, l: number) => number }
        ).latin1Write(text, at, bytes)
    : (buffer, text, at, bytes) => buffer.write(text, at, bytes, 'latin1');

/** A length from here up is this marker byte and the length in four more bytes. */
const LONG_LENGTH = 0xff;

function lengthBytes(length: number): number {
  return length < LONG_LENGTH ? 1 : 5;
}

function putLength(buffer: Buffer, at: number, length: number): number {
  if (length < LONG_LENGTH) {
    buffer[at] = length;
    return at + 1;
  }
  buffer[at] = LONG_LENGTH;
  buffer.writeUInt32LE(length, at + 1);
  return at + 5;
}

function getLength(buffer: Buffer, at: number): number {
  const first = buffer[at] as number;
  return first < LONG_LENGTH ? first : buffer.readUInt32LE(at + 1);
}

function sizeFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / SIZE_STEP)) * SIZE_STEP;
}
