// The text arena: where finished exchanges keep their text, outside the V8 heap. A text
// still kept must read back exactly, whatever passed through after it.
import { describe, expect, it } from 'vitest';
import { TextArena, type TextSpan } from '../../electron/engine/inspector/text-arena';

interface Kept extends TextSpan {
  text: string;
}

/** Writes one text as a single piece (the piece lengths have a test of their own). */
function write(arena: TextArena, text: string, span: TextSpan): void {
  arena.write(text, [text.length], 1, span);
}

function readText(arena: TextArena, span: TextSpan): string {
  return arena.read(span).join('');
}

function keep(arena: TextArena, kept: Kept[], text: string): Kept {
  const span: Kept = { text, textAt: 0, textBytes: 0 };
  write(arena, text, span);
  kept.push(span);
  return span;
}

/** Drops the kept span at `index` (as the store evicting an exchange does). */
function drop(arena: TextArena, kept: Kept[], index: number): void {
  const [span] = kept.splice(index, 1);
  arena.free(span!);
}

describe('TextArena', () => {
  it('reads back every kind of string the pipeline hands over', () => {
    const kept: Kept[] = [];
    const arena = new TextArena();
    // Heads are latin1 on the wire and in Node's and undici's strings: one byte each, all 256.
    let everyByte = '';
    for (let code = 0; code < 256; code++) everyByte += String.fromCharCode(code);
    const texts = [
      '',
      'GET /x HTTP/1.1\r\nhost: a.localhost\r\n',
      // Node's parser decodes header bytes as latin1: UTF-8 "é" arrives as two characters.
      'X-Name\0caf\u00c3\u00a9',
      everyByte,
      'a\0\0b',
    ];
    for (const text of texts) keep(arena, kept, text);
    expect(kept.map((span) => readText(arena, span))).toEqual(texts);
  });

  it('reads back the pieces of a text as written, whatever their lengths and characters', () => {
    const arena = new TextArena();
    const everyByte = Array.from({ length: 256 }, (_, code) => String.fromCharCode(code)).join('');
    const pieces = [
      '/x?q=1',
      '',
      'Host',
      'a.localhost',
      everyByte,
      'y'.repeat(254),
      'z'.repeat(255),
      'w'.repeat(70_000),
      '\0',
      '',
    ];
    const span: TextSpan = { textAt: 0, textBytes: 0 };
    arena.write(
      pieces.join(''),
      pieces.map((piece) => piece.length),
      pieces.length,
      span,
    );
    expect(arena.read(span)).toEqual(pieces);
    arena.free(span);
    expect(arena.read(span)).toEqual([]);
  });

  it('never overwrites a kept text: 20,000 texts through a window of 500 in a 256 KiB arena', () => {
    const kept: Kept[] = [];
    const arena = new TextArena();
    const allocated = new Set<number>();
    for (let n = 0; n < 20_000; n++) {
      // Sizes vary, as header lists do; every 1,000th is a 12 KiB one.
      const size = n % 1_000 === 999 ? 12_000 : 100 + (n % 700);
      keep(arena, kept, `#${n}:`.padEnd(size, String.fromCharCode(97 + (n % 26))));
      if (kept.length > 500) drop(arena, kept, 0);
      allocated.add(arena.allocatedBytes);
      if (n % 997 === 0) {
        for (const span of kept) expect(readText(arena, span)).toBe(span.text);
      }
    }
    for (const span of kept) expect(readText(arena, span)).toBe(span.text);
    // 190–265 KB of live text: the arena grew to two buffers of about 2× that, and stopped.
    expect(Math.max(...allocated)).toBeLessThanOrEqual(1.5 * 1024 * 1024);
  });

  it('keeps texts listed out of the order they were written in (an exchange that ends late)', () => {
    const kept: Kept[] = [];
    const arena = new TextArena();
    for (let n = 0; n < 20_000; n++) {
      const span = keep(arena, kept, `#${n}:`.padEnd(200 + (n % 300), 'z'));
      // Every 7th text goes to the oldest end of the list, as a long exchange's would.
      if (n % 7 === 0) kept.unshift(kept.pop()!);
      if (kept.length > 400) drop(arena, kept, kept.indexOf(span) === 0 ? 1 : 0);
      if (n % 1_013 === 0) for (const live of kept) expect(readText(arena, live)).toBe(live.text);
    }
    for (const live of kept) expect(readText(arena, live)).toBe(live.text);
  });

  it('grows for a live set larger than itself and shrinks back at a compaction once it is gone', () => {
    const kept: Kept[] = [];
    const arena = new TextArena();
    const big = 'x'.repeat(200_000);
    for (let n = 0; n < 20; n++) keep(arena, kept, `${n}${big}`);
    kept.forEach((span) => expect(readText(arena, span)).toBe(span.text));
    const grown = arena.allocatedBytes;
    expect(grown).toBeGreaterThan(4 * 1024 * 1024);
    while (kept.length > 0) drop(arena, kept, 0);
    for (let n = 0; n < 40_000; n++) {
      keep(arena, kept, `small ${n}`.padEnd(1_000, '.'));
      if (kept.length > 10) drop(arena, kept, 0);
    }
    kept.forEach((span) => expect(readText(arena, span)).toBe(span.text));
    expect(arena.allocatedBytes).toBeLessThan(grown / 4);
  });

  it('keeps a span object written again at its new text only (kept exchanges are reused)', () => {
    const kept: Kept[] = [];
    const arena = new TextArena();
    const reused: Kept = { text: '', textAt: 0, textBytes: 0 };
    let largest = 0;
    for (let n = 0; n < 20_000; n++) {
      keep(arena, kept, `#${n}:`.padEnd(300, 'q'));
      if (kept.length > 300) drop(arena, kept, 0);
      if (n % 5 === 0) {
        // Freed and filled again, as the recorder does with a kept exchange it takes back.
        arena.free(reused);
        reused.text = `reused ${n}`.padEnd(400, 'r');
        write(arena, reused.text, reused);
      }
      if (n % 1_009 === 0) expect(readText(arena, reused)).toBe(reused.text);
      largest = Math.max(largest, arena.allocatedBytes);
    }
    for (const span of [...kept, reused]) expect(readText(arena, span)).toBe(span.text);
    // Only the reused span's latest text is carried along (~90 KB live): the arena stays small.
    expect(largest).toBeLessThanOrEqual(1024 * 1024);
  });

  it('starts over empty after clear', () => {
    const kept: Kept[] = [];
    const arena = new TextArena();
    keep(arena, kept, 'old');
    arena.clear();
    kept.length = 0;
    const span = keep(arena, kept, 'new');
    expect(span.textAt).toBe(0);
    expect(readText(arena, span)).toBe('new');
  });
});
