// Completion from a real Moodle 4.5 back to the export: the bundled example synced, activities and
// criteria added to two courses with Moodle's own PHP API (completion-helper.php), learners
// completed through the recorded override function, then `moodle-sync completion pull` without and
// with the custom report, and a tool_trigger push through `serve`. The fields written to the
// export copy are compared with what Moodle stores (course_completions.timecompleted, read back in
// PHP), and every second run writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { runCli, startCli, firstLine } from '../js/cli/cli-process.mjs';
import { freshLab, lab, timed } from './lab.mjs';
import { completeActivity, completionHelper, courseId, rfc3339, userId } from './completion-lab.mjs';
import { failures, siteFolder } from './site-folder.mjs';

const FIELDS = ['field_completed', 'field_completed_date', 'field_completed_activities'];
// Registrations of the example (registrations.json): Drupal registration id -> learner and course.
const ANNA = 500;      // anna.schmidt, student of DE-A1 (node 100)
const JOSE = 501;      // jose.garcia, student of FR-B1 (node 101)
const LI = 502;        // li.wei, teacher of DE-A1: Moodle does not track teachers
const OBRIEN = 503;    // o.brien, student of RD-ETH (node 104): a course without criteria
const CANCELED = 504;  // former.student, canceled: not read
// Moodle functions a completion run may call: it reads Moodle and never writes there (the report
// filter is a preference of the token's user).
const READS = /^(core_webservice_get_site_info|core_course_get_courses_by_field|core_user_get_users_by_field|core_enrol_get_enrolled_users|core_completion_get_course_completion_status|core_completion_get_activities_completion_status|core_reportbuilder_retrieve_report|core_reportbuilder_set_filters)$/;

async function pull(site, label) {
  const r = await timed(label, () => runCli(['completion', 'pull', '-c', site.configFile, '--json'], site.env));
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`completion pull printed no JSON report (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
  }
  assert.equal(r.code, 0, `${label}: exit ${r.code}\n${failures(report)}\n${r.stderr.slice(0, 2000)}`);
  const others = Object.keys(report.calls.by_function).filter((f) => !READS.test(f));
  assert.deepEqual(others, [], `${label}: a completion run only reads Moodle`);
  return report;
}

/** The completion fields of every registration of the export copy, by Drupal registration id. */
async function registrationFields(site) {
  const doc = await site.readExport('registrations.json');
  return Object.fromEntries(doc.data.map((r) => [r.attributes.drupal_internal__registration_id,
    Object.fromEntries(FIELDS.map((f) => [f, r.attributes[f]]))]));
}

/** The course total field of the example's courses, by node id. */
async function courseTotals(site) {
  const doc = await site.readExport('courses.json');
  return Object.fromEntries(doc.data.map((c) => [c.attributes.drupal_internal__nid, c.attributes.field_activities_total]));
}

/** The export's completion fields back to empty (null), as before any run. */
async function clearCompletionFields(site, ids = null) {
  await site.editExport('registrations.json', (doc) => {
    for (const r of doc.data) {
      if (ids && !ids.includes(r.attributes.drupal_internal__registration_id)) continue;
      for (const f of FIELDS) r.attributes[f] = null;
    }
  });
  if (!ids) await site.editExport('courses.json', (doc) => { for (const c of doc.data) c.attributes.field_activities_total = null; });
}

async function editConfig(site, edit) {
  const config = JSON.parse(await readFile(site.configFile, 'utf8'));
  edit(config);
  await writeFile(site.configFile, JSON.stringify(config, null, 2));
}

/** A pull right after another: no registration updated, the export file not rewritten. */
async function secondPullWritesNothing(site, label) {
  const file = path.join(site.exportDir, 'registrations.json');
  const before = await readFile(file, 'utf8');
  const { mtimeMs } = await stat(file);
  const again = await pull(site, label);
  assert.deepEqual(again.entities.filter((e) => e.outcome === 'updated').map((e) => `${e.resource} ${e.id}`), []);
  assert.equal(await readFile(file, 'utf8'), before);
  assert.equal((await stat(file)).mtimeMs, mtimeMs, 'the export was not rewritten');
}

/** The report's completion entry of a registration (the report names the entity by its Drupal id or uuid). */
function entryOf(report, registrationId, uuid) {
  return report.entities.find((e) => e.resource === 'registration--course_registration' && (String(e.id) === String(registrationId) || e.id === uuid || e.entity?.uuid === uuid));
}

test('completion from the real Moodle: pull without and with the custom report, a tool_trigger push, second runs write nothing', async (t) => {
  await freshLab();
  const site = await siteFolder({ moodleUrl: lab.url, token: lab.tokens.admin });
  try {
    const sync = await site.run('sync', { label: 'completion: example sync' });
    assert.equal(sync.code, 0, failures(sync.report));
    const uuids = Object.fromEntries((await site.readExport('registrations.json')).data.map((r) => [r.attributes.drupal_internal__registration_id, r.id]));

    const de = await courseId('course-100');
    const fr = await courseId('course-101');
    const anna = await userId('user-20');
    const jose = await userId('user-21');

    // DE-A1: two manual pages, both criteria. FR-B1: two pages, no criteria yet. RD-ETH: none.
    const setup = await timed('completion: PHP set-up', () => completionHelper('setup', {
      courses: [{ id: de, pages: 2, criteria: true }, { id: fr, pages: 2, criteria: false }], report: true,
    }));
    const [dePage1, dePage2] = setup.courses[de].cmids;
    const [frPage1] = setup.courses[fr].cmids;
    assert.ok(Number.isInteger(setup.reportid), JSON.stringify(setup));

    // Anna completes one page of two; José completes a page BEFORE FR-B1 has criteria: the
    // criterion "that page" added afterwards is met only when the completion task runs (twice:
    // the first run marks the criterion, the second aggregates the course).
    const annaFirst = await completeActivity(anna, dePage1);
    assert.equal(annaFirst.state, 1);
    const joseDone = await completeActivity(jose, frPage1);
    await completionHelper('criteria', { courses: [{ id: fr, cmids: [frPage1] }] });
    await timed('completion: task x2', () => completionHelper('task', { runs: 2 }));
    let stored = (await completionHelper('state', { courses: [de, fr] })).courses;
    assert.equal(stored[de][anna].timecompleted, null, 'one criterion of two: not complete');
    assert.equal(stored[fr][jose].timecompleted, joseDone.timecompleted,
      'a course completed by the task takes the latest criterion time, not the time of the task');

    const untouched = { field_completed: null, field_completed_date: null, field_completed_activities: null };
    let expected;
    let annaTime;
    await t.test('pull with one status call per registration', async () => {
      const first = await pull(site, 'completion: pull (status calls)');
      const fields = await registrationFields(site);
      assert.deepEqual(fields[ANNA], { field_completed: false, field_completed_date: null, field_completed_activities: 1 });
      assert.deepEqual(fields[JOSE], { field_completed: true, field_completed_date: rfc3339(joseDone.timecompleted), field_completed_activities: 1 });
      assert.deepEqual(fields[LI], untouched, 'a teacher is not tracked by Moodle (usernotenroled)');
      assert.deepEqual(fields[OBRIEN], untouched, 'RD-ETH has no criteria');
      assert.deepEqual(fields[CANCELED], untouched, 'a canceled registration is not read');
      assert.match(JSON.stringify(entryOf(first, OBRIEN, uuids[OBRIEN])), /nocriteriaset/, JSON.stringify(first.entities));
      assert.match(JSON.stringify(entryOf(first, LI, uuids[LI])), /usernotenroled/);
      const totals = await courseTotals(site);
      assert.deepEqual([totals[100], totals[101]], [2, 2], 'the course totals count the tracked activities (the Announcements forum is not tracked)');

      // Anna completes the second page: the course is complete at once, at the latest criterion time.
      const annaSecond = await completeActivity(anna, dePage2);
      stored = (await completionHelper('state', { courses: [de] })).courses;
      annaTime = stored[de][anna].timecompleted;
      assert.equal(annaTime, Math.max(...stored[de][anna].criteria.map((c) => c.timecompleted)));
      assert.equal(annaTime, annaSecond.timecompleted);

      await pull(site, 'completion: pull after a completion');
      expected = {
        [ANNA]: { field_completed: true, field_completed_date: rfc3339(annaTime), field_completed_activities: 2 },
        [JOSE]: { field_completed: true, field_completed_date: rfc3339(joseDone.timecompleted), field_completed_activities: 1 },
        [LI]: untouched, [OBRIEN]: untouched, [CANCELED]: untouched,
      };
      assert.deepEqual(await registrationFields(site), expected);
      await secondPullWritesNothing(site, 'completion: second pull (status calls)');
    });

    await t.test('a tool_trigger push of \\core\\event\\course_completed through serve: the receiver reads the status back', async () => {
      assert.ok(expected, 'needs the pull before');
      await clearCompletionFields(site, [ANNA, JOSE]);
      const secret = 'a-long-random-secret-for-the-lab-push-0123456789';
      await editConfig(site, (c) => { c.components.completion.secret_env = 'MOODLE_SYNC_PUSH_SECRET'; });
      const server = startCli(['serve', '-c', site.configFile, '--port', '0'], { ...site.env, MOODLE_SYNC_PUSH_SECRET: secret });
      try {
        const url = (await firstLine(server)).match(/https?:\/\/\S+/)[0].replace(/\/completion.*$/, '');
        const event = (courseid, relateduserid, timecreated) => ({ eventname: '\\core\\event\\course_completed', courseid: String(courseid), relateduserid: String(relateduserid), timecreated: String(timecreated) });
        // The form tool_trigger sends by default, the secret in the path.
        const form = new URLSearchParams(event(de, anna, annaTime));
        const response = await timed('completion: tool_trigger push', () => fetch(`${url}/completion/${secret}`, { method: 'POST', body: form }));
        const answer = await response.json();
        assert.equal(response.status, 200, JSON.stringify(answer));
        assert.equal(answer.message, 'Updated 0 nodes and 1 registrations');
        // "JSON encode parameters", the secret as a bearer. The event's time is the task's, later
        // than the criterion: the date written is still the latest criterion time.
        const json = JSON.stringify(event(fr, jose, joseDone.timecompleted + 5));
        const bearer = { method: 'POST', body: json, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` } };
        const second = await fetch(`${url}/completion`, bearer);
        assert.equal(second.status, 200);
        assert.equal((await second.json()).message, 'Updated 0 nodes and 1 registrations');
        assert.deepEqual(await registrationFields(site), expected);
        const twice = await fetch(`${url}/completion`, bearer);
        assert.equal((await twice.json()).message, 'Updated 0 nodes and 0 registrations', 'the same push twice writes nothing');
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    });

    let viaReport;
    await t.test('pull through the custom report: the same completions and dates', async () => {
      assert.ok(expected, 'needs the pull before');
      await clearCompletionFields(site);
      await editConfig(site, (c) => {
        c.components.completion.report_id = setup.reportid;
        c.components.completion.report_timezone = setup.timezone;
      });
      viaReport = await pull(site, 'completion: pull (custom report)');
      assert.equal(viaReport.calls.by_function.core_reportbuilder_retrieve_report, 2, 'one page per course with criteria (perpage 100)');
      assert.equal(viaReport.calls.by_function.core_reportbuilder_set_filters, 3, 'the course filter per course with criteria, then reset');
      const fields = await registrationFields(site);
      assert.deepEqual(fields[ANNA], expected[ANNA]);
      assert.deepEqual([fields[JOSE].field_completed, fields[JOSE].field_completed_date], [true, expected[JOSE].field_completed_date],
        'the report shows the minute; one status call gives the exact date, the latest criterion time');
      assert.deepEqual(fields[CANCELED], untouched);
      const totals = await courseTotals(site);
      assert.deepEqual([totals[100], totals[101]], [2, 2]);
      await secondPullWritesNothing(site, 'completion: second pull (custom report)');
    });

    // What the report's cells cannot tell, read as the status calls read it (both answers are the
    // real Moodle's; the simulator gives the same ones):
    // - "Student progress" is 100.0% for a completed course (core_completion\progress returns 100
    //   once the course is complete), though José completed 1 of the 2 tracked activities: his own
    //   activity list gives the count;
    // - a teacher's row ("Completed" "", progress "0.0%") looks like an untouched student's, while
    //   the status call answers usernotenroled (Moodle does not track teachers): skipped by its role;
    // - a course without criteria gives rows like any other (""), while the status call answers
    //   nocriteriaset: the course's one status call tells, and its report is not read.
    await t.test('pull through the custom report: what the report cannot show is read as the status calls read it', async () => {
      assert.ok(viaReport, 'needs the pull through the report before');
      const fields = await registrationFields(site);
      const wrong = [
        fields[JOSE].field_completed_activities !== 1 && `José: activities ${fields[JOSE].field_completed_activities}, Moodle holds 1 of 2 (core_completion_get_activities_completion_status)`,
        !isDeepStrictEqual(fields[LI], untouched) && `Li Wei, a teacher Moodle does not track (usernotenroled): ${JSON.stringify(fields[LI])}`,
        !isDeepStrictEqual(fields[OBRIEN], untouched) && `O'Brien, in a course without criteria (nocriteriaset): ${JSON.stringify(fields[OBRIEN])}`,
      ].filter(Boolean);
      assert.deepEqual(wrong, []);
    });
  } finally {
    await site.remove();
  }
});
