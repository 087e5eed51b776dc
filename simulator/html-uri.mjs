// A link or image target as HTMLPurifier rewrites it (AttrDef_URI, URIParser, URI::validate,
// PercentEncoder): trimmed, cut at the first '"', '<' or '>', the scheme lower-cased, and each
// part percent-encoded with the characters RFC 3986 allows it. Recorded in
// tests/simulator/recordings/formatted-text.jsonl (course_summary_link_targets).

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const SUB_DELIMS = "!$&'()*+,;=";
const PCHAR = `${SUB_DELIMS}:@`;
const DEFAULT_PORTS = { http: 80, https: 443 };

/** PercentEncoder::normalize: %XX of an unreserved character decoded, other escapes upper-cased, a lone % escaped. */
function normalizePercents(uri) {
  const [head, ...parts] = uri.split('%');
  return head + parts.map((part) => {
    if (!/^[0-9A-Fa-f]{2}/.test(part)) return `%25${part}`;
    const char = String.fromCharCode(parseInt(part.slice(0, 2), 16));
    return UNRESERVED.test(char) ? char + part.slice(2) : `%${part.slice(0, 2).toUpperCase()}${part.slice(2)}`;
  }).join('');
}

/** PercentEncoder::encode: every UTF-8 byte outside the unreserved set and `keep` escaped; '%' kept. */
function encodePart(text, keep) {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && (char === '%' || UNRESERVED.test(char) || keep.includes(char)) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const URI = /^(([a-zA-Z0-9.+-]+):)?(\/\/([^/?#"<>]*))?([^?#"<>]*)(\?([^#"<>]*))?(#([^"<>]*))?/;
const AUTHORITY = /^((.+?)@)?(\[[^\]]+\]|[^:]*)(:(\d*))?/;

/** The target HTMLPurifier writes for an href or src value (already entity-decoded). */
export function purifyUri(value) {
  const text = value.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '').replace(/[\n\t\r]/g, '');
  const m = URI.exec(normalizePercents(text));
  let scheme = m[1] ? m[2].toLowerCase() : null;
  let host = null;
  let port = null;
  let userinfo = null;
  if (m[3]) {
    const a = AUTHORITY.exec(m[4]);
    userinfo = a[1] ? a[2] : null;
    host = a[3] ?? '';
    port = a[4] ? Number(a[5]) : null;
    if (port !== null && (port < 1 || port > 65535 || port === DEFAULT_PORTS[scheme])) port = null;
    if (scheme === 'http' || scheme === 'https') userinfo = null;
  }
  // The default scheme is dropped where there is no host to go with it.
  if (((scheme !== null && host === null) || host === '') && scheme === 'http') scheme = null;
  let path = m[5];
  if (host !== null || path.startsWith('/') || scheme !== null) {
    path = path.startsWith('//') && host === null ? '' : encodePart(path, `${PCHAR}/`);
  } else {
    const slash = path.indexOf('/');
    path = slash === -1 ? encodePart(path, `${SUB_DELIMS}@`) : encodePart(path.slice(0, slash), `${SUB_DELIMS}@`) + encodePart(path.slice(slash), `${PCHAR}/`);
  }
  let out = scheme !== null ? `${scheme}:` : '';
  if (host !== null) out += `//${userinfo !== null ? `${encodePart(userinfo, `${SUB_DELIMS}:`)}@` : ''}${host}${port !== null ? `:${port}` : ''}`;
  out += path;
  if (m[6]) out += `?${encodePart(m[7], `${PCHAR}/?`)}`;
  if (m[8]) out += `#${encodePart(m[9], `${PCHAR}/?`)}`;
  return out;
}
