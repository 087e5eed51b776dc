// The bundled example (examples/northfield, on a copy) synced into the real Moodle with the
// command a user runs: check, plan, sync, and a second sync that makes no write call. After each
// sync Moodle is read back and compared with the export object by object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshLab, lab, moodle } from './lab.mjs';
import { readState } from './moodle-state.mjs';
import { moodleAgainstExport } from './synced-check.mjs';
import { failures, siteFolder, writeCalls } from './site-folder.mjs';

test('the bundled example: check, plan, sync, then a second sync with no write call', async () => {
  await freshLab();
  const site = await siteFolder({ moodleUrl: lab.url, token: lab.tokens.admin });
  try {
    const check = await site.run('check', { json: false });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.doesNotMatch(check.stdout, /FAIL/);
    assert.match(check.stdout, /^ok {4}Moodle: .* as user admin$/m);

    const untouched = await readState(moodle, lab.url);
    const plan = await site.run('plan', { label: 'example: plan' });
    assert.equal(plan.code, 0, plan.stderr);
    assert.equal(plan.report.dry_run, true);
    assert.equal(writeCalls(plan.report), 0, JSON.stringify(plan.report.calls));
    assert.equal(plan.report.summary.created, 24, '4 categories, 2 templates, 6 courses, 5 users, 2 cohorts, 5 enrolments');
    assert.deepEqual(await readState(moodle, lab.url), untouched, 'the plan changed nothing in Moodle');

    const sync = await site.run('sync', { label: 'example: first sync' });
    assert.equal(sync.code, 0, failures(sync.report));
    assert.equal(sync.report.summary.created, 24);
    assert.equal(sync.report.summary.failed, 0);
    const first = await moodleAgainstExport(site);
    assert.deepEqual(first.differences, []);
    assert.equal(Object.keys(first.expected.courses).length, 8, '6 courses and 2 templates');
    assert.equal(Object.keys(first.expected.enrolments).length, 5);

    const again = await site.run('sync', { label: 'example: second sync' });
    assert.equal(again.code, 0, failures(again.report));
    assert.equal(writeCalls(again.report), 0, `no write call: ${JSON.stringify(again.report.calls.by_function)}\n${JSON.stringify(again.report.entities.filter((e) => e.outcome !== 'unchanged' && e.outcome !== 'ignored'), null, 1)}`);
    assert.deepEqual(again.report.summary, { created: 0, adopted: 0, updated: 0, unchanged: 26, ignored: 2, stale: 0, blocked: 0, failed: 0, deleted: 0, skipped: 0 });
    assert.deepEqual((await moodleAgainstExport(site)).differences, []);
  } finally {
    await site.remove();
  }
});
