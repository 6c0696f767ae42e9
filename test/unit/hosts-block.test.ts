// The managed hosts-file block, byte for byte: what Portico writes and what it leaves alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BLOCK_BEGIN,
  BLOCK_END,
  HostsBlockError,
  detectEol,
  readBlock,
  withBlock,
} from '../../electron/engine/hosts/hosts-block';

const SYSTEM = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n';
const block = (eol: string, ...hosts: string[]) =>
  [BLOCK_BEGIN, ...hosts.flatMap((h) => [`127.0.0.1\t${h}`, `::1\t${h}`]), BLOCK_END]
    .map((l) => l + eol)
    .join('');

describe('withBlock', () => {
  it('appends a block after the existing lines and leaves them untouched', () => {
    expect(withBlock(SYSTEM, ['shop.test'], '\n')).toBe(SYSTEM + block('\n', 'shop.test'));
  });

  it('writes only the block into an empty file', () => {
    expect(withBlock('', ['a.test', 'b.test'], '\n')).toBe(block('\n', 'a.test', 'b.test'));
  });

  it('adds a line break first when the file does not end with one', () => {
    const text = '127.0.0.1 localhost';
    expect(withBlock(text, ['shop.test'], '\n')).toBe(`${text}\n${block('\n', 'shop.test')}`);
  });

  it('keeps CRLF files CRLF (Windows)', () => {
    const text = '# Copyright (c) Microsoft\r\n127.0.0.1 localhost\r\n';
    const next = withBlock(text, ['shop.test'], detectEol(text, '\n'));
    expect(next).toBe(text + block('\r\n', 'shop.test'));
    expect(next.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('replaces an existing block where it stands, and nothing else', () => {
    const before = '# mine\n10.0.0.1 nas\n';
    const after = '# after\r\n192.168.1.2 printer'; // other ending, no final newline
    const text = before + block('\n', 'old.test') + after;
    expect(withBlock(text, ['new.test', 'two.test'], '\n')).toBe(
      before + block('\n', 'new.test', 'two.test') + after,
    );
  });

  it('removes the block when no host is left, restoring the file exactly', () => {
    const added = withBlock(SYSTEM, ['shop.test'], '\n');
    expect(withBlock(added, [], '\n')).toBe(SYSTEM);
    expect(withBlock(SYSTEM, [], '\n')).toBe(SYSTEM);
  });

  it('keeps a final block without newline without adding one', () => {
    const text = SYSTEM + block('\n', 'old.test').slice(0, -1);
    expect(withBlock(text, ['new.test'], '\n')).toBe(SYSTEM + block('\n', 'new.test').slice(0, -1));
  });

  it('keeps a byte order mark, also when the block is the first line', () => {
    const bom = '\uFEFF';
    expect(withBlock(`${bom}${SYSTEM}`, ['shop.test'], '\n')).toBe(
      `${bom}${SYSTEM}${block('\n', 'shop.test')}`,
    );
    const first = `${bom}${block('\n', 'old.test')}${SYSTEM}`;
    expect(readBlock(first)).toEqual(['old.test']);
    expect(withBlock(first, ['new.test'], '\n')).toBe(`${bom}${block('\n', 'new.test')}${SYSTEM}`);
  });

  it('is idempotent and writes each name once', () => {
    const once = withBlock(SYSTEM, ['a.test', 'A.test', 'b.test'], '\n');
    expect(withBlock(once, ['a.test', 'b.test'], '\n')).toBe(once);
    expect(once.match(/a\.test/g)).toHaveLength(2); // one IPv4 line, one IPv6 line
  });

  it('treats marker text inside another line as ordinary text', () => {
    const text = `127.0.0.1 x ${BLOCK_BEGIN}\n# see ${BLOCK_END} here\n`;
    expect(readBlock(text)).toEqual([]);
    expect(withBlock(text, ['shop.test'], '\n')).toBe(text + block('\n', 'shop.test'));
  });

  it.each([
    ['a begin without an end', `${SYSTEM}${BLOCK_BEGIN}\n127.0.0.1 a.test\n`, /without its end/],
    ['an end without a begin', `${SYSTEM}${BLOCK_END}\n`, /without its begin/],
    ['two begins', `${BLOCK_BEGIN}\n${block('\n', 'a.test')}`, /more than one/],
    ['markers in the wrong order', `${BLOCK_END}\n${BLOCK_BEGIN}\n`, /wrong order/],
  ])('refuses to touch a file with %s', (_name, text, message) => {
    expect(() => withBlock(text, ['shop.test'], '\n')).toThrow(HostsBlockError);
    expect(() => withBlock(text, ['shop.test'], '\n')).toThrow(message);
    expect(() => readBlock(text)).toThrow(HostsBlockError);
  });

  it('round-trips any file without markers: add then remove gives the same bytes', () => {
    const line = fc.stringMatching(/^[^\r\n#]{0,30}$/);
    const eol = fc.constantFrom('\n', '\r\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, eol), { maxLength: 8 }), (parts) => {
        const text = parts.map(([l, e]) => l + e).join('');
        const added = withBlock(text, ['shop.test'], '\n');
        expect(added.startsWith(text)).toBe(true);
        expect(readBlock(added)).toEqual(['shop.test']);
        expect(withBlock(added, [], '\n')).toBe(text);
      }),
    );
  });
});

describe('readBlock and detectEol', () => {
  it('reads the names in the block, ignoring comments and blank lines', () => {
    const text = `${SYSTEM}${BLOCK_BEGIN}\n\n127.0.0.1 a.test b.test # two\n::1 a.test\n${BLOCK_END}\n`;
    expect(readBlock(text)).toEqual(['a.test', 'b.test']);
    expect(readBlock(SYSTEM)).toEqual([]);
  });

  it('detects the dominant line ending, with a fallback for one-line files', () => {
    expect(detectEol('a\r\nb\r\n', '\n')).toBe('\r\n');
    expect(detectEol('a\nb\n', '\r\n')).toBe('\n');
    expect(detectEol('one line', '\r\n')).toBe('\r\n');
  });
});
