// Text files a host reads (the configuration) decoded as strict UTF-8, in Node and in the browser
// alike: a wrong byte is refused naming its byte offset, never turned into U+FFFD, which would
// make a broken file look valid.

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

export class Utf8Error extends Error {
  constructor(offset, byte) {
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    super(`not valid UTF-8 at byte offset ${offset}: the byte ${hex} does not begin a UTF-8 character (save the file as UTF-8)`);
    this.name = 'Utf8Error';
    this.offset = offset;
  }
}

const utf8Length = (codePoint) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

// The decoder puts one U+FFFD for each ill-formed sequence: the first one that is not itself
// written in the file (EF BF BD) starts at the first wrong byte.
function firstInvalidOffset(bytes) {
  let offset = 0;
  for (const ch of lenient.decode(bytes)) {
    if (ch === '\uFFFD' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
    offset += utf8Length(ch.codePointAt(0));
  }
  return -1;
}

/** The text of `bytes` (a Uint8Array or ArrayBuffer); throws a Utf8Error at the first wrong byte. */
export function decodeUtf8(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    return strict.decode(view);
  } catch {
    const offset = firstInvalidOffset(view);
    throw new Utf8Error(offset, view[offset]);
  }
}
