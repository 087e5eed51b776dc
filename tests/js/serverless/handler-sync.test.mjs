// POST /sync over real HTTP: a signed scheduler's call, within a time budget. A run that spends its
// budget stops at a safe point (exit code 3) and the next call goes on from the state store.
// The clock is the test's: every Moodle call moves it half a second.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moodleCourses, startFunction } from './handler-harness.mjs';

const COURSE_IDS = [100, 101, 102, 103, 104, 105, 106];

test('a /sync whose budget runs out stops with exit code 3; the next call resumes and finishes', async () => {
  let fn;
  fn = await startFunction({
    fetchImpl: async (url, init) => {
      fn.tick(0.5);
      return fetch(url, init);
    },
  });
  try {
    const first = await fn.signed('/sync', { full: true, budget_ms: 1000 });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.report.exit_code, 3, 'stopped by its time budget');
    assert.equal(first.body.report.resume, true);
    const madeFirst = (await Promise.all(COURSE_IDS.map((id) => moodleCourses(fn.site.sim, `course-${id}`)))).filter((c) => c.length).length;
    assert.ok(madeFirst < COURSE_IDS.length, `the first call stopped before the end (${madeFirst} courses)`);

    fn.tick(10);
    const second = await fn.signed('/sync', {});
    assert.equal(second.status, 200, second.text);
    assert.equal(second.body.report.exit_code, 0, second.text);
    const counts = await Promise.all(COURSE_IDS.map(async (id) => (await moodleCourses(fn.site.sim, `course-${id}`)).length));
    assert.ok(counts.every((n) => n <= 1), 'no course made twice');
    assert.ok(counts.filter((n) => n === 1).length > madeFirst, 'the second call went on where the first stopped');
  } finally {
    await fn?.close();
  }
});

test('/sync is signed like an event: unsigned 401, a budget out of range 400 naming the field', async () => {
  const fn = await startFunction();
  try {
    const unsigned = await fn.send('/sync', { body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(unsigned.status, 401);
    const bad = await fn.signed('/sync', { budget_ms: 5 });
    assert.equal(bad.status, 400, bad.text);
    assert.match(JSON.stringify(bad.body), /budget_ms/);
    assert.equal(fn.site.moodleWrites().length, 0);
  } finally {
    await fn.close();
  }
});
