// The journal keeps what a later run needs and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Journal } from '../../../js/host/journal.mjs';
import { keptRecords } from '../../../js/host/sync-run.mjs';

const source = { fieldOf: (type, uuid) => ({ a: '7', b: '', c: null })[uuid] };

test('ids already in the export are dropped; enrolments keep their latest state; removed ones go', () => {
  const records = [
    { type: 't', uuid: 'a', moodle_id: 7 },
    { type: 't', uuid: 'b', moodle_id: 8 },
    { type: 't', uuid: 'c', moodle_id: 9 },
    { type: 't', uuid: 'gone', moodle_id: 10 },
    { kind: 'enrolment', userid: 1, courseid: 2, roleid: 5, suspend: 0, status: 'active' },
    { kind: 'enrolment', userid: 1, courseid: 2, roleid: 5, suspend: 1, status: 'active' },
    { kind: 'enrolment', userid: 3, courseid: 2, roleid: 5, status: 'active' },
    { kind: 'enrolment', userid: 3, courseid: 2, roleid: 5, status: 'removed' },
  ];
  assert.deepEqual(keptRecords(records, source), [
    { type: 't', uuid: 'b', moodle_id: 8 },
    { type: 't', uuid: 'c', moodle_id: 9 },
    { kind: 'enrolment', userid: 1, courseid: 2, roleid: 5, suspend: 1, status: 'active' },
  ]);
});

test('a line cut by a kill is skipped, the rest is read; compaction replaces the file', async () => {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'journal-')), 'j.jsonl');
  const journal = new Journal(file);
  await journal.append([{ n: 1 }, { n: 2 }]);
  const { appendFile } = await import('node:fs/promises');
  await appendFile(file, '{"n": 3, "cut');
  assert.deepEqual(await journal.load(), [{ n: 1 }, { n: 2 }]);
  await journal.append([{ n: 4 }]);
  assert.deepEqual(await journal.load(), [{ n: 1 }, { n: 2 }, { n: 4 }], 'a record written after a cut line is kept');
  assert.equal(await journal.compact((all) => all.filter((r) => r.n === 2)), 1);
  assert.deepEqual(await journal.load(), [{ n: 2 }]);
});
