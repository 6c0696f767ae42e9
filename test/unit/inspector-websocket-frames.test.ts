// The WebSocket frame-header parser: counts frames and payload bytes and reads the close
// code, whatever way the tunnel's bytes are cut into chunks.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  WebSocketFrameParser,
  type FrameInfo,
} from '../../electron/engine/inspector/websocket-frames';

/** The `ws` package's own frame writer (what real servers and clients send). */
type FrameFn = (data: Buffer, options: Record<string, unknown>) => Buffer[];
const require = createRequire(import.meta.url);
const senderModule: unknown = (require('ws') as { Sender?: unknown }).Sender;
function wsFrame(data: Buffer, opcode: number, mask: boolean): Buffer {
  const frame = (senderModule as { frame?: unknown }).frame;
  if (typeof frame !== 'function') throw new Error('ws Sender.frame not found');
  const parts = (frame as FrameFn)(data, { fin: true, opcode, mask, readOnly: false, rsv1: false });
  return Buffer.concat(parts);
}

/** A frame built by hand, byte by byte, from RFC 6455 §5.2. */
function handFrame(opcode: number, payload: Buffer, mask: Buffer | null, fin = true): Buffer {
  const head: number[] = [(fin ? 0x80 : 0) | opcode];
  const m = mask ? 0x80 : 0;
  const n = payload.length;
  if (n < 126) head.push(m | n);
  else if (n < 65536) head.push(m | 126, n >> 8, n & 0xff);
  else
    head.push(m | 127, 0, 0, 0, 0, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  const body = Buffer.from(payload);
  if (mask) {
    head.push(...mask);
    for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (mask[i % 4] as number);
  }
  return Buffer.concat([Buffer.from(head), body]);
}

function closePayload(code: number, reason = ''): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return Buffer.concat([b, Buffer.from(reason)]);
}

function parseAll(chunks: Buffer[]) {
  const seen: FrameInfo[] = [];
  const parser = new WebSocketFrameParser((f) => seen.push(f));
  for (const chunk of chunks) parser.push(chunk);
  return { parser, seen };
}

const mask = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
const handStream = Buffer.concat([
  handFrame(0x1, Buffer.from('Hello'), mask),
  handFrame(0x2, Buffer.alloc(300, 7), null), // 16-bit length
  handFrame(0x9, Buffer.alloc(0), mask), // ping, empty
  handFrame(0x1, Buffer.from('frag'), null, false),
  handFrame(0x0, Buffer.from('ment'), null), // continuation
  handFrame(0x8, closePayload(4001, 'bye'), mask),
]);

describe('WebSocketFrameParser', () => {
  it('counts hand-built frames (masked, unmasked, 16-bit length, fragments) and reads the close code', () => {
    const { parser, seen } = parseAll([handStream]);
    expect(seen.map((f) => [f.opcode, f.payloadBytes, f.masked])).toEqual([
      [1, 5, true],
      [2, 300, false],
      [9, 0, true],
      [1, 4, false],
      [0, 4, false],
      [8, 5, true],
    ]);
    expect(parser.frames).toBe(6);
    expect(parser.payloadBytes).toBe(5 + 300 + 0 + 4 + 4 + 5);
    expect(parser.closeCode).toBe(4001);
  });

  it('gives the same counts when the stream is split at every byte boundary', () => {
    for (let cut = 0; cut <= handStream.length; cut++) {
      const { parser } = parseAll([handStream.subarray(0, cut), handStream.subarray(cut)]);
      expect([parser.frames, parser.payloadBytes, parser.closeCode], `cut at ${cut}`).toEqual([
        6, 318, 4001,
      ]);
    }
    const oneByOne = [...handStream].map((byte) => Buffer.from([byte]));
    expect(parseAll(oneByOne).parser.closeCode).toBe(4001);
  });

  it("counts frames written by the ws package's Sender, 7-, 16- and 64-bit lengths, split anywhere", () => {
    const stream = Buffer.concat([
      wsFrame(Buffer.from('hi'), 0x1, true),
      wsFrame(Buffer.alloc(1000, 1), 0x2, false),
      wsFrame(Buffer.alloc(70_000, 2), 0x2, true), // 64-bit length
      wsFrame(closePayload(1001), 0x8, true),
    ]);
    const expected = [4, 2 + 1000 + 70_000 + 2, 1001];
    const whole = parseAll([stream]).parser;
    expect([whole.frames, whole.payloadBytes, whole.closeCode]).toEqual(expected);
    for (
      let cut = 0;
      cut <= stream.length;
      cut += cut < 1100 || cut > stream.length - 20 ? 1 : 997
    ) {
      const { parser } = parseAll([stream.subarray(0, cut), stream.subarray(cut)]);
      expect([parser.frames, parser.payloadBytes, parser.closeCode], `cut at ${cut}`).toEqual(
        expected,
      );
    }
  });

  it('reports 1005 for a close frame without a code, and keeps the first close code', () => {
    const { parser } = parseAll([
      handFrame(0x8, Buffer.alloc(0), null),
      handFrame(0x8, closePayload(1000), null),
    ]);
    expect(parser.closeCode).toBe(1005);
    expect(parser.frames).toBe(2);
  });

  it('stops counting, without throwing, on a length no real frame has', () => {
    const bogus = Buffer.from([0x82, 0x7f, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1]);
    const { parser } = parseAll([bogus, handFrame(0x1, Buffer.from('x'), null)]);
    expect(parser.broken).toBe(true);
    expect(parser.frames).toBe(0);
  });
});
