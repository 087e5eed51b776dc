// The resources of one JSON:API document, found in its text without parsing it into objects: a
// large export file parsed by JSON.parse only to be indexed left tens of megabytes of objects for
// the garbage collector (and grew the heap for the rest of the run), while the export is held and
// handed to the core as its text. The scan checks the whole JSON grammar; whatever it does not
// handle plainly (not JSON, a value deeper than MAX_DEPTH, an escaped UTF-16 surrogate, a repeated
// `data` or `included`, a bundle's `documents`) it leaves to JSON.parse by answering null.
import { MAX_DEPTH } from './json-depth.mjs';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class NotPlain extends Error {}
const notPlain = () => { throw new NotPlain(); };

// A scanner over `text`; every method returns the position after what it read.
function scanner(text) {
  const at = (i) => text.charCodeAt(i);
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
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) notPlain();
          i += 5;
        } else if ('"\\/bfnrt'.includes(e) && e !== undefined) i += 1;
        else notPlain();
      }
    }
  };
  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const literal = (i) => {
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return i + word.length;
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text) || NUMBER.lastIndex === i) notPlain();
    return NUMBER.lastIndex;
  };
  // The members of the object at `i` ({ at the position): onMember(key, valueStart) returns the
  // value's end, or undefined to have it skipped.
  const object = (i, depth, onMember) => {
    if (depth > MAX_DEPTH) notPlain();
    i = space(i + 1);
    if (at(i) === 0x7d) return i + 1;
    for (;;) {
      const keyEnd = string(i);
      const raw = text.slice(i + 1, keyEnd - 1);
      const key = raw.includes('\\') ? JSON.parse(text.slice(i, keyEnd)) : raw;
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

/**
 * The resources (`data` and `included`, as the file's sync reads them) of the JSON:API document
 * that is `text`: [{type, id}] of those with a string type and id; null when JSON.parse must read
 * the text (see above), and also for a text that is not a JSON object.
 */
export function scanDocumentResources(text) {
  if (/\\u[dD][89a-fA-F]/.test(text)) return null;
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
