// A run's report is read from the core's text with its entities left as bytes until read: every
// reader must see the value JSON.parse gives, key order included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportFromBytes, reportTextParts } from '../../../js/report-text.mjs';

const utf8 = new TextEncoder();
const decoder = new TextDecoder();

// Reports as the core writes them: the text before the entities' list, the list, the text after it.
const REPORTS = [
  ['{"dry_run":false,"entities":', '[{"label":"a \\"entities\\": [x]","changes":{"entities":[1,{"b":"]}"}]}},{"x":"\\\\"}]', ',"summary":{"created":2},"exit_code":0}'],
  ['{"summary":{"entities":[9]},"calls":{"total":0},"entities":', '[]', '}'],
  ['{"exit_code":1,"note":"\\"entities\\":[1]","entities":', '[{"k":"v"}]', '}'],
  ['{"é 😀":"\\u2028","entities":', '[{"label":"é 😀 \\ud83d\\ude00"}]', ',"z":[]}'],
  ['{"entities":', '[1,2]', ',"exit_code":0}'],
];
// Reports without a list of entities: the core gives no span ([0, 0]).
const WHOLE = ['{"entities":null,"exit_code":0}', '{"exit_code":0}', '[{"entities":[1]}]', '"entities"'];

const text = ([before, list, after]) => before + list + after;
const fromParts = (parts) => {
  const bytes = utf8.encode(text(parts));
  const begin = utf8.encode(parts[0]).length;
  return reportFromBytes(bytes, [begin, begin + utf8.encode(parts[1]).length]);
};
const joined = (parts) => parts.map((p) => (typeof p === 'string' ? p : decoder.decode(p))).join('');

test('a report read from its bytes is the value JSON.parse gives, to every reader', () => {
  for (const parts of REPORTS) {
    const expected = JSON.parse(text(parts));
    assert.equal(JSON.stringify(fromParts(parts)), JSON.stringify(expected), text(parts));
    assert.deepEqual(fromParts(parts), expected, text(parts));
    assert.deepEqual(Object.keys(fromParts(parts)), Object.keys(expected), text(parts));
    assert.deepEqual({ ...fromParts(parts), more: 1 }, { ...expected, more: 1 }, text(parts));
    assert.deepEqual(structuredClone(fromParts(parts)), expected, text(parts));
  }
  for (const whole of WHOLE) assert.deepEqual(reportFromBytes(utf8.encode(whole), [0, 0]), JSON.parse(whole), whole);
});

test('the entities are kept as a copy of their bytes: the core\'s memory may be reused at once', () => {
  const bytes = utf8.encode(text(REPORTS[0]));
  const begin = utf8.encode(REPORTS[0][0]).length;
  const report = reportFromBytes(bytes, [begin, begin + utf8.encode(REPORTS[0][1]).length]);
  bytes.fill(0x20);
  assert.deepEqual(report.entities, JSON.parse(REPORTS[0][1]));
});

test('the entities are parsed once, and may be replaced or changed like any value', () => {
  const report = fromParts(REPORTS[0]);
  const first = report.entities;
  assert.equal(report.entities, first, 'read twice, the same array');
  first.push('added');
  assert.equal(JSON.parse(JSON.stringify(report)).entities.at(-1), 'added');
  const replaced = fromParts(REPORTS[0]);
  replaced.entities = [];
  assert.equal(JSON.stringify(replaced), JSON.stringify({ ...JSON.parse(text(REPORTS[0])), entities: [] }));
  delete replaced.entities;
  assert.equal('entities' in replaced, false);
});

test('bytes that are not JSON are refused as JSON.parse refuses them', () => {
  assert.throws(() => reportFromBytes(utf8.encode('{"entities":[1,'), [12, 15]), SyntaxError);
  assert.throws(() => fromParts(['{"exit_code":', '[', '}']).entities, SyntaxError);
  assert.throws(() => reportFromBytes(utf8.encode('{"exit_code":}'), [0, 0]), SyntaxError);
});

test('the text parts of a report are its JSON text, the entities never read left as the core wrote them', () => {
  for (const parts of REPORTS) {
    const report = fromParts(parts);
    report.added = { at: 'the end' };
    report.gone = undefined;  // left out by JSON.stringify, and so here
    const expected = JSON.stringify(report);  // reads the entities
    const unread = fromParts(parts);
    unread.added = { at: 'the end' };
    unread.gone = undefined;
    const written = reportTextParts(unread);
    assert.deepEqual(JSON.parse(joined(written)), JSON.parse(expected), text(parts));
    // Without escapes JSON.stringify would not write: the very text it gives.
    if (!text(parts).includes('\\u')) assert.equal(joined(written), expected, text(parts));
    assert.ok(written[1] instanceof Uint8Array, 'the entities as bytes');
  }
  const report = fromParts(REPORTS[0]);
  assert.equal(decoder.decode(reportTextParts(report)[1]), REPORTS[0][1], 'the core\'s own bytes');
  report.entities.pop();
  assert.deepEqual(reportTextParts(report), [JSON.stringify(report)], 'once read, written from the value');
});

test('a report whose entities were deleted unread is written without them', () => {
  const report = fromParts(REPORTS[0]);
  delete report.entities;
  assert.deepEqual(reportTextParts(report), [JSON.stringify(report)]);
  assert.equal(JSON.parse(reportTextParts(report).join('')).entities, undefined);
  assert.deepEqual(reportTextParts(undefined), ['null']);
});

test('a report frozen before its entities are read still gives them, the same value each time', () => {
  const report = Object.freeze(fromParts(REPORTS[0]));
  const expected = JSON.parse(REPORTS[0][1]);
  assert.deepEqual(report.entities, expected);
  assert.equal(report.entities, report.entities, 'parsed once');
  assert.deepEqual(JSON.parse(joined(reportTextParts(report))), JSON.parse(text(REPORTS[0])));
  const sealed = Object.seal(fromParts(REPORTS[0]));
  assert.deepEqual(JSON.parse(JSON.stringify(sealed)), JSON.parse(text(REPORTS[0])));
});
