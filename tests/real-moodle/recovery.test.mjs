// Recovery on the real Moodle: the sync command killed with SIGKILL at several points (while
// categories, courses, users and enrolments are being made, at once or with a call in flight),
// run again: no duplicate in Moodle, no moodle id lost. Then the ids removed from the export and
// the journal deleted: a run adopts everything and creates nothing; and without the journal, a
// registration canceled in Drupal still suspends its enrolment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCli } from '../js/cli/cli-process.mjs';
import { freshLab, lab, moodle, read, timed } from './lab.mjs';
import { readState } from './moodle-state.mjs';
import { moodleAgainstExport } from './synced-check.mjs';
import { exampleConfig, failures, siteFolder } from './site-folder.mjs';
import { STALE_IDS, courseNidOf, realisticSite } from './realistic-site.mjs';

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

const activeIn = async (course) => new Set((await read('core_enrol_get_enrolled_users', {
  courseid: course, options: [{ name: 'onlyactive', value: 1 }, { name: 'userfields', value: 'id' }],
})).map((u) => u.id));

/** Cancels `count` registrations whose enrolment is active in Moodle; returns their (user, course) ids. */
async function cancelActive(site, count) {
  const ids = (doc) => new Map(doc.data.map((r) => [r.id, String(r.attributes.field_moodle_id ?? '')]));
  const users = ids(await site.readExport('users.json'));
  const courses = new Map((await site.readExport('courses.json')).data.map((n) => [n.attributes.drupal_internal__nid, String(n.attributes.field_moodle_id ?? '')]));
  const numeric = (v) => /^[1-9]\d*$/.test(v) && !STALE_IDS.includes(v);
  const regs = (await site.readExport('registrations.json')).data;
  const chosen = [];
  for (const r of regs) {
    const user = users.get(r.relationships.user_uid.data?.id) ?? '';
    const course = courses.get(courseNidOf(r)) ?? '';
    if (chosen.length === count || r.attributes.state !== 'complete' || r.attributes.field_moodle_id === 'ignore' || !numeric(user) || !numeric(course)) continue;
    if ((await activeIn(Number(course))).has(Number(user))) chosen.push([r.id, Number(user), Number(course)]);
  }
  const picked = new Set(chosen.map(([id]) => id));
  await site.editExport('registrations.json', (doc) => {
    for (const r of doc.data) if (picked.has(r.id)) r.attributes.state = 'canceled';
  });
  assert.equal(chosen.length, count);
  return chosen.map(([, user, course]) => [user, course]);
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

    // Without the journal, a registration canceled in Drupal still suspends its enrolment: the
    // registration claims its pair.
    const canceled = await cancelActive(site, 10);
    await rm(site.journal, { force: true });
    const withoutJournal = await site.run('sync', { label: 'recovery: sync without a journal, 10 registrations canceled' });
    assert.equal(withoutJournal.report.summary.failed, 0, failures(withoutJournal.report));
    for (const [user, course] of canceled) {
      assert.ok(!(await activeIn(course)).has(user), `user ${user} suspended in course ${course}`);
    }
  } finally {
    await site.remove();
  }
});
