// How PHP turns a query string or an application/x-www-form-urlencoded body into $_GET / $_POST.
// Moodle validates exactly what PHP hands it, so the simulator must reproduce PHP's quirks: bracket
// keys build nested arrays, later keys overwrite earlier ones in place, numeric keys are integers,
// `a[]` appends, and variables past `max_input_vars` are dropped silently.
//
// A PHP array is returned as a Map with string keys in insertion order (integer keys as their decimal
// string); a scalar is a string.

const MAX_NESTING = 64; // PHP's max_input_nesting_level default

/** PHP's urldecode(): '+' is a space, '%XX' a byte, a malformed '%' stays as it is; bytes read as UTF-8. */
export function phpUrlDecode(text) {
  if (!/[+%]/.test(text)) return text;
  const chunks = [];
  for (const part of text.split(/(%[0-9a-fA-F]{2}|\+)/)) {
    if (part === '+') chunks.push(Buffer.from([0x20]));
    else if (/^%[0-9a-fA-F]{2}$/.test(part)) chunks.push(Buffer.from([parseInt(part.slice(1), 16)]));
    else if (part !== '') chunks.push(Buffer.from(part, 'utf8'));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Splits raw `name=value` pairs the way PHP does.
 * POST bodies (`php_std_post_handler`) count empty segments and keep the variable that crosses the
 * limit (N+1 survive); query strings (`php_default_treat_data`) skip empty segments and stop before
 * the variable that would cross it (N survive). Returns `{ pairs, received, kept }`.
 */
export function splitPairs(text, { source = 'post', maxInputVars = Infinity } = {}) {
  const segments = text === '' ? [] : text.split('&');
  // A trailing '&' ends the body: PHP's POST reader stops at the end instead of reading an empty pair.
  if (source !== 'get' && segments.length > 0 && segments.at(-1) === '') segments.pop();
  const pairs = [];
  let received = 0;
  let count = 0;
  let stopped = false;
  for (const segment of segments) {
    if (source === 'get' && segment === '') continue;
    received += 1;
    if (stopped) continue;
    const eq = segment.indexOf('=');
    const name = phpUrlDecode(eq === -1 ? segment : segment.slice(0, eq));
    const value = eq === -1 ? '' : phpUrlDecode(segment.slice(eq + 1));
    if (source === 'get') {
      if (++count > maxInputVars) { stopped = true; continue; }
      pairs.push([name, value]);
    } else {
      pairs.push([name, value]);
      if (++count > maxInputVars) stopped = true;
    }
  }
  return { pairs, received, kept: pairs.length };
}

/** PHP array keys: a canonical decimal integer string is an integer key, anything else a string key. */
function isIntegerKey(key) {
  return /^(0|-?[1-9][0-9]*)$/.test(key) && Number.isSafeInteger(Number(key));
}

/** The key `$array[] = …` would use: one more than the largest integer key, or 0. */
function nextIndex(map) {
  let max = -1;
  for (const key of map.keys()) {
    if (isIntegerKey(key) && Number(key) > max) max = Number(key);
  }
  return String(max + 1);
}

/**
 * php_register_variable_ex(): stores one decoded variable into `target` (a Map).
 * The base name loses leading spaces and gets ' ' and '.' turned into '_'; each `[index]` opens a
 * nested array (an existing scalar there is replaced by an array); text after a closing ']' that is
 * not another '[' is ignored; an unclosed '[' makes the rest part of a plain name.
 */
export function registerVariable(target, rawName, value) {
  let name = rawName.replace(/^ +/, '');
  let base = '';
  let rest = null;
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch === ' ' || ch === '.') base += '_';
    else if (ch === '[') { rest = name.slice(i); break; }
    else base += ch;
  }
  if (base === '') return;

  const indexes = [];
  if (rest !== null) {
    let pos = 0; // rest[pos] === '['
    for (;;) {
      const close = rest.indexOf(']', pos + 1);
      if (close === -1) {
        // Not an index: PHP puts back the '[' as '_' and keeps the remainder in a plain name.
        // After real indexes the previous key was already terminated, so the tail is simply lost.
        if (indexes.length === 0) base = `${base}_${rest.slice(pos + 1).replace(/[ .[]/g, '_')}`;
        break;
      }
      let key = rest.slice(pos + 1, close);
      if (key === ' ') key = '';
      indexes.push({ key: key === '' ? null : key });
      if (indexes.length >= MAX_NESTING) return; // deeper nesting is dropped by PHP
      if (rest[close + 1] === '[') pos = close + 1;
      else break;
    }
  }

  if (indexes.length === 0) {
    storeScalar(target, base, value);
    return;
  }
  let container = target;
  let key = base;
  for (const { key: index } of indexes) {
    let child = container.get(key);
    if (!(child instanceof Map)) {
      child = new Map();
      container.set(key, child);
    }
    container = child;
    key = index === null ? nextIndex(container) : normaliseKey(index);
  }
  storeScalar(container, key, value);
}

function normaliseKey(key) {
  return isIntegerKey(key) ? String(Number(key)) : key;
}

function storeScalar(map, key, value) {
  map.set(normaliseKey(key), value);
}

/** Parses a whole body or query string; returns `{ vars: Map, received, kept }`. */
export function parseForm(text, options = {}) {
  const { pairs, received, kept } = splitPairs(text ?? '', options);
  const vars = new Map();
  for (const [name, value] of pairs) registerVariable(vars, name, value);
  return { vars, received, kept };
}

/**
 * array_merge($_GET, $_POST): string keys of the body replace the query's (keeping the query's
 * position), integer keys are appended and renumbered.
 */
export function arrayMerge(first, second) {
  const out = new Map();
  let next = 0;
  for (const source of [first, second]) {
    for (const [key, value] of source) {
      if (isIntegerKey(key)) {
        out.set(String(next), value);
        next += 1;
      } else {
        out.set(key, value);
      }
    }
  }
  return out;
}

/** Converts a parsed Map tree into plain objects (for logs and tests). */
export function toPlain(value) {
  if (!(value instanceof Map)) return value;
  return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]));
}
