// Timestamps as Drupal prints them (RFC 3339 in UTC, `+00:00`) and as its entity query compares
// them (unix seconds).

/** `1714557600` -> `2024-05-01T10:00:00+00:00`. */
export function rfc3339(seconds) {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const parsed = new Map();

/** Unix seconds of an RFC 3339 string (memoised: every row of a filtered listing asks again), or null. */
export function unixSeconds(text) {
  if (typeof text === 'number') return text;
  if (typeof text !== 'string') return null;
  let value = parsed.get(text);
  if (value === undefined) {
    const ms = Date.parse(text);
    value = Number.isNaN(ms) ? null : Math.floor(ms / 1000);
    if (parsed.size > 100000) parsed.clear();
    parsed.set(text, value);
  }
  return value;
}
