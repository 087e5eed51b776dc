// Flushing write-backs into an export file: each flush writes the file as read with every value
// written so far, from the text's parts, so that a run flushing a large file many times keeps no
// copy of its text per flush.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileExport } from '../../../js/source/file-export.mjs';
import { replaceFile } from '../../../js/host/replace-file.mjs';
import { rewriteExportText } from '../../../js/source/export-rewrite.mjs';
import { textOf } from '../../../js/source/json-text.mjs';

const resource = (n) => ({ type: 'node--course', id: `uuid-${n}`, attributes: { drupal_internal__nid: n, title: `Cours n° ${n} — “été”`, field_moodle_id: '' } });

test('each flush writes the text as read with every value written so far, and keeps no new copy of it', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-flush-'));
  const file = path.join(dir, 'courses.json');
  // A layout JSON.stringify would not give back: only the written values may change.
  const text = `{ "data": [\n${[1, 2, 3].map((n) => `  ${JSON.stringify(resource(n))}`).join(',\n')}\n] }\n`;
  await writeFile(file, text);
  const source = await readFileExport(file);
  const [held] = source.files;
  const asRead = held.text;
  // Held as the file's bytes: as a string, text beyond Latin-1 would take two bytes a character.
  assert.ok(asRead instanceof Uint8Array);
  assert.equal(Buffer.compare(asRead, Buffer.from(text)), 0);
  assert.ok(source.writeBack('node--course', 'uuid-1', 'field_moodle_id', '11'));
  await source.flush();
  assert.ok(source.writeBack('node--course', 'uuid-3', 'field_moodle_id', '33'));
  await source.flush();
  const expected = text.replace('"field_moodle_id":""', '"field_moodle_id":"11"').replace(/"field_moodle_id":""(?=}}\n\] })/, '"field_moodle_id":"33"');
  assert.equal(await readFile(file, 'utf8'), expected);
  assert.equal(held.text, asRead, 'the text as read is what is held: no rewritten copy per flush');
  assert.equal(JSON.parse(textOf(source.engineDocuments()[0].text)).data[2].attributes.field_moodle_id, '33');
});

test('a text given in parts is written whole, across pieces and multi-byte characters', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-parts-'));
  const file = path.join(dir, 'parts.txt');
  const parts = [];
  for (let i = 0; i < 3000; i += 1) parts.push(`${i}: ${'é€𝄞'.repeat(i % 7)}${'x'.repeat(700)}\n`);
  await replaceFile(file, parts);
  assert.equal(await readFile(file, 'utf8'), parts.join(''));
});

test('a part or a text longer than a piece is written whole, its surrogate pairs kept', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-slices-'));
  const file = path.join(dir, 'long.txt');
  // Pairs astride every slice edge the writer could choose, and a lone surrogate kept as it is written.
  const long = `${'a'.repeat((1 << 20) - 1)}${'𝄞'.repeat(600000)}é\uD800 end`;
  for (const text of [long, ['head ', long, ' tail', 'x'.repeat(1 << 20)], ['𝄞'.repeat(1 << 20)], '']) {
    await replaceFile(file, text);
    assert.equal(await readFile(file, 'utf8'), Buffer.from(typeof text === 'string' ? text : text.join(''), 'utf8').toString('utf8'));
  }
});

test('a surrogate pair split between two parts is written whole; a lone half at a part\'s edge as the joined text writes it', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-halves-'));
  const file = path.join(dir, 'halves.txt');
  const [high, low] = ['\uD834', '\uDD1E'];  // the halves of 𝄞
  const cases = [
    ['a', high, low, 'b'],
    [`a${high}`, `${low}b`],
    [`a${high}`, `${high}`, `${low}b`],
    [`a${high}`, 'b', `${low}`],
    [`${'y'.repeat((1 << 20) - 1)}${high}`, `${low}${'z'.repeat(1 << 20)}${high}`],
    ['', high, '', low],
  ];
  for (const parts of cases) {
    await replaceFile(file, parts);
    assert.deepEqual(await readFile(file), Buffer.from(parts.join(''), 'utf8'));
  }
});

test('flushes that edit only the entities written since the last one write what a rewrite of the whole text writes', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-reflush-'));
  // Copies in data and included, a resource without attributes, one with null attributes, a bundle.
  const noAttributes = { type: 'node--course', id: 'uuid-4' };
  const nullAttributes = { type: 'node--course', id: 'uuid-5', attributes: null };
  const document = { data: [resource(1), resource(2), noAttributes, nullAttributes], included: [resource(1), resource(3)] };
  const cases = [
    { name: 'courses.json', text: `${JSON.stringify(document, null, 1)}\n`, bundle: false },
    { name: 'bundle.json', text: JSON.stringify({ site_url: 'https://learn.example', documents: [document, { data: resource(2) }] }), bundle: true },
  ];
  for (const { name, text, bundle } of cases) {
    const file = path.join(dir, name);
    await writeFile(file, text);
    const source = await readFileExport(file);
    const written = new Map();
    const write = (n, field, value) => {
      assert.ok(source.writeBack('node--course', `uuid-${n}`, field, value));
      written.set(`uuid-${n}`, { ...written.get(`uuid-${n}`), [field]: value });
    };
    for (const step of [[[1, 'field_moodle_id', '11'], [4, 'field_moodle_id', '44']], [[2, 'field_moodle_id', '22'], [1, 'field_moodle_id', '111']], [[5, 'field_moodle_id', '55'], [3, 'title', 'Renamed']], []]) {
      for (const [n, field, value] of step) write(n, field, value);
      await source.flush();
      assert.equal(await readFile(file, 'utf8'), rewriteExportText(text, (type, uuid) => (type === 'node--course' ? written.get(uuid) : undefined), { bundle }));
    }
  }
});

// The export's index (type, then uuid) knows every file that holds a copy of an entity: a
// write-back reaches each of them, and only them, once however often the entity is in a file.
test('a write-back reaches every file that holds a copy of the entity', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-copies-'));
  const files = {
    'courses.json': { data: [resource(1), resource(2)], included: [resource(1)] },
    'registrations.json': { data: [{ type: 'registration--course_registration', id: 'r1', attributes: { drupal_internal__id: 1 } }], included: [resource(1), resource(3)] },
    'other.json': { data: [resource(3)] },
  };
  for (const [name, document] of Object.entries(files)) await writeFile(path.join(dir, name), JSON.stringify(document));
  const source = await readFileExport(dir);
  assert.ok(source.writeBack('node--course', 'uuid-1', 'field_moodle_id', '11'));
  assert.ok(source.writeBack('node--course', 'uuid-3', 'field_moodle_id', '33'));
  assert.equal(source.writeBack('node--course', 'uuid-9', 'field_moodle_id', '99'), false);
  assert.equal(source.writeBack('user--user', 'uuid-1', 'field_moodle_id', '99'), false, 'a uuid is found under its own type only');
  await source.flush();
  const ids = async (name) => {
    const document = JSON.parse(await readFile(path.join(dir, name), 'utf8'));
    return [...document.data, ...(document.included ?? [])].map((r) => r.attributes.field_moodle_id ?? null);
  };
  assert.deepEqual(await ids('courses.json'), ['11', '', '11']);
  assert.deepEqual(await ids('registrations.json'), [null, '11', '33']);
  assert.deepEqual(await ids('other.json'), ['33']);
});

test('a file that begins with a byte order mark is read without it, and written back with it', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-bom-'));
  const text = `{"data": [${JSON.stringify(resource(1))}]}`;
  for (const file of [path.join(dir, 'one.json'), path.join(dir, 'folder', 'courses.json')]) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `\uFEFF${text}`);
    const source = await readFileExport(file.endsWith('one.json') ? file : path.dirname(file));
    assert.equal(source.documents[0].document.data[0].id, 'uuid-1');
    assert.ok(source.writeBack('node--course', 'uuid-1', 'field_moodle_id', '5'));
    await source.flush();
    assert.equal(await readFile(file, 'utf8'), `\uFEFF${text.replace('"field_moodle_id":""', '"field_moodle_id":"5"')}`);
  }
  // A second mark is not JSON: the file is refused, not read as if it were not there.
  const twice = path.join(dir, 'twice.json');
  await writeFile(twice, `\uFEFF\uFEFF${text}`);
  await assert.rejects(readFileExport(twice), /twice\.json: not valid JSON/);
});
