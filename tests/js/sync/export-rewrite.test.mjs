// A write-back changes only the values it writes: every other byte of the export file stays as it
// was (numbers above 2^53, which a parse and a stringify would round, 1.0, escapes, the layout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileExport } from '../../../js/source/file-export.mjs';
import { forEachResource, rewriteExportParts, rewriteExportText } from '../../../js/source/export-rewrite.mjs';
import { textOf } from '../../../js/source/json-text.mjs';

const USERS = `{
  "data": [
    {"type": "user--user", "id": "u1", "attributes": {"drupal_internal__uid": 1, "field_badge": 9007199254740993, "field_score": 1.0,
      "field_moodle_id": "", "name": "Ren\\u00e9e"}},
    {"type": "user--user", "id": "u2", "attributes": {"drupal_internal__uid": 2, "field_ledger": 123456789012345678901234567890}}
  ],
  "included": [{"type": "user--user", "id": "u1", "attributes": {"drupal_internal__uid": 1, "field_badge": 9007199254740993, "field_moodle_id": ""}}],
  "meta": {"count": 18446744073709551617}
}
`;

async function exportFolder(files) {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-rewrite-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

test('a flushed write-back keeps every untouched value of the file byte for byte', async () => {
  const dir = await exportFolder({ 'users.json': USERS });
  const source = await readFileExport(dir);
  assert.equal(source.writeBack('user--user', 'u1', 'field_moodle_id', '41'), true);
  assert.equal(source.writeBack('user--user', 'u2', 'field_moodle_id', '42'), true);
  await source.flush();
  const expected = USERS
    .replace('"field_moodle_id": "", "name"', '"field_moodle_id": "41", "name"')
    .replace('"field_badge": 9007199254740993, "field_moodle_id": ""', '"field_badge": 9007199254740993, "field_moodle_id": "41"')
    .replace('{"drupal_internal__uid": 2,', '{"field_moodle_id":"42","drupal_internal__uid": 2,');
  assert.equal(await readFile(path.join(dir, 'users.json'), 'utf8'), expected);
  // A second flush builds on the first: the ids written before stay.
  source.writeBack('user--user', 'u2', 'field_moodle_id', '43');
  await source.flush();
  assert.equal(await readFile(path.join(dir, 'users.json'), 'utf8'), expected.replace('"42"', '"43"'));
});

test('a bundle file keeps its big numbers; the documents read back hold what was written', async () => {
  const bundle = `{"site_url": "https://learn.example", "serial": 9007199254740995, "documents": [${USERS.trim()}]}`;
  const dir = await exportFolder({ 'export.json': bundle });
  const source = await readFileExport(path.join(dir, 'export.json'));
  source.writeBack('user--user', 'u1', 'field_moodle_id', '7');
  assert.equal(source.documents[0].document.data[0].attributes.field_moodle_id, '7', 'a write not yet flushed is in the documents');
  await source.flush();
  const text = await readFile(path.join(dir, 'export.json'), 'utf8');
  assert.equal(text, bundle.replaceAll('"field_moodle_id": ""', '"field_moodle_id": "7"'));
});

test('a resource without attributes, or with null attributes, gets the written field', () => {
  const text = '{"data": [{"type": "t", "id": "a"}, {"type": "t", "id": "b", "attributes": null}, {"type": "t", "id": "c", "attributes": {}}]}';
  const fields = { a: { field_moodle_id: '1' }, b: { field_moodle_id: '2' }, c: { field_moodle_id: '3' } };
  const out = rewriteExportText(text, (type, id) => fields[id]);
  assert.deepEqual(JSON.parse(out).data.map((r) => r.attributes.field_moodle_id), ['1', '2', '3']);
  assert.equal(out, '{"data": [{"attributes":{"field_moodle_id":"1"},"type": "t", "id": "a"}, {"type": "t", "id": "b", "attributes": {"field_moodle_id":"2"}}, '
    + '{"type": "t", "id": "c", "attributes": {"field_moodle_id":"3"}}]}');
});

test('a resource with a repeated id is written where JSON.parse reads it: its last id', () => {
  const text = '{"data": [{"type": "node--course", "id": "A", "id": "B", "attributes": {"field_moodle_id": ""}}]}';
  const written = rewriteExportText(text, (type, uuid) => (type === 'node--course' && uuid === 'B' ? { field_moodle_id: '7' } : undefined), { bundle: false });
  assert.equal(JSON.parse(written).data[0].attributes.field_moodle_id, '7');
  const untouched = rewriteExportText(text, (type, uuid) => (uuid === 'A' ? { field_moodle_id: '8' } : undefined), { bundle: false });
  assert.equal(untouched, text);
});

test('an export held as its UTF-8 bytes is rewritten as its text is: byte positions, pieces of the bytes', () => {
  const text = '{"data": [{"type": "node--course", "id": "é1", "attributes": {"title": "Cours n° 1 — “été” 𝄞", "field_moodle_id": ""}, "\uFEFFattributes": {}},\n'
    + ' {"type": "node--course", "id": "A", "attributes": {"t\\u00eftle": "€", "field_moodle_id": null}}], "included": [{"type": "node--course", "id": "é1"}]}';
  const bytes = new TextEncoder().encode(text);
  const fields = { é1: { field_moodle_id: '11' }, A: { field_moodle_id: '12', field_note: 'ß' } };
  const fieldsOf = (type, uuid) => fields[uuid];
  const parts = rewriteExportParts(bytes, fieldsOf);
  assert.ok(parts.some((p) => p instanceof Uint8Array && p.buffer === bytes.buffer), 'the unchanged pieces are the bytes as held, not copies');
  assert.equal(textOf(parts), rewriteExportText(text, fieldsOf));
  assert.equal(rewriteExportText(bytes, fieldsOf), rewriteExportText(text, fieldsOf));
  const found = (source) => {
    const list = [];
    forEachResource(source, (type, uuid, at) => list.push([type, uuid, at]));
    return list;
  };
  // The same resources, each at its byte offset in the bytes.
  assert.deepEqual(found(bytes), found(text).map(([type, uuid, at]) => [type, uuid, Buffer.byteLength(text.slice(0, at))]));
});
