// A run's report is parsed from the core's text with its entities left as text until read: every
// reader must see the value JSON.parse gives, key order included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memberSpan, parseReport, reportTextParts } from '../../../js/report-text.mjs';

const REPORTS = [
  '{"dry_run":false,"entities":[{"label":"a \\"entities\\": [x]","changes":{"entities":[1,{"b":"]}"}]}},{"x":"\\\\"}],"summary":{"created":2},"exit_code":0}',
  '{"summary":{"entities":[9]},"calls":{"total":0},"entities":[]}',
  '{ "exit_code" : 1 , "entities" : [ { "k" : "v" } ] }',
  '{"entities":null,"exit_code":0}',
  '{"exit_code":0,"entities":"text"}',
  '{"exit_code":0}',
  '{"exit_code":0,"note":"\\"entities\\":[1]"}',
  '[{"entities":[1]}]',
  '"entities"',
  '{"é 😀":"\\u2028","entities":[{"label":"é 😀 \\ud83d\\ude00"}],"z":[]}',
];

test('the span of a member is where its value lies, whatever the strings around it hold', () => {
  const text = REPORTS[0];
  const [start, end] = memberSpan(text, 'entities');
  assert.deepEqual(JSON.parse(text.slice(start, end)), JSON.parse(text).entities);
  assert.deepEqual(JSON.parse(REPORTS[2].slice(...memberSpan(REPORTS[2], 'entities'))), [{ k: 'v' }]);
  assert.equal(memberSpan(REPORTS[5], 'entities'), null);
  assert.equal(memberSpan(REPORTS[6], 'entities'), null);
  assert.equal(memberSpan(REPORTS[7], 'entities'), null, 'only a member of the top object counts');
  assert.equal(memberSpan(REPORTS[8], 'entities'), null);
});

test('a parsed report is the value JSON.parse gives, to every reader', () => {
  for (const text of REPORTS) {
    assert.equal(JSON.stringify(parseReport(text)), JSON.stringify(JSON.parse(text)), text);
    assert.deepEqual(parseReport(text), JSON.parse(text), text);
    assert.deepEqual(Object.keys(parseReport(text)), Object.keys(JSON.parse(text)), text);
    assert.deepEqual({ ...parseReport(text), more: 1 }, { ...JSON.parse(text), more: 1 }, text);
    assert.deepEqual(structuredClone(parseReport(text)), JSON.parse(text), text);
  }
});

test('the entities are parsed once, and may be replaced or changed like any value', () => {
  const report = parseReport(REPORTS[0]);
  const first = report.entities;
  assert.equal(report.entities, first, 'read twice, the same array');
  first.push('added');
  assert.equal(JSON.parse(JSON.stringify(report)).entities.at(-1), 'added');
  const replaced = parseReport(REPORTS[0]);
  replaced.entities = [];
  assert.equal(JSON.stringify(replaced), JSON.stringify({ ...JSON.parse(REPORTS[0]), entities: [] }));
  delete replaced.entities;
  assert.equal('entities' in replaced, false);
});

test('a text that is not JSON is refused as JSON.parse refuses it', () => {
  assert.throws(() => parseReport('{"entities":[1,'), SyntaxError);
  assert.throws(() => parseReport('{"exit_code":}'), SyntaxError);
});

test('the text parts of a report are its JSON text, the entities never read left as they came', () => {
  for (const text of REPORTS) {
    const report = parseReport(text);
    if (report && typeof report === 'object' && !Array.isArray(report)) report.added = { at: 'the end' };
    const expected = JSON.stringify(report);  // reads the entities
    const unread = parseReport(text);
    if (unread && typeof unread === 'object' && !Array.isArray(unread)) unread.added = { at: 'the end' };
    const parts = reportTextParts(unread).join('');
    assert.deepEqual(JSON.parse(parts), JSON.parse(expected), text);
    // A compact text without escapes JSON.stringify would not write: the very text it gives.
    if (!/\s:|:\s|\\u/.test(text)) assert.equal(parts, expected, text);
  }
  const report = parseReport(REPORTS[0]);
  assert.equal(reportTextParts(report)[1], REPORTS[0].slice(...memberSpan(REPORTS[0], 'entities')), 'the core\'s own text');
  report.entities.pop();
  assert.deepEqual(reportTextParts(report), [JSON.stringify(report)], 'once read, written from the value');
});

test('a report whose entities were deleted unread is written without them', () => {
  const report = parseReport(REPORTS[0]);
  delete report.entities;
  assert.deepEqual(reportTextParts(report), [JSON.stringify(report)]);
  assert.equal(JSON.parse(reportTextParts(report).join('')).entities, undefined);
  assert.deepEqual(reportTextParts(undefined), ['null']);
});

test('a report frozen before its entities are read still gives them, the same value each time', () => {
  const report = Object.freeze(parseReport(REPORTS[0]));
  const expected = JSON.parse(REPORTS[0]).entities;
  assert.deepEqual(report.entities, expected);
  assert.equal(report.entities, report.entities, 'parsed once');
  assert.deepEqual(JSON.parse(reportTextParts(report).join('')), JSON.parse(REPORTS[0]));
  const sealed = Object.seal(parseReport(REPORTS[0]));
  assert.deepEqual(JSON.parse(JSON.stringify(sealed)), JSON.parse(REPORTS[0]));
});
