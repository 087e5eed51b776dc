// Write-backs into the text of an export file: only the written attribute values change, every
// other byte stays as it was (numbers above 2^53, which a parse and a stringify would round, the
// file's own layout). The text is known to be valid JSON: it was parsed when the export was read.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function skipSpace(text, at) {
  for (;;) {
    const c = text.charCodeAt(at);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) at += 1;
    else return at;
  }
}

// The end of the string that starts at `at` (its opening quote), after the closing quote.
function stringEnd(text, at) {
  for (let i = at + 1; ; i += 1) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 1;
    else if (c === QUOTE) return i + 1;
  }
}

// The end of the value that starts at `at`.
function valueEnd(text, at) {
  const c = text[at];
  if (c === '"') return stringEnd(text, at);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let i = at; ; i += 1) {
      const d = text[i];
      if (d === '"') i = stringEnd(text, i) - 1;
      else if (d === '{' || d === '[') depth += 1;
      else if (d === '}' || d === ']') {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
    }
  }
  let i = at;
  while (i < text.length && !',}] \n\r\t'.includes(text[i])) i += 1;
  return i;
}

// The members of the object that starts at `at`: [{key, start, end}] (the value's span), and the
// object's end.
function members(text, at) {
  const list = [];
  let i = skipSpace(text, at + 1);
  if (text[i] === '}') return { list, end: i + 1 };
  for (;;) {
    const keyEnd = stringEnd(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? JSON.parse(text.slice(i, keyEnd)) : raw;
    const start = skipSpace(text, skipSpace(text, keyEnd) + 1);  // past the colon
    const end = valueEnd(text, start);
    list.push({ key, start, end });
    i = skipSpace(text, end);
    if (text[i] === '}') return { list, end: i + 1 };
    i = skipSpace(text, i + 1);  // past the comma
  }
}

// The elements of the array that starts at `at`: [{start, end}].
function elements(text, at) {
  const list = [];
  let i = skipSpace(text, at + 1);
  if (text[i] === ']') return list;
  for (;;) {
    const end = valueEnd(text, i);
    list.push({ start: i, end });
    i = skipSpace(text, end);
    if (text[i] === ']') return list;
    i = skipSpace(text, i + 1);
  }
}

const stringValue = (text, m) => (m && text[m.start] === '"' ? JSON.parse(text.slice(m.start, m.end)) : undefined);

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
  if (!attributes || text[attributes.start] !== '{') {
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
    if (text[m.start] === '{') visit(m.start);
    else if (text[m.start] === '[') {
      for (const e of elements(text, m.start)) if (text[e.start] === '{') visit(e.start);
    }
  }
}

// Calls `visit(at)` for each resource object of the file's documents, in the text's order.
function fileResources(text, bundle, visit) {
  const root = skipSpace(text, 0);
  if (!bundle) return documentResources(text, root, visit);
  const documents = members(text, root).list.findLast((m) => m.key === 'documents');
  for (const e of elements(text, documents.start)) if (text[e.start] === '{') documentResources(text, e.start, visit);
}

/**
 * Where the resources of an export file's text are: `visit(type, id, at)` for each resource object
 * (of `data` and `included`) with a type and an id, `at` its start. The edits of a resource found
 * there once (`resourceEditsAt`) are those `rewriteExportParts` makes by reading the whole text.
 */
export function forEachResource(text, visit, { bundle = false } = {}) {
  fileResources(text, bundle, (at) => {
    const { type, id } = identity(text, at);
    if (typeof type === 'string' && typeof id === 'string') visit(type, id, at);
  });
}

/** The edits that set `fieldsOf(type, uuid)` on the resources that start at `starts`. */
export function resourceEditsAt(text, starts, fieldsOf) {
  const edits = [];
  for (const at of starts) resourceEdits(text, at, fieldsOf, edits);
  return edits;
}

/**
 * The text of an export file with the attributes `fieldsOf(type, uuid)` gives ({field: value}, or
 * undefined to leave the resource alone) set on every copy of each resource (`data` and
 * `included`). `bundle`: the file holds its documents under `documents`.
 */
export function rewriteExportText(text, fieldsOf, options) {
  return rewriteExportParts(text, fieldsOf, options).join('');
}

/**
 * The same text as its parts in order (pieces of `text` and the values written): a file can be
 * written from them without a joined copy of the whole.
 */
export function rewriteExportParts(text, fieldsOf, { bundle = false } = {}) {
  const edits = [];
  fileResources(text, bundle, (at) => resourceEdits(text, at, fieldsOf, edits));
  return editedParts(text, edits);
}

/** The text's parts in order with `edits` ({start, end, text}, none overlapping) made. */
export function editedParts(text, edits) {
  edits.sort((a, b) => a.start - b.start);
  const parts = [];
  let from = 0;
  for (const e of edits) {
    parts.push(text.slice(from, e.start), e.text);
    from = e.end;
  }
  parts.push(text.slice(from));
  return parts;
}
