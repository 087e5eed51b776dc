// Builds the simulator-side version of a recorded request: the simulator's tokens instead of
// TOKEN / TOKEN_NOCAP / TOKEN_OTHERSERVICE, and recorded ids replaced by the simulator's ids that
// were learned so far. Everything else (key order, encoding, run tags in names) stays as recorded.

const TOKEN_PLACEHOLDER = /(?<![A-Za-z0-9_])TOKEN(_NOCAP|_OTHERSERVICE|_STUDENT)?(?![A-Za-z0-9_])/g;

/** Keys whose numbers are data, never ids (dates, flags, formats, sizes, paging). */
const NOT_ID_KEYS = new Set(['startdate', 'enddate', 'timestart', 'timeend', 'visible', 'summaryformat',
  'descriptionformat', 'numsections', 'recursive', 'addsubcategories', 'suspend', 'showgrades', 'newsitems',
  'maxbytes', 'showreports', 'groupmode', 'groupmodeforce', 'enablecompletion', 'completionnotify', 'hiddensections',
  'limitfrom', 'limitnumber', 'limitnum', 'createpassword', 'maildisplay', 'mailformat', 'onlyactive', 'onlysuspended',
  'moodlewsrestformat', 'wstoken', 'wsfunction', 'password']);

export function substituteTokens(text, tokens) {
  // TOKEN_STUDENT: a student's own token, which the fixture creates as `tokens.student`.
  return text.replace(TOKEN_PLACEHOLDER, (_m, suffix) => (suffix === '_NOCAP' ? tokens.nocap
    : suffix === '_OTHERSERVICE' ? tokens.otherservice : suffix === '_STUDENT' ? tokens.student : tokens.admin));
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The last named part of a bracket key: courses[0][categoryid] → categoryid, courseids[3] → courseids. */
function fieldName(rawKey) {
  const parts = safeDecode(rawKey).split(/\[|\]\[?/).filter((p) => p !== '');
  for (let i = parts.length - 1; i >= 0; i--) if (!/^\d+$/.test(parts[i])) return parts[i];
  return parts[0] ?? '';
}

/** Rewrites numbers in form values (and comma lists of numbers) through the id map. */
export function mapFormIds(form, idmap) {
  if (!form) return form;
  return form.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq === -1) return pair;
    const rawKey = pair.slice(0, eq);
    const rawValue = pair.slice(eq + 1);
    if (NOT_ID_KEYS.has(fieldName(rawKey))) return pair;
    const value = safeDecode(rawValue);
    if (!/^\s*\d+(\s*,\s*\d+)*\s*$/.test(value)) return pair;
    const mapped = value.replace(/\d+/g, (n) => String(idmap.sim(Number(n))));
    if (mapped === value) return pair;
    return `${rawKey}=${rawValue.includes('%') ? encodeURIComponent(mapped) : mapped}`;
  }).join('&');
}

/** @returns {{ path, query, method, headers, body }} ready to send to the simulator */
export function replayRequest(request, { tokens, idmap, body }) {
  const [path, query = null] = request.url_path.split(/\?(.*)/s);
  const headers = { ...(request.headers ?? {}) };
  if (request.content_type) headers['Content-Type'] = request.content_type;
  let sendBody = body ?? request.body;
  if (sendBody !== null && sendBody !== undefined) {
    sendBody = substituteTokens(sendBody, tokens);
    if (!/json/i.test(request.content_type ?? '')) sendBody = mapFormIds(sendBody, idmap);
  }
  const sendQuery = query === null ? null : mapFormIds(substituteTokens(query, tokens), idmap);
  return { method: request.method, path, query: sendQuery, headers, body: sendBody ?? null };
}

/** Encodes nested JS params the way the recorder did: literal brackets, encodeURIComponent values. */
export function encodeForm(params, prefix = '') {
  const out = [];
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (value === undefined) continue;
    if (value !== null && typeof value === 'object') out.push(encodeForm(value, name));
    else out.push(`${name}=${encodeURIComponent(typeof value === 'boolean' ? (value ? '1' : '0') : String(value ?? ''))}`);
  }
  return out.filter(Boolean).join('&');
}
