// A run's report from the core's JSON text, its entities left as text until someone reads them.
// The entities are nearly all of a large run's report (6 MB of text for 10,000 courses), and most
// hosts need only its summary, calls and exit code: parsing them into objects at once made the
// largest allocation of a run. Reading `report.entities` parses them then (once); JSON.stringify,
// spreading and every other reader see the same value, under the same key, in the same place.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const opens = (c) => c === 0x7b || c === 0x5b;  // { [
const closes = (c) => c === 0x7d || c === 0x5d;  // } ]
const SPACE = /\s/;

// The index just past the string that starts at `at` (an opening quote).
function stringEnd(text, at) {
  for (let i = text.indexOf('"', at + 1); i !== -1; i = text.indexOf('"', i + 1)) {
    let slashes = 0;
    while (text.charCodeAt(i - 1 - slashes) === BACKSLASH) slashes += 1;
    if (slashes % 2 === 0) return i + 1;
  }
  return text.length;
}

const skipSpace = (text, at) => {
  while (at < text.length && SPACE.test(text[at])) at += 1;
  return at;
};

/**
 * Where the value of the member `name` of the object whose JSON text is `text` lies: `[start,
 * end)`, or null when it has none (or the text is no object).
 */
export function memberSpan(text, name) {
  const key = JSON.stringify(name);
  let depth = 0;
  let valueStart = -1;
  for (let i = skipSpace(text, 0); i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (depth === 1 && valueStart < 0 && end - i === key.length && text.startsWith(key, i)) {
        const colon = skipSpace(text, end);
        if (text[colon] === ':') {
          valueStart = skipSpace(text, colon + 1);
          if (!opens(text.charCodeAt(valueStart))) return [valueStart, scalarEnd(text, valueStart)];
          i = valueStart - 1;
          continue;
        }
      }
      i = end - 1;
    } else if (opens(c)) {
      depth += 1;
    } else if (closes(c)) {
      depth -= 1;
      if (valueStart >= 0 && depth === 1) return [valueStart, i + 1];
      if (depth <= 0) return null;
    } else if (depth === 0) {
      return null;
    }
  }
  return null;
}

// The end of a value that is no object or array: a string, or a literal up to the next , or }.
function scalarEnd(text, at) {
  if (text.charCodeAt(at) === QUOTE) return stringEnd(text, at);
  let end = at;
  while (end < text.length && text[end] !== ',' && text[end] !== '}' && !SPACE.test(text[end])) end += 1;
  return end;
}

// The text of the entities of each report that has not parsed them yet.
const unread = new WeakMap();

/** The report whose JSON text the core wrote, its `entities` parsed only when read. */
export function parseReport(text) {
  const span = memberSpan(text, 'entities');
  if (!span) return JSON.parse(text);
  const [start, end] = span;
  const report = JSON.parse(`${text.slice(0, start)}null${text.slice(end)}`);
  let entities = text.slice(start, end);
  unread.set(report, () => entities);
  const settle = (value) => {
    entities = undefined;  // the text goes with its parsed value's arrival
    unread.delete(report);
    Object.defineProperty(report, 'entities', { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  let kept;  // the value read from a report frozen or sealed first, whose property stays as it is
  Object.defineProperty(report, 'entities', {
    get: () => {
      if (Object.getOwnPropertyDescriptor(report, 'entities').configurable) return settle(JSON.parse(entities));
      if (entities !== undefined) {
        kept = JSON.parse(entities);
        entities = undefined;
        unread.delete(report);
      }
      return kept;
    },
    set: settle,
    enumerable: true,
    configurable: true,
  });
  return report;
}

/**
 * The parts of a JSON text of `report` (the value JSON.stringify writes), in order: the entities of
 * a report from parseReport that were never read are their text as the core wrote it, neither
 * parsed nor written again here.
 */
export function reportTextParts(report) {
  // A deleted `entities` leaves no text behind: the report is then written as it is now.
  const entities = Object.hasOwn(report ?? {}, 'entities') ? unread.get(report)?.() : undefined;
  if (entities === undefined) return [JSON.stringify(report) ?? 'null'];
  const head = JSON.stringify(withoutEntities(report));
  const [start, end] = memberSpan(head, 'entities');
  return [head.slice(0, start), entities, head.slice(end)];
}

// The report's members, its entities as null (in their place), without reading them.
function withoutEntities(report) {
  const copy = {};
  for (const key of Object.keys(report)) copy[key] = key === 'entities' ? null : report[key];
  return copy;
}
