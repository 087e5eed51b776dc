// `completion pull` against the Moodle simulator: the example synced first, completions set with
// the simulator's control API, then pulled into the export copy, one status call per registration
// or through the recorded custom report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { core, entity, fullConfig, makeSite } from '../sync/harness.mjs';
import { prepareRun } from '../../../js/host/sync-run.mjs';
import { runCompletionPull } from '../../../js/host/completion-run.mjs';
import { runCli } from '../cli/cli-process.mjs';
import { TEST_NOW } from '../test-clock.mjs';

const REG = { anna: 500, second: 501, teacher: 502, other: 503 };  // registration ids of the example
// Completion times away from the noon hour (the simulator's report shows 12:xx PM as "0:xx PM").
const FIRST_DONE = TEST_NOW - 4 * 3600;   // 08:18:38 UTC
const DONE = TEST_NOW - 3 * 3600;         // 09:18:38 UTC, 10:18 in Paris: the course's completion time
const rfc = (s) => new Date(s * 1000).toISOString().replace('.000Z', '+00:00');

/**
 * The example synced into the simulator, then: course 100 with two activities as criteria, both
 * completed by user 20 (an hour apart); course 101 with two, one completed by user 21; course 104
 * with completion on and no criteria.
 */
async function completedSite({ report = false, adminZone, reportZone, criteria101 = 2 } = {}) {
  const site = await makeSite({ config: await fullConfig() });
  const synced = await site.run();
  assert.equal(synced.exit_code, 0);
  const moodleId = (resource, id) => Number(entity(synced, resource, id).moodle_id);
  const course = (nid) => moodleId('node--course', nid);
  const user = (uid) => moodleId('user--user', uid);
  const { completion } = site.sim;
  const pages = (courseid) => [1, 2].map((n) => completion.addActivity(courseid, { modname: 'page', name: `Page ${n}`, tracking: 1 }));
  const [a1, a2] = pages(course(100));
  completion.setCriteria(course(100), { activities: [a1, a2], aggregation: 1 });
  completion.complete(user(20), a1, { time: FIRST_DONE });
  completion.complete(user(20), a2, { time: DONE });
  const [b1, b2] = pages(course(101));
  completion.setCriteria(course(101), { activities: [b1, b2].slice(0, criteria101), aggregation: 1 });
  completion.complete(user(21), b1, { time: TEST_NOW - 600 });
  pages(course(104));
  completion.runTask();
  if (report) {
    // The report shows dates in the token user's time zone.
    if (adminZone) await site.moodle('core_user_update_users', { users: [{ id: 2, timezone: adminZone }] });
    const reportId = completion.createReport({});
    const config = JSON.parse(await readFile(site.configFile, 'utf8'));
    config.components.completion.report_id = reportId;
    if (reportZone) config.components.completion.report_timezone = reportZone;
    await writeFile(site.configFile, JSON.stringify(config, null, 2));
  }
  await chmod(path.join(site.exportDir, 'registrations.json'), 0o600);
  return site;
}

async function registrations(site) {
  const doc = await site.readExport('registrations.json');
  return Object.fromEntries(doc.data.map((r) => [r.attributes.drupal_internal__registration_id, r.attributes]));
}

const fields = (a) => ({ completed: a.field_completed, date: a.field_completed_date, activities: a.field_completed_activities });

async function pull(site, options = {}) {
  const prepared = await prepareRun(core, site.configFile, { env: site.env });
  return (await runCompletionPull(core, prepared, { now: TEST_NOW, ...options })).report;
}

for (const report of [false, true]) {
  test(`pull ${report ? 'through the custom report' : 'with one status call per registration'}: the fields appear, the file keeps its mode, a second pull writes nothing`, async () => {
    const site = await completedSite({ report, adminZone: 'Europe/Paris', reportZone: 'Europe/Paris' });
    try {
      const file = path.join(site.exportDir, 'registrations.json');
      const untouched = await readFile(file);
      const plan = await pull(site, { dryRun: true });
      assert.deepEqual(await readFile(file), untouched, 'a dry run writes nothing');
      assert.ok(JSON.stringify(plan).includes(rfc(DONE)), 'the plan shows the new date');

      site.sim.resetCallLog();
      const first = await pull(site);
      assert.equal(first.exit_code, 0, JSON.stringify(first.notes ?? first.fatal ?? ''));
      const regs = await registrations(site);
      // The course completion time is the latest criterion time.
      assert.deepEqual(fields(regs[REG.anna]), { completed: true, date: rfc(DONE), activities: 2 });
      assert.deepEqual(fields(regs[REG.second]), { completed: false, date: null, activities: 1 });
      // A teacher is not tracked by completion (Moodle refuses its status: usernotenroled): skipped
      // by its role, though the report shows it like a learner who has not started.
      assert.deepEqual(fields(regs[REG.teacher]), { completed: null, date: null, activities: null }, 'a teacher is not tracked: skipped');
      assert.deepEqual(fields(regs[REG.other]), { completed: null, date: null, activities: null }, 'no criteria: skipped (nocriteriaset)');
      assert.equal((await stat(file)).mode & 0o777, 0o600, '0600 stays 0600');
      const called = site.sim.callLog.map((c) => c.wsfunction);
      assert.equal(called.includes('core_reportbuilder_retrieve_report'), report);
      assert.ok(!called.some((f) => /create|update|enrol_manual|override/.test(f ?? '')), 'nothing written to Moodle');

      const bytes = await readFile(file);
      const { mtimeMs } = await stat(file);
      site.sim.resetCallLog();
      const second = await pull(site);
      assert.equal(second.exit_code, 0);
      if (report) {
        // The report's date, read in the report's time zone, is in the minute Drupal records: no
        // exact-date call; the one status call per course (does it have criteria?) remains.
        const statusCalls = site.sim.callLog.filter((c) => c.wsfunction === 'core_completion_get_course_completion_status');
        assert.equal(statusCalls.length, 3, 'one per course read (100, 101, 104)');
      }
      assert.deepEqual(await readFile(file), bytes);
      assert.equal((await stat(file)).mtimeMs, mtimeMs, 'the export was not rewritten');
    } finally {
      await site.close();
    }
  });
}

test('a report read in the wrong time zone still writes the exact date', async () => {
  const site = await completedSite({ report: true, adminZone: 'Europe/Paris', reportZone: 'UTC' });
  try {
    await pull(site);
    assert.deepEqual(fields((await registrations(site))[REG.anna]), { completed: true, date: rfc(DONE), activities: 2 });
    site.sim.resetCallLog();
    await pull(site);
    const statusCalls = site.sim.callLog.filter((c) => c.wsfunction === 'core_completion_get_course_completion_status');
    // The course's status call reads user 20 (its first registration) and serves it: the exact date
    // whatever the minute shown (a later complete registration would cost one call more: the vectors show it).
    assert.equal(statusCalls.length, 3, 'one per course read (100, 101, 104)');
  } finally {
    await site.close();
  }
});

test('what the report cannot show is read as the status calls read it: 100% of a completed course, a teacher, a course without criteria', async () => {
  // Course 101's criteria ask for one page of two: user 21 completes the course with 1 of 2 tracked
  // activities, and the report's "Student progress" says 100.0%.
  const got = {};
  for (const report of [false, true]) {
    const site = await completedSite({ report, criteria101: 1 });
    try {
      site.sim.resetCallLog();
      const first = await pull(site);
      assert.equal(first.exit_code, 0, JSON.stringify(first.notes ?? first.fatal ?? ''));
      const regs = await registrations(site);
      got[report] = Object.fromEntries(Object.entries(REG).map(([who, id]) => [who, fields(regs[id])]));
      assert.deepEqual(got[report].second, { completed: true, date: rfc(TEST_NOW - 600), activities: 1 }, `report ${report}`);
      assert.deepEqual(got[report].teacher, { completed: null, date: null, activities: null }, `report ${report}: the teacher's role is not tracked`);
      assert.deepEqual(got[report].other, { completed: null, date: null, activities: null }, `report ${report}: no criteria`);
      assert.ok(first.entities.some((e) => e.outcome === 'skipped' && /not tracked by completion in Moodle/.test(JSON.stringify(e))), 'the teacher is skipped for its role');
      if (report) {
        // Course 104 has no criteria: its status call tells, and its report is not read (2 courses + the reset).
        assert.equal(site.sim.callLog.filter((c) => c.wsfunction === 'core_reportbuilder_set_filters').length, 3);
      }
    } finally {
      await site.close();
    }
  }
  assert.deepEqual(got[true], got[false], 'the report and the status calls give the same fields');
});

test('completion pull on the command line: the report as JSON, --since leaves what Drupal records as complete before it', async () => {
  const site = await completedSite();
  try {
    const first = await runCli(['completion', 'pull', '-c', site.configFile, '--json'], site.env);
    assert.equal(first.code, 0, first.stderr);
    const report = JSON.parse(first.stdout);
    assert.ok(report.entities.some((e) => e.resource === 'registration--course_registration'), 'per registration');
    assert.equal(fields((await registrations(site))[REG.anna]).completed, true);

    const statusCalls = () => site.sim.callLog.filter((c) => c.wsfunction === 'core_completion_get_course_completion_status').length;
    site.sim.resetCallLog();
    const all = await runCli(['completion', 'pull', '-c', site.configFile], site.env);
    assert.equal(all.code, 0, all.stderr);
    const everyone = statusCalls();
    site.sim.resetCallLog();
    // Drupal records user 20's completion (three hours before TEST_NOW): not read again; the others are.
    const since = await runCli(['completion', 'pull', '-c', site.configFile, '--since', rfc(TEST_NOW)], site.env);
    assert.equal(since.code, 0, since.stderr);
    assert.equal(statusCalls(), everyone - 1);
    const dry = await runCli(['completion', 'pull', '-c', site.configFile, '--dry-run'], site.env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Plan \(dry run, nothing written\)/);
  } finally {
    await site.close();
  }
});
