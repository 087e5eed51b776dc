// Character references as Moodle's HTML parser reads them: HTMLPurifier hands the text to PHP's
// DOMDocument::loadHTML (libxml2 2.9), and libxml2 alone decodes references, in text and in
// attribute values alike. Recorded in tests/simulator/recordings/formatted-text.jsonl.
import { HTML4_ENTITIES } from './html4-entities.mjs';

/** libxml2's xmlIsChar: the code points XML allows; a reference to any other is dropped. */
function isXmlChar(cp) {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd)
    || (cp >= 0x10000 && cp <= 0x10ffff);
}

const REFERENCE = /&#([xX])([0-9a-fA-F]*);?|&#([0-9]*);?|&([A-Za-z][A-Za-z0-9]*);/g;

/**
 * `&name;` for the HTML 4 names and `&apos;` (never without its ';', never an HTML5-only name:
 * `&bigstar;` stays as written); `&#…` always consumed ("&#" [x] digits [;]), its character kept
 * only when XML allows it, and C1 values (`&#150;`) kept as they are.
 */
export function decodeReferences(text) {
  return text.replace(REFERENCE, (whole, x, hex, dec, name) => {
    if (name !== undefined) {
      const cp = HTML4_ENTITIES.get(name);
      return cp === undefined ? whole : String.fromCodePoint(cp);
    }
    const digits = x !== undefined ? hex : dec;
    if (digits === '') return '';
    const value = Math.min(parseInt(digits, x !== undefined ? 16 : 10), 0x110000);
    return isXmlChar(value) ? String.fromCodePoint(value) : '';
  });
}

/**
 * HTMLPurifier_Encoder::cleanUTF8 on the raw input, before anything is parsed: characters outside
 * SGML's set (C0 controls but tab and new lines, DEL, C1 controls, the BOM, U+FFFE, U+FFFF) disappear.
 */
export function dropNonSgmlCharacters(text) {
  return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]/g, '');
}
