// How the database compares a stored value with a filter value sent as text: numbers and
// booleans numerically, the text cast MySQL's way (its leading digits: '2025-05-01T..' is 2025,
// 'true' is 0), text case-insensitively (the default collation), datetimes as their stored UTC
// text, and NULL matching nothing.

import { unixSeconds } from './time-values.mjs';

const DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)$/;

/** MySQL's cast of text to a number: its leading digits, 0 when there are none. */
export function mysqlNumber(text) {
  if (typeof text === 'number') return text;
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(String(text));
  return m ? Number(m[0]) : 0;
}

/** A stored value as the database holds it: a number, lower-cased text, or null. */
export function storedValue(value, timestamp) {
  if (value === null || value === undefined) return null;
  if (timestamp) return unixSeconds(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && DATETIME.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString().slice(0, 19).toLowerCase();
  }
  return typeof value === 'object' ? JSON.stringify(value).toLowerCase() : String(value).toLowerCase();
}

/** The filter value cast to the stored value's kind. */
export const castLike = (stored, text) => (typeof stored === 'number' ? mysqlNumber(text) : String(text).toLowerCase());

export function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
