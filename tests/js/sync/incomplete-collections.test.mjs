// A saved first page of a JSON:API collection (it has links.next) is not the whole collection:
// its entities are synced, but nothing is removed, suspended or deleted because an entity is
// missing from it. The report says so, and the run still succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, exampleConfig, fullConfig, makeSite } from './harness.mjs';
import { exitCodeOf } from '../../../js/host/sync-run.mjs';
import { runCli } from '../cli/cli-process.mjs';

const NEXT = { href: 'https://learn.northfield.example/jsonapi/page-2' };

/** Keeps the first `count` entities of a document, as its first page: with links.next, or as a whole. */
function firstPage(count, { next = true } = {}) {
  return (doc) => {
    doc.data = doc.data.slice(0, count);
    if (next) doc.links.next = NEXT;
    else delete doc.links.next;
  };
}

const calls = (site, wsfunction) => site.sim.callLog.filter((c) => c.wsfunction === wsfunction);

test('removal: unenrol with one page of the registrations: no enrolment is removed, the report says why, exit 0', async () => {
  const site = await makeSite({ config: await fullConfig((c) => { c.components.enrolments.removal = 'unenrol'; }) });
  try {
    const first = await site.run();
    const english = entity(first, 'node--course', 100).moodle_id;
    const enrolledBefore = (await site.enrolled(english)).map((u) => u.id).sort();
    await site.editExport('registrations.json', firstPage(2));
    site.sim.resetCallLog();

    const human = await runCli(['sync', '-c', site.configFile], site.env);
    assert.equal(human.code, 0, human.stdout + human.stderr);
    assert.deepEqual(site.writeCalls(), [], 'nothing removed, nothing else to do');
    assert.deepEqual((await site.enrolled(english)).map((u) => u.id).sort(), enrolledBefore);
    assert.match(human.stdout, /^Note: \S*registrations\.json holds only part of the registration--course_registration collection \(one page, with links\.next.*held back$/m);
    const json = await runCli(['sync', '-c', site.configFile, '--json'], site.env);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.ok(report.notes.some((n) => /registrations\.json holds only part of the registration--course_registration collection/.test(n)), report.notes);

    await site.editExport('registrations.json', firstPage(2, { next: false }));
    const whole = await site.run();
    assert.equal(exitCodeOf(whole), 0);
    assert.ok(calls(site, 'enrol_manual_unenrol_users').length > 0, 'the same entities as a whole collection do remove');
  } finally {
    await site.close();
  }
});

test('one page of the users: nobody is suspended (deleted: suspend) and no cohort member is removed', async () => {
  const site = await makeSite({ config: await fullConfig((c) => { delete c.components.enrolments; c.components.users.deleted = 'suspend'; }) });
  try {
    const first = await site.run();
    const cohorts = [30, 31].map((tid) => entity(first, 'taxonomy_term--groups', tid).moodle_id);
    const membersBefore = await site.members(cohorts);
    await site.editExport('users.json', firstPage(2));
    site.sim.resetCallLog();
    const report = await site.run();
    assert.deepEqual(site.writeCalls(), []);
    assert.deepEqual(await site.members(cohorts), membersBefore);
    assert.equal((await site.users('idnumber', ['user-22', 'user-23'])).filter((u) => u.suspended).length, 0);
    assert.equal(exitCodeOf(report), 0);
    assert.ok(report.notes.some((n) => /users\.json holds only part of the user--user collection/.test(n)), report.notes);

    await site.editExport('users.json', firstPage(2, { next: false }));
    await site.run();
    assert.ok(calls(site, 'core_cohort_delete_cohort_members').length > 0, 'the same users as a whole collection do remove members');
    assert.equal((await site.users('idnumber', ['user-22', 'user-23'])).filter((u) => u.suspended).length, 2);
  } finally {
    await site.close();
  }
});

test('one page of the courses with deleted: delete: no course is deleted', async () => {
  const site = await makeSite({ config: await exampleConfig((c) => { c.components.courses.deleted = 'delete'; }) });
  try {
    await site.run();
    const before = (await site.courses()).length;
    await site.editExport('courses.json', firstPage(2));
    site.sim.resetCallLog();
    const report = await site.run();
    assert.equal(exitCodeOf(report), 0);
    assert.deepEqual(calls(site, 'core_course_delete_courses'), []);
    assert.equal((await site.courses()).length, before);

    await site.editExport('courses.json', firstPage(2, { next: false }));
    await site.run();
    assert.equal(calls(site, 'core_course_delete_courses').length, 1, 'the same courses as a whole collection do delete');
  } finally {
    await site.close();
  }
});
