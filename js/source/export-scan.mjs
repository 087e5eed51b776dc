// The resources of one JSON:API document, found in its text without parsing it into objects: a
// large export file parsed by JSON.parse only to be indexed left tens of megabytes of objects for
// the garbage collector (and grew the heap for the rest of the run), while the export is held and
// handed to the core as its text. The scan checks the whole JSON grammar; whatever it does not
// handle plainly (not JSON, a value deeper than MAX_DEPTH, an escaped UTF-16 surrogate, a repeated
// `data` or `included`, a bundle's `documents`) it leaves to JSON.parse by answering null. The text
// may be a string or its UTF-8 bytes (json-text.mjs).
import { MAX_DEPTH } from './json-depth.mjs';
import { jsonText, wordAt } from './json-text.mjs';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class NotPlain extends Error {}
const notPlain = () => { throw new NotPlain(); };

const isDigit = (c) => c >= 0x30 && c <= 0x39;
const isHex = (c) => isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
// What may follow a backslash in a JSON string, besides `u`.
const ESCAPED = new Set([...'"\\/bfnrt'].map((c) => c.charCodeAt(0)));

// The digits at `i`: the position after them (`i` when there are none).
function digits(text, i) {
  while (isDigit(text.code(i))) i += 1;
  return i;
}

// A scanner over `text` (a jsonText view); every method returns the position after what it read.
function scanner(text) {
  const at = text.code;
  const space = (i) => {
    for (;;) {
      const c = at(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i += 1;
      else return i;
    }
  };
  const string = (i) => {
    if (at(i) !== QUOTE) notPlain();
    for (i += 1; ; i += 1) {
      const c = at(i);
      if (c === QUOTE) return i + 1;
      if (c < 0x20 || Number.isNaN(c)) notPlain();
      if (c === BACKSLASH) {
        const e = at(i + 1);
        if (e === 0x75) {  // u
          if (!(isHex(at(i + 2)) && isHex(at(i + 3)) && isHex(at(i + 4)) && isHex(at(i + 5)))) notPlain();
          i += 5;
        } else if (ESCAPED.has(e)) i += 1;
        else notPlain();
      }
    }
  };
  // true, false, null or a number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  const literal = (i) => {
    for (const word of ['true', 'false', 'null']) if (wordAt(text, i, word)) return i + word.length;
    let j = at(i) === 0x2d ? i + 1 : i;
    if (at(j) === 0x30) j += 1;
    else if (isDigit(at(j))) j = digits(text, j);
    else notPlain();
    if (at(j) === 0x2e && isDigit(at(j + 1))) j = digits(text, j + 1);
    if ((at(j) | 0x20) === 0x65) {
      const sign = at(j + 1) === 0x2b || at(j + 1) === 0x2d ? 1 : 0;
      if (isDigit(at(j + 1 + sign))) j = digits(text, j + 1 + sign);
    }
    return j;
  };
  // The members of the object at `i` ({ at the position): onMember(key, valueStart) returns the
  // value's end, or undefined to have it skipped. Keys are only read when onMember is given.
  const object = (i, depth, onMember) => {
    if (depth > MAX_DEPTH) notPlain();
    i = space(i + 1);
    if (at(i) === 0x7d) return i + 1;
    for (;;) {
      const keyEnd = string(i);
      let key;
      if (onMember) {
        const raw = text.slice(i + 1, keyEnd - 1);
        key = raw.includes('\\') ? JSON.parse(text.slice(i, keyEnd)) : raw;
      }
      i = space(keyEnd);
      if (at(i) !== 0x3a) notPlain();
      const start = space(i + 1);
      i = space(onMember?.(key, start) ?? value(start, depth + 1));
      if (at(i) === 0x7d) return i + 1;
      if (at(i) !== 0x2c) notPlain();
      i = space(i + 1);
    }
  };
  const array = (i, depth, onElement) => {
    if (depth > MAX_DEPTH) notPlain();
    i = space(i + 1);
    if (at(i) === 0x5d) return i + 1;
    for (;;) {
      i = space(onElement?.(i) ?? value(i, depth + 1));
      if (at(i) === 0x5d) return i + 1;
      if (at(i) !== 0x2c) notPlain();
      i = space(i + 1);
    }
  };
  // Any value at `i`, `depth` levels down if it is an object or an array.
  const value = (i, depth) => {
    const c = at(i);
    if (c === 0x7b) return object(i, depth);
    if (c === 0x5b) return array(i, depth);
    if (c === QUOTE) return string(i);
    return literal(i);
  };
  return { at, space, string, object, array, value };
}

// Whether the text may escape half of a UTF-16 pair (`\uD800` to `\uDFFF`): as the pattern
// /\\u[dD][89a-fA-F]/ finds it, an escaped backslash before a `u` included.
function mayEscapeSurrogate(text) {
  if (typeof text.source === 'string') return /\\u[dD][89a-fA-F]/.test(text.source);
  const bytes = text.source;
  for (let i = bytes.indexOf(BACKSLASH); i >= 0; i = bytes.indexOf(BACKSLASH, i + 1)) {
    const d = text.code(i + 2) | 0x20;
    const e = text.code(i + 3) | 0x20;
    if (text.code(i + 1) === 0x75 && d === 0x64 && ((e >= 0x38 && e <= 0x39) || (e >= 0x61 && e <= 0x66))) return true;
  }
  return false;
}

/**
 * The resources (`data` and `included`, as the file's sync reads them) of the JSON:API document
 * that is `source` (a string, or its UTF-8 bytes): [{type, id}] of those with a string type and id; null when JSON.parse must read
 * the text (see above), and also for a text that is not a JSON object.
 */
export function scanDocumentResources(source) {
  const text = jsonText(source);
  if (mayEscapeSurrogate(text)) return null;
  const s = scanner(text);
  const resources = [];
  // One resource object: its last `type` and last `id`, as JSON.parse keeps them.
  const resource = (start, depth) => {
    const found = {};
    const end = s.object(start, depth, (key, at) => {
      if (key !== 'type' && key !== 'id') return undefined;
      const valueEnd = s.value(at, depth + 1);
      found[key] = s.at(at) === QUOTE ? JSON.parse(text.slice(at, valueEnd)) : null;
      return valueEnd;
    });
    if (typeof found.type === 'string' && typeof found.id === 'string') resources.push({ type: found.type, id: found.id });
    return end;
  };
  const seen = new Set();
  try {
    const root = s.space(0);
    if (s.at(root) !== 0x7b) return null;
    const end = s.object(root, 1, (key, at) => {
      if (key === 'documents') notPlain();
      if (key !== 'data' && key !== 'included') return undefined;
      if (seen.has(key)) notPlain();
      seen.add(key);
      if (s.at(at) === 0x7b) return resource(at, 2);
      if (s.at(at) === 0x5b) return s.array(at, 2, (e) => (s.at(e) === 0x7b ? resource(e, 3) : undefined));
      return undefined;
    });
    if (s.space(end) !== text.length) return null;
  } catch (e) {
    if (e instanceof NotPlain) return null;
    throw e;
  }
  return resources;
}
