// PHP value semantics the course-side functions depend on (empty(), (int) casts, string lengths).

/** PHP's empty() on a string parameter: '' and '0' are empty. */
export const phpEmpty = (s) => s === undefined || s === null || s === '' || s === '0' || s === 0 || s === false;

/** PHP's (int) cast of a string, which clean_param(PARAM_INT) uses: leading number or 0. */
export function phpIntval(s) {
  const m = /^\s*([+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)/.exec(String(s));
  if (!m) return 0;
  const n = Math.trunc(Number(m[1]));
  return Number.isFinite(n) ? n : 0;
}

/** Character length as core_text::strlen() counts it (code points, not UTF-16 units). */
export const textLength = (s) => [...String(s)].length;
