/**
 * Where the inspector keeps the text of finished exchanges (URL, header lists): UTF-8
 * bytes in a buffer outside the V8 heap. Kept on the heap, each finished exchange's strings
 * lived ~1,000 requests, long enough to be promoted to the old generation and die there: the
 * inspector's largest cost per request was the garbage collector's (bench/README.md).
 *
 * Text is appended; a span is dropped by no longer being listed. When the buffer is full, the
 * spans still listed are copied together into the spare buffer and the two swap (no
 * allocation, no sort), so a span is never overwritten while it is kept. At each compaction
 * the buffers grow, or shrink, to about `HEADROOM` times the live text.
 */

/** Where one text lives in the arena (a kept exchange is one; the arena moves it). */
export interface TextSpan {
  textAt: number;
  textBytes: number;
}

/** Sizes are multiples of this (and at least this). */
const SIZE_STEP = 256 * 1024;
/**
 * Buffer size as a multiple of the live text after a compaction: a compaction then comes once
 * as much text as is kept has been written (every ~1,000 exchanges at the default capacity),
 * and both buffers together take about 4× the live text.
 */
const HEADROOM = 2;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_CHAR = 3;

export class TextArena {
  private front: Buffer;
  private back: Buffer | null = null;
  private tail = 0;

  constructor(
    /** The spans still kept, in any order (asked only when the buffer is full). */
    private readonly live: () => readonly TextSpan[],
    initialBytes = SIZE_STEP,
  ) {
    this.front = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes the arena holds (both buffers), for tests and memory figures. */
  get allocatedBytes(): number {
    return this.front.length + (this.back?.length ?? 0);
  }

  /** Appends `text` and points `span` at it. */
  write(text: string, span: TextSpan): void {
    if (this.tail + text.length * MAX_BYTES_PER_CHAR > this.front.length) {
      this.compact(this.live(), text.length);
    }
    const bytes = this.front.write(text, this.tail);
    span.textAt = this.tail;
    span.textBytes = bytes;
    this.tail += bytes;
  }

  read(span: TextSpan): string {
    return this.front.toString('utf8', span.textAt, span.textAt + span.textBytes);
  }

  /**
   * Copies the `live` spans together (in the given order: oldest first keeps runs of spans
   * written one after another together) and makes room for a text of `chars` more units;
   * every other span's bytes are dropped.
   */
  private compact(live: readonly TextSpan[], chars: number): void {
    let liveBytes = 0;
    for (const span of live) liveBytes += span.textBytes;
    const wanted = sizeFor(liveBytes * HEADROOM + chars * MAX_BYTES_PER_CHAR);
    const size = this.front.length;
    // Shrink only when far off, so the size does not flap with the live text.
    const newSize = wanted > size || wanted * 2 <= size ? wanted : size;
    const target =
      this.back && this.back.length === newSize ? this.back : Buffer.allocUnsafe(newSize);
    // Spans written one after another stay together: they are copied as one run.
    let at = 0;
    let runFrom = 0;
    let runEnd = -1;
    let runTo = 0;
    for (const span of live) {
      if (span.textAt !== runEnd) {
        if (runEnd > runFrom) this.front.copy(target, runTo, runFrom, runEnd);
        runFrom = span.textAt;
        runTo = at;
      }
      runEnd = span.textAt + span.textBytes;
      span.textAt = at;
      at += span.textBytes;
    }
    if (runEnd > runFrom) this.front.copy(target, runTo, runFrom, runEnd);
    this.back = newSize === size ? this.front : null;
    this.front = target;
    this.tail = at;
  }

  /** Drops every span. */
  clear(): void {
    this.tail = 0;
  }
}

function sizeFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / SIZE_STEP)) * SIZE_STEP;
}
