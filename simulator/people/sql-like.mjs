// `$DB->sql_like($field, $param, false)` on PostgreSQL: a case-insensitive ILIKE where `%` is any
// run of characters, `_` any one character and a backslash makes the next character literal.

export function ilikeMatcher(pattern) {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) {
      i += 1;
      source += escapeRegExp(pattern[i]);
    } else if (ch === '%') {
      source += '[\\s\\S]*';
    } else if (ch === '_') {
      source += '[\\s\\S]';
    } else {
      source += escapeRegExp(ch);
    }
  }
  const re = new RegExp(`^${source}$`, 'iu');
  return (value) => re.test(value ?? '');
}

/** `'%' . $DB->sql_like_escape($text) . '%'`: a case-insensitive substring test, wildcards literal. */
export function containsIgnoringCase(haystack, needle) {
  return (haystack ?? '').toLowerCase().includes(needle.toLowerCase());
}

function escapeRegExp(ch) {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
