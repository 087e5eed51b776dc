// The state stores only read and write: a cut line is skipped, appends are durable, a replace is
// atomic and keeps the file private. What is kept is the core's decision (tests/vectors/enrolments.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStateStore, MemoryStateStore } from '../../../js/host/state-store.mjs';

test('file store: a line cut by a kill is skipped, the rest is read; replace rewrites the file, private', async () => {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'state-')), 'j.jsonl');
  const store = new FileStateStore(file);
  assert.deepEqual(await store.load(), [], 'no file: no records');
  await store.append([{ n: 1 }, { n: 2 }]);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  await appendFile(file, '{"n": 3, "cut');
  assert.deepEqual(await store.load(), [{ n: 1 }, { n: 2 }]);
  await store.append([{ n: 4 }]);
  assert.deepEqual(await store.load(), [{ n: 1 }, { n: 2 }, { n: 4 }], 'a record written after a cut line is kept');
  await store.replace([{ n: 2 }]);
  assert.deepEqual(await store.load(), [{ n: 2 }]);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
});

test('memory store: the same operations, and what it hands out is a copy', async () => {
  const store = new MemoryStateStore([{ n: 1 }]);
  await store.append([{ n: 2 }]);
  const loaded = await store.load();
  loaded[0].n = 99;
  assert.deepEqual(await store.load(), [{ n: 1 }, { n: 2 }]);
  await store.replace([{ n: 3 }]);
  assert.deepEqual(await store.load(), [{ n: 3 }]);
});
