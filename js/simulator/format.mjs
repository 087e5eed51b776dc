// The text formatting Moodle applies on reads (\core_external\util::format_string / format_text with
// the site defaults: formatstringstriptags on, HTML cleaning on). Clients compare what they sent with
// what they read back, so reads must differ from writes exactly where Moodle's do.

import { HTML_ENTITIES } from './html-entities.mjs';

export const FORMAT = { MOODLE: 0, HTML: 1, PLAIN: 2, MARKDOWN: 4 };

/** PHP strip_tags(): a '<' followed by a non-space opens a tag that runs to the next '>' (or the end). */
export function stripTags(text) {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '<' && i + 1 < text.length && !/\s/.test(text[i + 1])) {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        i = end === -1 ? text.length : end + 3;
        continue;
      }
      let j = i + 1;
      let quote = null;
      while (j < text.length) {
        const c = text[j];
        if (quote) {
          if (c === quote) quote = null;
        } else if (c === '"' || c === "'") {
          quote = c;
        } else if (c === '>') {
          break;
        }
        j += 1;
      }
      i = j + 1;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}

/** replace_ampersands_not_followed_by_entity() */
function escapeBareAmpersands(text) {
  return text.replace(/&(?![a-zA-Z0-9#]{1,8};)/g, '&amp;');
}

/** format_string() for external functions: entities kept, bare '&' escaped, tags stripped, < > escaped. */
export function formatString(text, { raw = false } = {}) {
  if (text === null || text === undefined || text === '') return '';
  if (raw) return text;
  return stripTags(escapeBareAmpersands(String(text))).replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const DANGEROUS_ELEMENTS = ['script', 'style', 'iframe', 'object', 'embed', 'applet', 'frame', 'frameset', 'form', 'input', 'button', 'textarea', 'select', 'meta', 'link', 'base'];

/** A code point HTMLPurifier drops: NUL and the other C0 controls but tab and newlines, surrogates. */
const droppedCodePoint = (code) => code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || (code < 0x20 && ![9, 10, 13].includes(code));

/**
 * HTMLPurifier's entity handling: every character reference it knows becomes its character, except
 * that '<', '>' and '&' stay escaped (and '"' inside a tag); an unknown name (&foo;, &AMP;) or a
 * reference without its ';' is left as text, its '&' escaped. Moodle 4.5 measured: `&middot;`
 * comes back as '·', `&nbsp;` as U+00A0, `&#60;` as `&lt;`, `&foo;` as `&amp;foo;`.
 */
function decodeReferences(html) {
  const decode = (text, inTag) => text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, name) => {
    let code;
    if (name[0] === '#') code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    else if (['amp', 'lt', 'gt'].includes(name)) return whole;
    else if (name === 'quot' && inTag) return whole;
    else if (Object.hasOwn(HTML_ENTITIES, name)) code = HTML_ENTITIES[name];
    else return `&amp;${name};`;
    if (droppedCodePoint(code)) return '';
    const ch = String.fromCodePoint(code);
    return { '<': '&lt;', '>': '&gt;', '&': '&amp;', ...(inTag ? { '"': '&quot;' } : {}) }[ch] ?? ch;
  });
  return html.split(/(<[^>]*>)/).map((part, i) => decode(part, i % 2 === 1)).join('');
}

/**
 * A small stand-in for HTMLPurifier as Moodle configures it: dangerous elements disappear with their
 * content, event handlers and javascript: URLs are dropped, character references are decoded, bare
 * '&' becomes '&amp;'.
 */
export function cleanHtml(html) {
  let out = String(html);
  for (const tag of DANGEROUS_ELEMENTS) {
    out = out.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?<\\/${tag}\\s*>`, 'gi'), '');
    out = out.replace(new RegExp(`<\\/?${tag}\\b[^>]*>`, 'gi'), '');
  }
  out = out.replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
  out = out.replace(/(href|src)\s*=\s*(["'])\s*javascript:[^"']*\2/gi, '$1=$2#$2');
  return escapeBareAmpersands(decodeReferences(out));
}

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}

/**
 * format_text() for external functions. Returns [text, format]: an empty text keeps its stored
 * format, any other text comes back as HTML (1), which is why clients read summaryformat 1.
 */
export function formatText(text, format, { raw = false } = {}) {
  if (text === null || text === undefined || text === '') return ['', format ?? FORMAT.MOODLE];
  if (raw) return [text, format];
  let html;
  switch (Number(format)) {
    case FORMAT.PLAIN:
      html = escapeHtml(String(text)).replace(/\r?\n/g, '<br />');
      break;
    case FORMAT.MARKDOWN:
      html = cleanHtml(String(text).split(/\n{2,}/).map((p) => `<p>${p}</p>`).join('\n'));
      break;
    case FORMAT.MOODLE:
      html = cleanHtml(String(text).replace(/\r?\n/g, '<br />'));
      break;
    default:
      html = cleanHtml(String(text));
  }
  return [html, FORMAT.HTML];
}
