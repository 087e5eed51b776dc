// Write-backs into the text of an export file: only the written attribute values change, every
// other byte stays as it was (numbers above 2^53, which a parse and a stringify would round, the
// file's own layout). The text is known to be valid JSON: it was parsed when the export was read.
// It may be a string or its UTF-8 bytes (json-text.mjs): positions are then byte offsets, and the
// pieces of an edited text are subarrays of those bytes.

import { jsonText, textOf } from './json-text.mjs';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const isSpace = (c) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(text, at) {
  while (isSpace(text.code(at))) at += 1;
  return at;
}

// The end of the string that starts at `at` (its opening quote), after the closing quote.
function stringEnd(text, at) {
  for (let i = at + 1; ; i += 1) {
    const c = text.code(i);
    if (c === BACKSLASH) i += 1;
    else if (c === QUOTE) return i + 1;
  }
}

// The end of the value that starts at `at`.
function valueEnd(text, at) {
  const c = text.code(at);
  if (c === QUOTE) return stringEnd(text, at);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    let depth = 0;
    for (let i = at; ; i += 1) {
      const d = text.code(i);
      if (d === QUOTE) i = stringEnd(text, i) - 1;
      else if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth += 1;
      else if (d === CLOSE_OBJECT || d === CLOSE_ARRAY) {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
    }
  }
  let i = at;
  for (;;) {
    const d = text.code(i);
    if (i >= text.length || d === 0x2c || d === CLOSE_OBJECT || d === CLOSE_ARRAY || isSpace(d)) return i;
    i += 1;
  }
}

// The members of the object that starts at `at`: [{key, start, end}] (the value's span), and the
// object's end.
function members(text, at) {
  const list = [];
  let i = skipSpace(text, at + 1);
  if (text.code(i) === CLOSE_OBJECT) return { list, end: i + 1 };
  for (;;) {
    const keyEnd = stringEnd(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? JSON.parse(text.slice(i, keyEnd)) : raw;
    const start = skipSpace(text, skipSpace(text, keyEnd) + 1);  // past the colon
    const end = valueEnd(text, start);
    list.push({ key, start, end });
    i = skipSpace(text, end);
    if (text.code(i) === CLOSE_OBJECT) return { list, end: i + 1 };
    i = skipSpace(text, i + 1);  // past the comma
  }
}

// The elements of the array that starts at `at`: [{start, end}].
function elements(text, at) {
  const list = [];
  let i = skipSpace(text, at + 1);
  if (text.code(i) === CLOSE_ARRAY) return list;
  for (;;) {
    const end = valueEnd(text, i);
    list.push({ start: i, end });
    i = skipSpace(text, end);
    if (text.code(i) === CLOSE_ARRAY) return list;
    i = skipSpace(text, i + 1);
  }
}

const stringValue = (text, m) => (m && text.code(m.start) === QUOTE ? JSON.parse(text.slice(m.start, m.end)) : undefined);

// The members of the resource object at `at`, and its type and id (undefined when not strings).
function identity(text, at) {
  const { list } = members(text, at);
  // Of repeated keys, the last is the one JSON.parse (and so the sync) read.
  return { list, type: stringValue(text, list.findLast((m) => m.key === 'type')), id: stringValue(text, list.findLast((m) => m.key === 'id')) };
}

// The edits that set `fields` ({field: value}) on the resource object at `at`.
function resourceEdits(text, at, fieldsOf, edits) {
  const { list, type, id } = identity(text, at);
  if (typeof type !== 'string' || typeof id !== 'string') return;
  const fields = fieldsOf(type, id);
  if (!fields) return;
  const written = Object.entries(fields).map(([field, value]) => [field, JSON.stringify(value)]);
  // JSON.parse keeps the last of repeated keys: that is the one the sync read and now writes.
  const attributes = list.findLast((m) => m.key === 'attributes');
  if (!attributes || text.code(attributes.start) !== OPEN_OBJECT) {
    const object = `{${written.map(([f, v]) => `${JSON.stringify(f)}:${v}`).join(',')}}`;
    if (attributes && text.slice(attributes.start, attributes.end) === 'null') edits.push({ start: attributes.start, end: attributes.end, text: object });
    else if (!attributes) edits.push({ start: at + 1, end: at + 1, text: `"attributes":${object},` });
    return;
  }
  const present = members(text, attributes.start).list;
  const added = [];
  for (const [field, value] of written) {
    const found = present.findLast((m) => m.key === field);
    if (found) edits.push({ start: found.start, end: found.end, text: value });
    else added.push(`${JSON.stringify(field)}:${value}`);
  }
  if (added.length) {
    const empty = present.length === 0;
    edits.push({ start: attributes.start + 1, end: attributes.start + 1, text: added.join(',') + (empty ? '' : ',') });
  }
}

// Calls `visit(at)` for each resource object of a JSON:API document's `data` and `included`.
function documentResources(text, at, visit) {
  for (const m of members(text, at).list) {
    if (m.key !== 'data' && m.key !== 'included') continue;
    if (text.code(m.start) === OPEN_OBJECT) visit(m.start);
    else if (text.code(m.start) === OPEN_ARRAY) {
      for (const e of elements(text, m.start)) if (text.code(e.start) === OPEN_OBJECT) visit(e.start);
    }
  }
}

// Calls `visit(at)` for each resource object of the file's documents, in the text's order.
function fileResources(text, bundle, visit) {
  const root = skipSpace(text, 0);
  if (!bundle) return documentResources(text, root, visit);
  const documents = members(text, root).list.findLast((m) => m.key === 'documents');
  for (const e of elements(text, documents.start)) if (text.code(e.start) === OPEN_OBJECT) documentResources(text, e.start, visit);
}

/**
 * Where the resources of an export file's text are: `visit(type, id, at)` for each resource object
 * (of `data` and `included`) with a type and an id, `at` its start. The edits of a resource found
 * there once (`resourceEditsAt`) are those `rewriteExportParts` makes by reading the whole text.
 */
export function forEachResource(source, visit, { bundle = false } = {}) {
  const text = jsonText(source);
  fileResources(text, bundle, (at) => {
    const { type, id } = identity(text, at);
    if (typeof type === 'string' && typeof id === 'string') visit(type, id, at);
  });
}

/** The edits that set `fieldsOf(type, uuid)` on the resources that start at `starts`. */
export function resourceEditsAt(source, starts, fieldsOf) {
  const text = jsonText(source);
  const edits = [];
  for (const at of starts) resourceEdits(text, at, fieldsOf, edits);
  return edits;
}

/**
 * The text of an export file with the attributes `fieldsOf(type, uuid)` gives ({field: value}, or
 * undefined to leave the resource alone) set on every copy of each resource (`data` and
 * `included`). `bundle`: the file holds its documents under `documents`.
 */
export function rewriteExportText(source, fieldsOf, options) {
  return textOf(rewriteExportParts(source, fieldsOf, options));
}

/**
 * The same text as its parts in order (pieces of the source and the values written): a file can be
 * written from them without a joined copy of the whole.
 */
export function rewriteExportParts(source, fieldsOf, { bundle = false } = {}) {
  const text = jsonText(source);
  const edits = [];
  fileResources(text, bundle, (at) => resourceEdits(text, at, fieldsOf, edits));
  return editedParts(source, edits);
}

/**
 * The text's parts in order with `edits` ({start, end, text}, none overlapping) made: pieces of
 * the source as it is held (strings, or subarrays of its bytes) and the values written.
 */
export function editedParts(source, edits) {
  const text = jsonText(source);
  edits.sort((a, b) => a.start - b.start);
  const parts = [];
  let from = 0;
  for (const e of edits) {
    parts.push(text.piece(from, e.start), e.text);
    from = e.end;
  }
  parts.push(text.piece(from, text.length));
  return parts;
}
