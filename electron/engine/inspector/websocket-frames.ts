/**
 * An incremental RFC 6455 frame-header parser for one direction of a WebSocket tunnel. It
 * is fed the raw chunks as they pass, counts frames and payload bytes and reads the close
 * code of a close frame. Payloads are skipped, never buffered: only a frame header (at most
 * 14 bytes) and the first two bytes of a close payload are ever held.
 */

export interface FrameInfo {
  opcode: number;
  fin: boolean;
  masked: boolean;
  payloadBytes: number;
}

const OPCODE_CLOSE = 0x8;
/** 2^53: past this a 64-bit length cannot be counted exactly (and no real frame is this big). */
const MAX_SAFE_HIGH = 0x1fffff;

export class WebSocketFrameParser {
  frames = 0;
  payloadBytes = 0;
  /** The code of the first close frame seen (1005 when it carried none), else null. */
  closeCode: number | null = null;
  /** Set when the stream stopped making sense (e.g. a length over 2^53); counting stops. */
  broken = false;

  private header = Buffer.alloc(14);
  private headerHave = 0;
  /** Bytes of the current frame's payload still to skip; -1 while reading a header. */
  private remaining = -1;
  private current: FrameInfo | null = null;
  private mask = Buffer.alloc(4);
  private closeBytes: number[] = [];

  constructor(private readonly onFrame?: (frame: FrameInfo) => void) {}

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !this.broken) {
      if (this.remaining < 0) {
        offset = this.readHeader(chunk, offset);
      } else {
        const take = Math.min(this.remaining, chunk.length - offset);
        if (this.current?.opcode === OPCODE_CLOSE) this.readClose(chunk, offset, take);
        this.remaining -= take;
        offset += take;
        if (this.remaining === 0) this.endFrame();
      }
    }
  }

  /** Copies header bytes until the header is complete; returns the new offset. */
  private readHeader(chunk: Buffer, offset: number): number {
    while (offset < chunk.length) {
      this.header[this.headerHave++] = chunk[offset++] as number;
      const need = this.headerLength();
      if (need !== null && this.headerHave === need) {
        this.startFrame();
        return offset;
      }
    }
    return offset;
  }

  /** The full header length once the first two bytes are known. */
  private headerLength(): number | null {
    if (this.headerHave < 2) return null;
    const second = this.header[1] as number;
    const len7 = second & 0x7f;
    const extended = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
    return 2 + extended + (second & 0x80 ? 4 : 0);
  }

  private startFrame(): void {
    const first = this.header[0] as number;
    const second = this.header[1] as number;
    const masked = (second & 0x80) !== 0;
    const len7 = second & 0x7f;
    let length = len7;
    let at = 2;
    if (len7 === 126) {
      length = this.header.readUInt16BE(2);
      at = 4;
    } else if (len7 === 127) {
      const high = this.header.readUInt32BE(2);
      if (high > MAX_SAFE_HIGH) {
        this.broken = true;
        return;
      }
      length = high * 0x1_0000_0000 + this.header.readUInt32BE(6);
      at = 10;
    }
    if (masked) this.header.copy(this.mask, 0, at, at + 4);
    this.current = {
      opcode: first & 0x0f,
      fin: (first & 0x80) !== 0,
      masked,
      payloadBytes: length,
    };
    this.closeBytes = [];
    this.headerHave = 0;
    this.remaining = length;
    if (length === 0) this.endFrame();
  }

  private readClose(chunk: Buffer, offset: number, take: number): void {
    const payloadOffset = (this.current?.payloadBytes ?? 0) - this.remaining;
    for (let i = 0; i < take && payloadOffset + i < 2; i++) {
      const index = payloadOffset + i;
      let byte = chunk[offset + i] as number;
      if (this.current?.masked) byte ^= this.mask[index % 4] as number;
      this.closeBytes.push(byte);
    }
  }

  private endFrame(): void {
    const frame = this.current;
    this.remaining = -1;
    this.current = null;
    if (!frame) return;
    this.frames += 1;
    this.payloadBytes += frame.payloadBytes;
    if (frame.opcode === OPCODE_CLOSE && this.closeCode === null) {
      const [high, low] = this.closeBytes;
      this.closeCode = high !== undefined && low !== undefined ? (high << 8) | low : 1005;
    }
    this.onFrame?.(frame);
  }
}
