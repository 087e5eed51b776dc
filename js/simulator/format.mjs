// The text formatting Moodle applies on reads (\core_external\util::format_string / format_text with
// the site defaults: formatstringstriptags on, HTML cleaning on). Clients compare what they sent with
// what they read back, so reads must differ from writes exactly where Moodle's do.

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

/**
 * A small stand-in for HTMLPurifier as Moodle configures it: dangerous elements disappear with their
 * content, event handlers and javascript: URLs are dropped, bare '&' becomes '&amp;'.
 */
export function cleanHtml(html) {
  let out = String(html);
  for (const tag of DANGEROUS_ELEMENTS) {
    out = out.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?<\\/${tag}\\s*>`, 'gi'), '');
    out = out.replace(new RegExp(`<\\/?${tag}\\b[^>]*>`, 'gi'), '');
  }
  out = out.replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
  out = out.replace(/(href|src)\s*=\s*(["'])\s*javascript:[^"']*\2/gi, '$1=$2#$2');
  return escapeBareAmpersands(out);
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
