/**
 * The upstream's response header lines as strings. undici hands over each name and value as a
 * Buffer view into the socket chunk it arrived in. Decoding each view is a native call per
 * name and per value; when the lines lie one after another in one chunk, as they
 * almost always do, the whole block is decoded with one call and the names and values are cut
 * out of it. The block is also what the inspector keeps: one string instead of a list.
 */

// The views' `buffer` and `byteOffset`, read through the TypedArray getters themselves: read
// as properties of a Buffer, each went through a generic inline-cache call (~190 instructions,
// 24 per response in callgrind); called like this, V8 compiles them inline.
const typedArray = Object.getPrototypeOf(Uint8Array.prototype) as object;
const getter = (name: string) => Object.getOwnPropertyDescriptor(typedArray, name)?.get;
const bufferOf = getter('buffer') as (this: Uint8Array) => ArrayBufferLike;
const byteOffsetOf = getter('byteOffset') as (this: Uint8Array) => number;

/** SP and HTAB: whitespace a header value may end with (llhttp keeps it in the value). */
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Fills `out` with the names and values of `raw` (flat: name, value, name, value…) and returns
 * the header block they were cut from — "Name: value" lines joined by CR LF, from which
 * `parseSerializedHead` gets exactly the same list back — or null when there is no such block
 * (lines split across chunks, an empty value, a value ending in whitespace, which parsing
 * would trim).
 */
export function decodeHeaderLines(raw: readonly Buffer[], out: string[]): string | null {
  const count = raw.length;
  const first = raw[0];
  if (first === undefined || count % 2 !== 0) return decodeEach(raw, out);
  const chunk = bufferOf.call(first);
  const start = byteOffsetOf.call(first);
  // Each name ends at its colon, and llhttp starts a value after the whitespace that follows:
  // a value two bytes after its name had ":" and one SP or HTAB before it. A value ends just
  // before CR (llhttp refuses a bare LF): a name two bytes after a value starts the next line.
  let next = start;
  for (let i = 0; i < count; i++) {
    const piece = raw[i] as Buffer;
    if (bufferOf.call(piece) !== chunk || byteOffsetOf.call(piece) !== next) {
      return decodeEach(raw, out);
    }
    next += piece.length + 2;
  }
  const block = Buffer.from(chunk, start, next - 2 - start).toString('latin1');
  let at = 0;
  let exact = true;
  for (let i = 0; i < count; i++) {
    const length = (raw[i] as Buffer).length;
    out[i] = block.slice(at, at + length);
    at += length + 2;
    // Parsing trims a value: one ending in whitespace would come back shorter. (An empty value
    // is left to the list too: llhttp places it after the line, so it never gets here anyway.)
    if (i % 2 === 1) {
      const last = length === 0 ? SPACE : block.charCodeAt(at - 3);
      if (last === SPACE || last === TAB) exact = false;
    }
  }
  return exact ? block : null;
}

function decodeEach(raw: readonly Buffer[], out: string[]): null {
  for (let i = 0; i < raw.length; i++) out[i] = (raw[i] as Buffer).toString('latin1');
  return null;
}
