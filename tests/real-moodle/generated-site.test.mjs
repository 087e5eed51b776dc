// A generated site of realistic size (over 1,000 entities, with every kind of mess an export
// has) synced into the real Moodle, changed as a week of editing would, synced again, and synced
// a third time with nothing changed. Moodle is compared with the export after each sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freshLab, lab } from './lab.mjs';
import { moodleAgainstExport } from './synced-check.mjs';
import { failures, siteFolder, writeCalls } from './site-folder.mjs';
import { STALE_IDS, editWeek, realisticSite } from './realistic-site.mjs';

const outcomeOf = (report, resource, id) => report.entities.find((e) => e.resource === resource && e.id === id)?.outcome;

/**
 * Nothing fails; the registration of the stale user is skipped, and the report names the stale
 * entities as the causes to fix (a stale id is reported, never guessed at).
 */
function assertOnlyStaleDependentsSkipped(report) {
  assert.equal(report.summary.failed, 0, failures(report));
  const skipped = report.entities.filter((e) => e.outcome === 'skipped');
  assert.ok(skipped.length >= 1, 'the registration of the stale user is skipped');
  for (const e of skipped) assert.match(e.cause, / is stale /);
  assert.ok(report.causes.length >= 1 && report.causes.every((c) => / is stale /.test(c.cause)), JSON.stringify(report.causes));
  assert.equal(report.exit_code, 1, 'exit 1 while a stale id is left unfixed');
}

test('a generated site of realistic size: sync, a week of edits, sync again, then a sync with no write call', async (t) => {
  await freshLab();
  const { files, counts, total, out } = realisticSite();
  assert.ok(total >= 1000, `${total} entities`);
  t.diagnostic(`entities: ${JSON.stringify(counts)} = ${total}`);
  const site = await siteFolder({ moodleUrl: lab.url, token: lab.tokens.admin, files });
  // Each step checks what it can; a step that fails does not hide what the next ones find.
  let afterFirst;
  try {
    await t.test('first sync: Moodle holds the export', async () => {
      const first = await site.run('sync', { label: `generated site: first sync (${total} entities)` });
      assert.equal(first.code, 1, 'exit 1: stale ids are left unfixed');
      assertOnlyStaleDependentsSkipped(first.report);
      assert.equal(first.report.summary.stale, 2);
      assert.equal(outcomeOf(first.report, 'node--course', out.staleCourse), 'stale');
      assert.equal(outcomeOf(first.report, 'node--course', out.ignoredCourse), 'ignored');
      assert.equal(outcomeOf(first.report, 'taxonomy_term--course_categories', out.ignoredCategory), 'ignored');
      t.diagnostic(`first sync: ${JSON.stringify(first.report.summary)}, ${first.report.calls.total} calls`);
      afterFirst = await moodleAgainstExport(site, { stale: STALE_IDS });
      assert.ok(Object.keys(afterFirst.expected.enrolments).length > 450);
      // The pair registered twice (canceled first, then active) is one active enrolment.
      assert.equal(afterFirst.expected.enrolments['enrolment C-1007 / user.11'].status, 'active');
      assert.deepEqual(afterFirst.differences, []);
    });

    await t.test('a week of edits, synced: Moodle holds the edited export', async () => {
      // Made on the export as the sync left it (with its moodle ids).
      const edited = {};
      for (const name of Object.keys(files)) edited[name] = JSON.parse(await readFile(path.join(site.exportDir, name), 'utf8'));
      const week = editWeek(edited);
      for (const [name, document] of Object.entries(edited)) await writeFile(path.join(site.exportDir, name), JSON.stringify(document, null, 1));
      t.diagnostic(`a week of edits: ${JSON.stringify(week)}`);

      const second = await site.run('sync', { label: 'generated site: sync after a week of edits' });
      assert.equal(second.code, 1);
      assertOnlyStaleDependentsSkipped(second.report);
      assert.equal(outcomeOf(second.report, 'node--course', 1020), 'ignored');
      assert.ok(second.report.summary.created >= 3 + 6 + 1, JSON.stringify(second.report.summary));
      t.diagnostic(`second sync: ${JSON.stringify(second.report.summary)}, ${second.report.calls.total} calls`);
      const afterSecond = await moodleAgainstExport(site, { stale: STALE_IDS, previous: afterFirst?.expected });
      // The course newly set to `ignore` kept what Moodle had.
      assert.equal(afterSecond.expected.courses['course C-1020'].fullname, afterFirst.expected.courses['course C-1020'].fullname);
      assert.deepEqual(afterSecond.differences, []);
    });

    await t.test('third sync, nothing changed: no write call', async () => {
      const third = await site.run('sync', { label: 'generated site: third sync, nothing changed' });
      assertOnlyStaleDependentsSkipped(third.report);
      t.diagnostic(`third sync: ${JSON.stringify(third.report.summary)}, ${third.report.calls.total} calls`);
      const changed = third.report.entities.filter((e) => !['unchanged', 'ignored', 'stale', 'failed', 'skipped'].includes(e.outcome));
      assert.equal(writeCalls(third.report), 0,
        `no write call: ${JSON.stringify(third.report.calls.by_function)}\n${changed.slice(0, 10).map((e) => `${e.resource} ${e.id} ${e.outcome} ${JSON.stringify(e.changes)}`).join('\n')}`);
    });
  } finally {
    await site.remove();
  }
});
