// A small stand-in for HTMLPurifier as Moodle configures it (clean_text, purify_html): dangerous elements
// disappear with their content, event handlers and javascript: URLs are dropped, and the markup is
// written back the way HTMLPurifier writes it: every character reference libxml2 knows becomes
// its character, then only & < > are escaped in text (and " in attribute values, which are always
// double-quoted); link and image targets are normalised; empty elements close with " />".
import { decodeReferences, dropNonSgmlCharacters } from './html-references.mjs';
import { purifyUri } from './html-uri.mjs';

const DANGEROUS_ELEMENTS = ['script', 'style', 'iframe', 'object', 'embed', 'applet', 'frame', 'frameset', 'form', 'input', 'button', 'textarea', 'select', 'meta', 'link', 'base'];
const EMPTY_ELEMENTS = new Set(['area', 'br', 'col', 'hr', 'img', 'param', 'source', 'track', 'wbr']);
const URI_ATTRIBUTES = new Set(['href', 'src', 'cite', 'longdesc', 'poster']);
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;

const escapeText = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text) => escapeText(text).replace(/"/g, '&quot;');

function removeDangerous(html) {
  let out = html;
  for (const tag of DANGEROUS_ELEMENTS) {
    out = out.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?<\\/${tag}\\s*>`, 'gi'), '');
    out = out.replace(new RegExp(`<\\/?${tag}\\b[^>]*>`, 'gi'), '');
  }
  out = out.replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
  return out.replace(/(href|src)\s*=\s*(["'])\s*javascript:[^"']*\2/gi, '$1=$2#$2');
}

/** The end of the tag opened at `start` (the index of its '>'), quotes respected; -1 if none. */
export function tagEnd(html, start) {
  let quote = null;
  for (let j = start + 1; j < html.length; j += 1) {
    const c = html[j];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return j;
    }
  }
  return -1;
}

function writeTag(tag) {
  const [, slash, rawName] = /^<(\/?)([A-Za-z][A-Za-z0-9]*)/.exec(tag);
  const name = rawName.toLowerCase();
  if (slash) return `</${name}>`;
  let out = `<${name}`;
  for (const [, rawAttr, rawValue] of tag.slice(rawName.length + 1, -1).matchAll(ATTRIBUTE)) {
    const attr = rawAttr.toLowerCase();
    if (rawValue === undefined) {
      out += ` ${attr}`;
      continue;
    }
    const quoted = rawValue[0] === '"' || rawValue[0] === "'";
    const value = decodeReferences(quoted ? rawValue.slice(1, -1) : rawValue);
    out += ` ${attr}="${escapeAttribute(URI_ATTRIBUTES.has(attr) ? purifyUri(value) : value)}"`;
  }
  return out + (EMPTY_ELEMENTS.has(name) ? ' />' : '>');
}

/** Text decoded and re-escaped, tags written back; a '<' that opens no tag is text. */
function rewrite(html) {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    out += escapeText(decodeReferences(html.slice(i, lt === -1 ? html.length : lt)));
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close === -1 ? html.length : close + 3;
      out += html.slice(lt, i);
      continue;
    }
    const end = /^<\/?[A-Za-z]/.test(html.slice(lt, lt + 3)) ? tagEnd(html, lt) : -1;
    if (end === -1) {
      out += '&lt;';
      i = lt + 1;
      continue;
    }
    out += writeTag(html.slice(lt, end + 1));
    i = end + 1;
  }
  return out;
}

/**
 * is_purify_html_necessary(): text without '&' whose only markup is p, em, strong and br (and
 * nothing else to escape) is returned as it is, control characters included.
 */
function purifyNecessary(text) {
  if (text === '' || /^(0|-?[1-9]\d*)$/.test(text)) return false;
  if (text.includes('&') || /<[^pesb/]/.test(text)) return true;
  let altered = escapeText(text);
  const restores = [[/&lt;p&gt;(.*?)&lt;\/p&gt;/gm, '<p>$1</p>'], [/&lt;em&gt;([^<>]+?)&lt;\/em&gt;/gm, '<em>$1</em>'],
    [/&lt;strong&gt;([^<>]+?)&lt;\/strong&gt;/gm, '<strong>$1</strong>'], [/&lt;br \/&gt;/g, '<br />']];
  if (altered === text) return false;
  for (const [pattern, replacement] of restores) {
    altered = altered.replace(pattern, replacement);
    if (altered === text) return false;
  }
  return true;
}

/** clean_text() of formatted HTML. */
export function cleanHtml(html) {
  const text = String(html);
  return purifyNecessary(text) ? rewrite(removeDangerous(dropNonSgmlCharacters(text))) : text;
}
