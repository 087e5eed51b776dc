// A Moodle answer read as bytes (the chunks it arrived in) instead of by response.text(): the same
// text, in Node and in the browser alike. response.text() drops a leading byte order mark and puts
// U+FFFD for each ill-formed sequence; these bytes are never joined into one copy.

/** The chunks without a leading UTF-8 byte order mark, as response.text() reads them. */
export function withoutBom(chunks) {
  let skip = startsWithBom(chunks) ? 3 : 0;
  if (skip === 0) return chunks;
  const rest = [];
  for (const chunk of chunks) {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    rest.push(skip ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return rest;
}

function startsWithBom(chunks) {
  const bom = [0xef, 0xbb, 0xbf];
  let i = 0;
  for (const chunk of chunks) {
    for (const byte of chunk.subarray(0, 3 - i)) if (byte !== bom[i++]) return false;
    if (i === 3) return true;
  }
  return false;
}

/** Whether `needle`'s bytes occur in the chunks: within one, or across the edges between them. */
export function holdsBytes(chunks, needle) {
  const keep = needle.length - 1;  // bytes of what came before that a match may start in
  let tail = new Uint8Array(0);
  for (const chunk of chunks) {
    if (keep > 0) {
      const edge = concat(tail, chunk.subarray(0, keep));
      if (indexOfBytes(edge, needle) >= 0) return true;
    }
    if (indexOfBytes(chunk, needle) >= 0) return true;
    if (keep > 0) tail = chunk.length >= keep ? chunk.subarray(chunk.length - keep) : concat(tail, chunk).subarray(-keep);
  }
  return false;
}

function concat(a, b) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function indexOfBytes(bytes, needle) {
  if (needle.length === 0) return 0;
  for (let at = bytes.indexOf(needle[0]); at >= 0 && at + needle.length <= bytes.length; at = bytes.indexOf(needle[0], at + 1)) {
    let i = 1;
    while (i < needle.length && bytes[at + i] === needle[i]) i += 1;
    if (i === needle.length) return at;
  }
  return -1;
}

/** The text of the chunks (their BOM already dropped), as response.text() decodes it. */
export function answerText(chunks) {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
