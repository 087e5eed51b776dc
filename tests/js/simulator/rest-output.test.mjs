// What the simulator sends back: PHP's json_encode, Moodle's XML, return-value cleaning, and the
// format_string / format_text a read applies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phpJsonEncode } from '../../../simulator/php-json.mjs';
import { xmlize } from '../../../simulator/xml.mjs';
import { cleanReturn } from '../../../simulator/returns.mjs';
import { formatString, formatText, stripTags } from '../../../simulator/format.mjs';
import { multiple, optional, PARAM, single, value } from '../../../simulator/schema.mjs';

test('json_encode: escaped slashes, \\u escapes for non-ASCII, [] for an empty array or object', () => {
  assert.equal(phpJsonEncode({ url: 'http://x/y', name: 'tc_rc_日本 😀', list: [], obj: {} }),
    '{"url":"http:\\/\\/x\\/y","name":"tc_rc_\\u65e5\\u672c \\ud83d\\ude00","list":[],"obj":[]}');
  assert.equal(phpJsonEncode(null), 'null');
  assert.equal(phpJsonEncode({ e: 'core\\exception\\x', q: '"' }), '{"e":"core\\\\exception\\\\x","q":"\\""}');
});

const DESC = single({ id: value(PARAM.INT), name: value(PARAM.RAW), idnumber: optional(PARAM.RAW), flag: optional(PARAM.BOOL), tags: multiple(value(PARAM.RAW), { required: false }) });

test('clean_returnvalue: description order, absent optional keys dropped, types cast', () => {
  assert.deepEqual(cleanReturn(DESC, { name: 'n', id: '7', extra: 1, flag: 1 }), { id: 7, name: 'n', flag: true });
  assert.deepEqual(Object.keys(cleanReturn(DESC, { name: 'n', id: 7 })), ['id', 'name']);
});

test('clean_returnvalue: a value that does not fit fails the whole answer', () => {
  assert.throws(() => cleanReturn(DESC, { name: 'n' }), (e) => e.errorcode === 'invalidresponse' && /Missing following required key in a single structure: id/.test(e.debuginfo));
  assert.throws(() => cleanReturn(single({ code: value(PARAM.ALPHANUM) }), { code: '<div>x</div>' }),
    (e) => e.errorcode === 'invalidresponse' && e.debuginfo.startsWith('code => Invalid response value detected: Invalid external api response'));
});

test('XML lists every described key, null as <VALUE null="null"/>, booleans as 1/0', () => {
  assert.equal(xmlize(DESC, { id: 1, name: 'a & <b>', flag: true }),
    '<SINGLE>\n<KEY name="id"><VALUE>1</VALUE>\n</KEY>\n<KEY name="name"><VALUE>a &amp; &lt;b&gt;</VALUE>\n</KEY>\n'
    + '<KEY name="idnumber"><VALUE null="null"/>\n</KEY>\n<KEY name="flag"><VALUE>1</VALUE>\n</KEY>\n'
    + '<KEY name="tags"><MULTIPLE>\n</MULTIPLE>\n</KEY>\n</SINGLE>\n');
});

test('format_string: bare & escaped, entities kept, tags stripped, a lone < escaped, quotes unchanged', () => {
  assert.equal(formatString('tc_rc R&D "quoted" \'single\''), 'tc_rc R&amp;D "quoted" \'single\'');
  assert.equal(formatString('a &amp; b'), 'a &amp; b');
  assert.equal(formatString('a < b <i>c</i>'), 'a &lt; b c');
  assert.equal(formatString('R&D', { raw: true }), 'R&D');
});

test('format_text: script removed, & escaped, HTML format reported; an empty text keeps its format', () => {
  assert.deepEqual(formatText('<p>a & b <script>alert(1)</script></p>', 1), ['<p>a &amp; b </p>', 1]);
  assert.deepEqual(formatText('line1\nline2', 2), ['line1<br />\nline2', 1], 'nl2br keeps the line break');
  assert.deepEqual(formatText('', 0), ['', 0]);
});

test('strip_tags: like PHP, a "<" followed by a space is text', () => {
  assert.equal(stripTags('a < b <b>bold</b> <!-- c --> d'), 'a < b bold  d');
  assert.equal(stripTags('x <unclosed tag'), 'x ');
});
