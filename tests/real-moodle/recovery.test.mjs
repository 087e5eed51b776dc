// Recovery on the real Moodle: the sync command killed with SIGKILL at several points (while
// categories, courses, users and enrolments are being made, at once or with a call in flight),
// run again: no duplicate in Moodle, no moodle id lost. Then the ids removed from the export and
// the journal deleted: a run adopts everything and creates nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCli } from '../js/cli/cli-process.mjs';
import { freshLab, lab, moodle, timed } from './lab.mjs';
import { readState } from './moodle-state.mjs';
import { moodleAgainstExport } from './synced-check.mjs';
import { exampleConfig, failures, siteFolder } from './site-folder.mjs';
import { STALE_IDS, realisticSite } from './realistic-site.mjs';

/** The journal's record of an id of `component`, or of an enrolment made. */
const recordOf = (component) => (component === 'enrolments' ? '"kind":"enrolment"' : `"component":"${component}"`);

/**
 * Starts a sync and kills it with SIGKILL `delayMs` after its journal gains a record of
 * `component` (counted from the journal's size at the start). Resolves to how the process ended.
 */
async function syncKilledAt(site, component, delayMs) {
  const from = await stat(site.journal).then((s) => s.size, () => 0);
  const started = startCli(['sync', '-c', site.configFile, '--json'], site.env);
  let ended = false;
  started.exited.then(() => { ended = true; });
  const mark = recordOf(component);
  while (!ended) {
    const text = await readFile(site.journal, 'utf8').catch(() => '');
    if (text.slice(from).includes(mark)) break;
    await sleep(10);
  }
  if (!ended) {
    if (delayMs) await sleep(delayMs);
    started.child.kill('SIGKILL');
  }
  return started.exited;
}

/** The moodle id fields of the export, emptied where they hold an id (ignored and stale ones kept). */
async function forgetIds(site) {
  for (const name of ['course_categories.json', 'course_templates.json', 'courses.json', 'users.json', 'groups.json', 'registrations.json']) {
    await site.editExport(name, (doc) => {
      for (const r of doc.data) {
        const v = String(r.attributes.field_moodle_id ?? '');
        if (/^[1-9]\d*$/.test(v) && !STALE_IDS.includes(v)) r.attributes.field_moodle_id = '';
      }
    });
  }
}

test('killed at several points, then run again: no duplicate, no lost id; ids forgotten: all adopted', async (t) => {
  await freshLab();
  // Without pairs registered twice: what is checked here is recovery (moodle-bugs.test.mjs has those).
  const { files, total } = realisticSite({ categories: 8, courses: 40, users: 100, cohorts: 5, repeatedPairs: false });
  const config = await exampleConfig((c) => { c.moodle.max_batch_items = 20; });
  const site = await siteFolder({ moodleUrl: lab.url, token: lab.tokens.admin, config, files });
  try {
    const points = [['categories', 0], ['courses', 0], ['courses', 1500], ['users', 800], ['enrolments', 0]];
    for (const [component, delayMs] of points) {
      const killed = await timed(`recovery: sync killed at ${component} +${delayMs} ms`, () => syncKilledAt(site, component, delayMs));
      assert.equal(killed.signal, 'SIGKILL', `killed while making ${component} (the run ended first: ${killed.stdout.slice(0, 300)})`);
    }
    const resumed = await site.run('sync', { label: `recovery: sync after ${points.length} kills (${total} entities)` });
    assert.equal(resumed.code, 1, 'exit 1 while the stale ids are left unfixed');
    assert.equal(resumed.report.summary.failed, 0, failures(resumed.report));
    assert.ok(resumed.report.summary.skipped >= 1, 'the registration of the stale user is skipped');
    t.diagnostic(`resumed run: ${JSON.stringify(resumed.report.summary)}`);
    const afterKills = await moodleAgainstExport(site, { stale: STALE_IDS });
    assert.deepEqual(afterKills.differences, [], 'every object once, every moodle id in the export');

    // The ids gone from the export, the journal gone: everything is found again by its idnumber.
    const before = await readState(moodle, lab.url);
    await forgetIds(site);
    await rm(site.journal, { force: true });
    const adopting = await site.run('sync', { label: 'recovery: sync with every id forgotten' });
    const { summary, calls } = adopting.report;
    assert.equal(summary.created, 0, JSON.stringify(summary));
    assert.equal(summary.failed, 0, failures(adopting.report));
    const objects = Object.values(afterKills.expected).reduce((n, part) => n + Object.keys(part).length, 0);
    assert.equal(summary.adopted, objects, `every object adopted: ${JSON.stringify(summary)}`);
    assert.deepEqual(Object.keys(calls.by_function).filter((f) => /create|duplicate|enrol_users|add_cohort_members/.test(f)), [], 'nothing made');
    assert.deepEqual(await readState(moodle, lab.url), before, 'Moodle unchanged');
    assert.deepEqual((await moodleAgainstExport(site, { stale: STALE_IDS })).differences, [], 'every id written back again');
  } finally {
    await site.remove();
  }
});
