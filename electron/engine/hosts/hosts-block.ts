/**
 * The managed block of the hosts file, as pure text functions: Portico owns the lines
 * between its begin and end markers and nothing else. Everything outside the block (the
 * BOM, other lines, their line endings, a missing final newline) is kept byte for byte.
 *
 * Damaged markers are handled conservatively: a begin without an end, or a second begin,
 * means we cannot tell where our block stops, so we refuse to write rather than guess and
 * risk deleting a user's lines. Markers must be whole lines; a marker text in the middle
 * of another line is just text.
 */

export const BLOCK_BEGIN = '# BEGIN Portico managed block (do not edit: Portico rewrites it)';
export const BLOCK_END = '# END Portico managed block';

export type Eol = '\n' | '\r\n';

export class HostsBlockError extends Error {
  readonly code = 'HOSTS_BLOCK_DAMAGED';
  constructor(message: string) {
    super(message);
    this.name = 'HostsBlockError';
  }
}

interface Line {
  /** The line without its ending. */
  text: string;
  /** Its ending as found ('' for a last line without one). */
  eol: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ text: text.slice(start, m.index), eol: m[0] });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' });
  return lines;
}

const BOM = '\uFEFF';

function isMarker(line: string, marker: string): boolean {
  const bare = line.startsWith(BOM) ? line.slice(1) : line;
  return bare.trim() === marker;
}

/** Where the block is: line indexes of its markers, or null when there is none. */
function locate(lines: Line[]): { begin: number; end: number } | null {
  const begins = lines.flatMap((l, i) => (isMarker(l.text, BLOCK_BEGIN) ? [i] : []));
  const ends = lines.flatMap((l, i) => (isMarker(l.text, BLOCK_END) ? [i] : []));
  if (begins.length === 0 && ends.length === 0) return null;
  if (begins.length > 1 || ends.length > 1)
    throw new HostsBlockError(
      'The hosts file has more than one Portico block marker: remove the duplicate Portico lines by hand, then try again.',
    );
  const [begin] = begins;
  const [end] = ends;
  if (begin === undefined)
    throw new HostsBlockError(
      `The hosts file has "${BLOCK_END}" without its begin line: remove it by hand, then try again.`,
    );
  if (end === undefined)
    throw new HostsBlockError(
      `The hosts file has "${BLOCK_BEGIN}" without its end line: Portico cannot tell where its block stops; fix it by hand.`,
    );
  if (end < begin)
    throw new HostsBlockError(
      'The Portico block markers in the hosts file are in the wrong order: fix them by hand.',
    );
  return { begin, end };
}

/** The host names Portico's block maps (in order, without duplicates); [] when none. */
export function readBlock(text: string): string[] {
  const lines = splitLines(text);
  const where = locate(lines);
  if (!where) return [];
  const hosts: string[] = [];
  for (const line of lines.slice(where.begin + 1, where.end)) {
    const content = line.text.replace(/#.*$/, '').trim();
    if (!content) continue;
    for (const name of content.split(/\s+/).slice(1))
      if (!hosts.includes(name.toLowerCase())) hosts.push(name.toLowerCase());
  }
  return hosts;
}

/** The line ending a file mostly uses; `fallback` for a file with no line break. */
export function detectEol(text: string, fallback: Eol): Eol {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  if (crlf === 0 && lf === 0) return fallback;
  return crlf > lf ? '\r\n' : '\n';
}

/** The block's lines for these hosts: IPv4 and IPv6 loopback for each name. */
export function blockLines(hosts: readonly string[]): string[] {
  const unique = [...new Set(hosts.map((h) => h.toLowerCase()))];
  return [
    BLOCK_BEGIN,
    ...unique.flatMap((host) => [`127.0.0.1\t${host}`, `::1\t${host}`]),
    BLOCK_END,
  ];
}

/**
 * The file's text with Portico's block holding exactly `hosts` (no block at all when
 * `hosts` is empty). An existing block is replaced where it stands; a new one is appended.
 */
export function withBlock(text: string, hosts: readonly string[], eol: Eol): string {
  const lines = splitLines(text);
  const where = locate(lines);
  const block = hosts.length === 0 ? [] : blockLines(hosts).map((l) => l + eol);
  if (where) {
    const before = lines.slice(0, where.begin);
    const after = lines.slice(where.end + 1);
    const endLine = lines[where.end]!;
    // A BOM glued to our begin marker (block first in the file) stays at the very start.
    const bom = lines[where.begin]!.text.startsWith(BOM) ? BOM : '';
    const tail = after.map((l) => l.text + l.eol).join('');
    if (block.length > 0 && endLine.eol === '' && tail === '') {
      // The end marker was the last line without a newline: keep the file ending as it was.
      block[block.length - 1] = block[block.length - 1]!.slice(0, -eol.length);
    }
    return bom + before.map((l) => l.text + l.eol).join('') + block.join('') + tail;
  }
  if (block.length === 0) return text;
  const needsBreak = text.length > 0 && !/[\r\n]$/.test(text);
  return text + (needsBreak ? eol : '') + block.join('');
}
