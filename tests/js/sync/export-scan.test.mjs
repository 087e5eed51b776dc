// The scan of an export file for its resources (js/source/export-scan.mjs) lists what JSON.parse
// and the sync would read from the same text, or answers null and leaves the text to JSON.parse;
// the same for the text and for its UTF-8 bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanDocumentResources } from '../../../js/source/export-scan.mjs';
import { cutTooDeep } from '../../../js/source/json-depth.mjs';

// What the sync indexes from the parsed text; null where the scan must leave the text to JSON.parse.
function parsedResources(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || cutTooDeep(json)) return null;
  const list = ['data', 'included'].flatMap((key) => (Array.isArray(json[key]) ? json[key] : json[key] && typeof json[key] === 'object' ? [json[key]] : []));
  return list.filter((r) => r && typeof r.type === 'string' && typeof r.id === 'string').map(({ type, id }) => ({ type, id }));
}

const utf8 = new TextEncoder();
// The scan of a text, which must be the same for its UTF-8 bytes (an export file as read from disk).
function scanned(text) {
  const fromText = scanDocumentResources(text);
  assert.deepEqual(scanDocumentResources(utf8.encode(text)), fromText, `the bytes of ${text}`);
  return fromText;
}

const nested = (levels) => `{"x":${'['.repeat(levels)}${']'.repeat(levels)}}`;

test('the resources of a plain document are the ones JSON.parse reads: the last of repeated keys, escaped keys and values', () => {
  const plain = [
    '{"data":{"type":"a","id":"b"}}',
    ' {"data":[{"type":"a","id":"b","type":"c"},1,null,{"id":"q","type":"t"}],"included":[{"type":"x","id":1},{"type":"y","id":"z"}]}\n',
    '{"d\\u0061ta":[{"typ\\u0065":"a\\n","id":"b\\"c"}],"links":{"self":"x"}}',
    '{"data":null,"a":1e5,"b":-0.5E-3,"c":[true,false,null],"d":"é\u2028"}',
    nested(127),  // the deepest value both read as it is
    '{"data":[{"type":"t","id":"u","\ufeffid":"v","\ufefftype":"w"}]}',  // a key that begins with U+FEFF is another key
  ];
  for (const text of plain) assert.deepEqual(scanned(text), parsedResources(text), text);
});

test('a text that is not plain JSON:API is left to JSON.parse: not JSON, too deep, an escaped surrogate, a repeated data, a bundle', () => {
  const refused = ['', '[]', '"x"', '{"a":01}', '{"a":1.}', '{"a":-}', '{"a":"\\x"}', '{"a":"\\u12G4"}', '{"a":tru}', '{} x', '{"a":1,}',
    '{"a":[1,]}', '\ufeff{}', '{"a":"\u0001"}', '{"a":"\\ud800"}', nested(128), '{"data":[],"data":[{"type":"a","id":"b"}]}', '{"documents":[]}'];
  for (const text of refused) assert.equal(scanned(text), null, text);
});

test('any text the scan accepts, JSON.parse reads the same way (cut copies of a document)', () => {
  const text = JSON.stringify({ data: [{ type: 'node--course', id: 'c1', attributes: { title: 'Één "cours"', n: -1.5e3, tags: [true, null] } }], included: [{ type: 'user--user', id: 'u1' }] });
  for (let i = 0; i <= text.length; i += 1) {
    for (const changed of [text.slice(0, i) + text.slice(i + 1), `${text.slice(0, i)},${text.slice(i)}`, `${text.slice(0, i)}"${text.slice(i)}`]) {
      const found = scanned(changed);
      if (found !== null) assert.deepEqual(found, parsedResources(changed), changed);
    }
  }
});
