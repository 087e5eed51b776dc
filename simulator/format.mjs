// The text formatting Moodle applies on reads (\core_external\util::format_string / format_text with
// the site defaults: formatstringstriptags on, HTML cleaning on). Clients compare what they sent with
// what they read back, so reads must differ from writes exactly where Moodle's do.

import { cleanHtml, tagEnd } from './html-clean.mjs';

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
      const end = tagEnd(text, i);
      i = end === -1 ? text.length : end + 1;
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

/** PHP nl2br(): "<br />" before every line break, which stays. */
function nl2br(text) {
  return text.replace(/\r\n|\n\r|\n|\r/g, (br) => `<br />${br}`);
}

/** s(): htmlspecialchars(ENT_QUOTES | ENT_HTML401), numeric references left as they were. */
function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;')
    .replace(/&amp;#(\d+|x[0-9a-f]+);/gi, '&#$1;');
}

/** text_to_html() without the wrapping div: white space between tags dropped, line breaks kept as <br />. */
function textToHtml(text) {
  return nl2br(text.replace(/>[ \t\n\v\f\r]+</g, '><').replace(/[\n\r]</g, ' <').replace(/>[\n\r]/g, '> '));
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
      html = nl2br(escapeHtml(String(text)).replace(/  /g, '&nbsp; '));
      break;
    case FORMAT.MARKDOWN:
      html = cleanHtml(String(text).split(/\n{2,}/).map((p) => `<p>${p}</p>`).join('\n'));
      break;
    case FORMAT.MOODLE:
      html = cleanHtml(textToHtml(String(text)));
      break;
    default:
      html = cleanHtml(String(text));
  }
  return [html, FORMAT.HTML];
}
