// parseExport: the export's files as text, parsed as the CLI parses them from disk: a folder of
// documents with site.json, or one bundle file; every refusal names the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceError, parseExport } from '../../../js/source/export-documents.mjs';

const doc = (id) => JSON.stringify({ data: [{ type: 'node--course', id, attributes: {} }] });

test('a folder: documents in name order, site.json as the declaration, names under the base', () => {
  const parsed = parseExport([
    { name: 'site.json', text: '{"site_url": "https://drupal.example"}' },
    { name: 'users.json', text: doc('u') },
    { name: 'courses.json', text: doc('c') },
    { name: 'notes.txt', text: 'not json' },
  ], { base: '/srv/export/' });
  assert.deepEqual(parsed.documents.map((d) => d.name), ['/srv/export/courses.json', '/srv/export/users.json']);
  assert.deepEqual(parsed.declaration, { where: '/srv/export/site.json', value: { site_url: 'https://drupal.example' } });
  assert.deepEqual(parseExport([{ name: 'courses.json', text: doc('c') }, { name: 'site.json', text: '{}' }]).documents.map((d) => d.name), ['courses.json']);
});

test('a bundle file: its documents by index, its other keys the declaration', () => {
  const parsed = parseExport([{ name: 'site-export.json', text: JSON.stringify({ site_url: 'https://drupal.example', documents: [JSON.parse(doc('a')), JSON.parse(doc('b'))] }) }]);
  assert.deepEqual(parsed.documents.map((d) => d.name), ['site-export.json#documents[0]', 'site-export.json#documents[1]']);
  assert.deepEqual(parsed.declaration, { where: 'site-export.json', value: { site_url: 'https://drupal.example' } });
  const single = parseExport([{ name: 'courses.json', text: doc('c') }]);
  assert.deepEqual(single.documents.map((d) => d.name), ['courses.json']);
  assert.equal(single.declaration, null);
});

test('each refusal names the file', () => {
  const refused = (files, pattern, options) => assert.throws(() => parseExport(files, options), (e) => e instanceof SourceError && pattern.test(e.message));
  refused([{ name: 'courses.json', text: '{"data": [' }, { name: 'users.json', text: doc('u') }], /^export\/courses\.json: not valid JSON \(/, { base: 'export' });
  refused([{ name: 'users.json', text: '{"data": "\\ud800"}' }, { name: 'site.json', text: '{}' }], /^users\.json: holds a lone UTF-16 surrogate/);
  refused([{ name: 'courses.json', text: '[1]' }, { name: 'users.json', text: doc('u') }], /^courses\.json: expected a JSON object \(a JSON:API document\)$/);
  refused([{ name: 'site.json', text: '"x"' }, { name: 'users.json', text: doc('u') }], /^site\.json: expected a JSON object \(a JSON:API document or \{"site_url": \.\.\.\}\)$/);
  refused([{ name: 'site.json', text: '{}' }, { name: 'readme.md', text: '' }], /^the export: the export folder holds no JSON:API document/);
  refused([], /^\/srv\/export: the export folder holds no JSON:API document/, { base: '/srv/export' });
  refused([{ name: 'bundle.json', text: '{"documents": 1}' }], /^bundle\.json: expected "documents"/, { layout: 'bundle' });
});
