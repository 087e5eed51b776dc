// The pull end to end against the simulator: completions set in Moodle are read with one status
// call per registration, or through the custom report page by page, and land in the export's
// configured fields; a completion made after a pull arrives with the next pull only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { COMPLETION_REPORT, expectedFields, FIELDS } from '../../../examples/generated-completion-site.mjs';
import { completedAt, completionSite, registrationsByPair, TEST_NOW } from './harness.mjs';

const COURSES = 3;
const USERS = 24;  // 8 per course: 2 complete, 2 partial, 4 with nothing done
let site;
let pristine;

before(async () => {
  site = await completionSite({ courses: COURSES, users: USERS });
  pristine = await site.readExport('registrations.json');
});
after(() => site?.close());

/** Asserts every registration holds what its learner did in Moodle. */
async function assertFields(message) {
  const byPair = await registrationsByPair(site);
  for (const { nid, learners } of site.learners.values()) {
    for (const [j, { uid }] of learners.entries()) {
      const { attributes } = byPair.get(`${uid}:${nid}`);
      for (const [field, value] of Object.entries(expectedFields(j, completedAt))) {
        assert.deepEqual(attributes[field], value, `${message}: user ${uid}, course ${nid}: ${field}`);
      }
    }
  }
  const courses = (await site.readExport('courses.json')).data;
  assert.deepEqual(courses.map((c) => c.attributes.field_activities_total), Array(COURSES).fill(2), `${message}: course totals`);
}

const callsOf = (report, name) => report.calls.by_function[name] ?? 0;

test('without a report: one status and one activities call per registration; the fields are written, then left alone', async () => {
  await site.setCompletion({ report_id: undefined });
  const report = await site.pull();
  assert.equal(report.summary.failed, 0, JSON.stringify(report.summary));
  assert.equal(callsOf(report, 'core_completion_get_course_completion_status'), USERS);
  assert.equal(callsOf(report, 'core_completion_get_activities_completion_status'), USERS);
  assert.equal(callsOf(report, 'core_reportbuilder_retrieve_report'), 0);
  await assertFields('pull without a report');
  assert.ok(!report.calls.by_function || !Object.keys(report.calls.by_function).some((f) => !/_get_|retrieve|set_filters/.test(f)), 'a pull writes nothing to Moodle');

  const again = await site.pull();
  assert.equal(again.entities.filter((e) => e.component === 'completion' && e.outcome === 'updated').length, 0, 'nothing changed: nothing written');
});

test('with the report: ceil(N / page size) pages per course, the same fields', async () => {
  await site.writeExport('registrations.json', pristine);
  const reportid = await site.sim.completion.createReport(COMPLETION_REPORT);
  await site.setCompletion({ report_id: reportid, report_page_size: 3 });
  site.sim.resetCallLog();
  const report = await site.pull();
  assert.equal(report.summary.failed, 0, JSON.stringify(report.summary));
  assert.equal(callsOf(report, 'core_reportbuilder_retrieve_report'), COURSES * Math.ceil(USERS / COURSES / 3));
  assert.equal(callsOf(report, 'core_reportbuilder_set_filters'), COURSES + 1, 'one filter per course, and the reset');
  // One status call per complete row whose date Drupal does not hold yet (the report shows minutes).
  assert.equal(callsOf(report, 'core_completion_get_course_completion_status'), USERS / 4);
  await assertFields('pull with the report');

  // Drupal now holds each date: a report row showing that same minute needs no status call; only
  // each course's one call that checks it has criteria before its report is read remains. The
  // learners' times are around noon, where a 12-hour clock shows "12:18 PM" (not "0:18 PM").
  const again = await site.pull();
  assert.equal(callsOf(again, 'core_completion_get_course_completion_status'), COURSES);
  assert.equal(again.entities.filter((e) => e.component === 'completion' && e.outcome === 'updated').length, 0);
});

test('a completion made after a pull arrives with the next pull, not before', async () => {
  // Learner 1 of the first course had the page only: now it hands in the assignment too.
  const [courseid, { nid, learners }] = [...site.learners.entries()][0];
  const { uid, userid } = learners[1];
  const key = `${uid}:${nid}`;
  const before = (await registrationsByPair(site)).get(key).attributes;
  assert.equal(before[FIELDS.completed], false);
  assert.equal(before[FIELDS.activities], 1);

  const later = TEST_NOW - 600;
  await site.sim.completion.complete(userid, site.activities.get(courseid).assign, { time: later });
  const report = await site.pull();
  const after = (await registrationsByPair(site)).get(key).attributes;
  assert.equal(after[FIELDS.completed], true);
  assert.equal(after[FIELDS.completed_date], new Date(later * 1000).toISOString().replace('.000Z', '+00:00'));
  assert.equal(after[FIELDS.activities], 2);
  assert.equal(report.entities.filter((e) => e.component === 'completion' && e.outcome === 'updated').length, 1, 'only that registration is written');
});
