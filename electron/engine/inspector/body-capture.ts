/**
 * Keeps the first `maxBytes` of a message body as it streams past, and turns what was kept
 * into the contract's `CapturedBody` (text when it is text, base64 otherwise) when read.
 * Chunks are copied, never kept by reference: a slice would pin the socket's whole read
 * buffer in memory.
 */
import type { CapturedBody } from '../../../shared/exchange';

/** Shared by every capture of one recorder: caps the bytes all kept bodies hold together. */
export interface BodyBudget {
  /** Most body bytes kept across every recorded exchange. */
  readonly limit: number;
  used: number;
}

export class BodyCapture {
  /** Bytes the message had (counted even past the cap). */
  size = 0;
  kept = 0;
  truncated = false;
  private chunks: Buffer[] = [];

  constructor(
    private readonly maxBytes: number,
    private readonly budget: BodyBudget,
  ) {}

  push(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.truncated) return;
    const room = Math.min(this.maxBytes - this.kept, this.budget.limit - this.budget.used);
    if (room <= 0) {
      if (chunk.length > 0) this.truncated = true;
      return;
    }
    const take = Math.min(room, chunk.length);
    this.chunks.push(Buffer.from(chunk.subarray(0, take)));
    this.kept += take;
    this.budget.used += take;
    if (take < chunk.length) this.truncated = true;
  }

  /** Gives the kept bytes back to the budget (the record was evicted or cleared). */
  release(): void {
    this.budget.used -= this.kept;
    this.kept = 0;
    this.chunks = [];
  }

  bytes(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  toCaptured(contentType: string | null, contentEncoding: string | null): CapturedBody {
    const data = this.bytes();
    const verdict = looksLikeText(contentType, contentEncoding);
    const text = verdict === false ? null : decodeText(data, this.truncated);
    return {
      size: this.size,
      truncated: this.truncated,
      contentType,
      text,
      base64: text === null ? data.toString('base64') : null,
    };
  }
}

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|x-ndjson|ld\+json|manifest\+json)|[^/]+\/[^;]*\+(json|xml)\b|image\/svg\+xml)/i;

const BINARY_TYPES =
  /^(image\/|audio\/|video\/|font\/|application\/(octet-stream|zip|gzip|pdf|wasm|x-protobuf|protobuf))/i;

/**
 * Whether the body may be text: not when it is compressed (the bytes are what passed on
 * the wire), yes for known text types or any type with a charset, and for anything else
 * the bytes decide (valid UTF-8 without control characters).
 */
function looksLikeText(contentType: string | null, contentEncoding: string | null): boolean | null {
  if (contentEncoding && !/^\s*identity\s*$/i.test(contentEncoding)) return false;
  if (!contentType) return null;
  if (TEXT_TYPES.test(contentType) || /;\s*charset=/i.test(contentType)) return true;
  if (BINARY_TYPES.test(contentType)) return false;
  return null;
}

function decodeText(data: Buffer, truncated: boolean): string | null {
  try {
    // `stream: true` tolerates a multi-byte character cut by the cap.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data, { stream: truncated });
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) ? null : text;
  } catch {
    // Not valid UTF-8: the caller stores it as base64 instead.
    return null;
  }
}

/** The contract body of a capture, or null when nothing was captured. */
export function captureToBody(
  capture: BodyCapture | null,
  contentType: string | null,
  contentEncoding: string | null,
): CapturedBody | null {
  if (!capture || capture.size === 0) return null;
  return capture.toCaptured(contentType, contentEncoding);
}
