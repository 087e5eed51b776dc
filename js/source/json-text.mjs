// A JSON text held either as a string (the browser page, a test) or as its UTF-8 bytes (an export
// file read from disk). The bytes take half the memory of a string with any character beyond
// Latin-1, which V8 holds at two bytes a character, and they reach the core as they are. JSON's
// structure is ASCII, so a scan reads both the same way, by code unit or by byte, at positions in
// that unit; only the pieces taken out as strings are decoded.

// A U+FEFF that begins a piece is a character of the text, as it is in the string form: a decoder
// left to its default would drop it (a key "\uFEFFid" would be read as "id").
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A view of `source` (a string or a Uint8Array): `length`; `code(i)`, the code unit or byte at
 * `i` (NaN past the end, as charCodeAt gives); `slice(from, to)`, that piece as a string;
 * `piece(from, to)`, that piece as the source holds it (a subarray of the bytes, not a copy).
 */
export function jsonText(source) {
  if (typeof source === 'string') {
    return { source, length: source.length, code: (i) => source.charCodeAt(i), slice: (from, to) => source.slice(from, to), piece: (from, to) => source.slice(from, to) };
  }
  const { length } = source;
  return {
    source,
    length,
    code: (i) => (i < length ? source[i] : NaN),
    slice: (from, to) => utf8.decode(source.subarray(from, to)),
    piece: (from, to) => source.subarray(from, to),
  };
}

/** Whether the text compares equal to the ASCII `word` at `at`. */
export function wordAt(text, at, word) {
  for (let k = 0; k < word.length; k += 1) if (text.code(at + k) !== word.charCodeAt(k)) return false;
  return true;
}

/** The string of a text given whole or as its parts in order (strings and UTF-8 bytes), decoded. */
export function textOf(parts) {
  if (typeof parts === 'string') return parts;
  if (parts instanceof Uint8Array) return utf8.decode(parts);
  // Bytes next to each other are decoded together: a character may be split between two pieces.
  const out = [];
  let bytes = [];
  const decodeBytes = () => {
    if (bytes.length === 0) return;
    const size = bytes.reduce((sum, b) => sum + b.length, 0);
    const joined = new Uint8Array(size);
    let at = 0;
    for (const b of bytes) {
      joined.set(b, at);
      at += b.length;
    }
    out.push(utf8.decode(joined));
    bytes = [];
  };
  for (const part of parts) {
    if (typeof part === 'string') {
      decodeBytes();
      out.push(part);
    } else bytes.push(part);
  }
  decodeBytes();
  return out.join('');
}
