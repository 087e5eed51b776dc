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
const rfc = (s) => new Date(s * 1000).toISOString().replace('.000Z', '+00:00');

/**
 * The example synced into the simulator, then: course 100 with two activities as criteria, both
 * completed by user 20 (an hour apart); course 101 with two, one completed by user 21; course 104
 * with completion on and no criteria.
 */
async function completedSite({ report = false } = {}) {
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
  completion.complete(user(20), a1, { time: TEST_NOW - 7200 });
  completion.complete(user(20), a2, { time: TEST_NOW - 3600 });
  const [b1, b2] = pages(course(101));
  completion.setCriteria(course(101), { activities: [b1, b2], aggregation: 1 });
  completion.complete(user(21), b1, { time: TEST_NOW - 600 });
  pages(course(104));
  completion.runTask();
  if (report) {
    const reportId = completion.createReport({});
    const config = JSON.parse(await readFile(site.configFile, 'utf8'));
    config.components.completion.report_id = reportId;
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
    const site = await completedSite({ report });
    try {
      const file = path.join(site.exportDir, 'registrations.json');
      const untouched = await readFile(file);
      const plan = await pull(site, { dryRun: true });
      assert.deepEqual(await readFile(file), untouched, 'a dry run writes nothing');
      assert.ok(JSON.stringify(plan).includes(rfc(TEST_NOW - 3600)), 'the plan shows the new date');

      site.sim.resetCallLog();
      const first = await pull(site);
      assert.equal(first.exit_code, 0, JSON.stringify(first.notes ?? first.fatal ?? ''));
      const regs = await registrations(site);
      // The course completion time is the latest criterion time.
      assert.deepEqual(fields(regs[REG.anna]), { completed: true, date: rfc(TEST_NOW - 3600), activities: 2 });
      assert.deepEqual(fields(regs[REG.second]), { completed: false, date: null, activities: 1 });
      assert.deepEqual(fields(regs[REG.teacher]), { completed: null, date: null, activities: null }, 'a teacher is not tracked: skipped');
      assert.deepEqual(fields(regs[REG.other]), { completed: null, date: null, activities: null }, 'no criteria: skipped');
      assert.equal((await stat(file)).mode & 0o777, 0o600, '0600 stays 0600');
      const called = site.sim.callLog.map((c) => c.wsfunction);
      assert.equal(called.includes('core_reportbuilder_retrieve_report'), report);
      assert.ok(!called.some((f) => /create|update|enrol_manual|override/.test(f ?? '')), 'nothing written to Moodle');

      const bytes = await readFile(file);
      const { mtimeMs } = await stat(file);
      const second = await pull(site);
      assert.equal(second.exit_code, 0);
      assert.deepEqual(await readFile(file), bytes);
      assert.equal((await stat(file)).mtimeMs, mtimeMs, 'the export was not rewritten');
    } finally {
      await site.close();
    }
  });
}

test('completion pull on the command line: the report as JSON, --since leaves what Drupal records as complete before it', async () => {
  const site = await completedSite();
  try {
    const first = await runCli(['completion', 'pull', '-c', site.configFile, '--json'], site.env);
    assert.equal(first.code, 0, first.stderr);
    const report = JSON.parse(first.stdout);
    assert.ok(report.entities.some((e) => e.resource === 'registration--course_registration'), 'per registration');
    assert.equal(fields((await registrations(site))[REG.anna]).completed, true);

    site.sim.resetCallLog();
    const since = await runCli(['completion', 'pull', '-c', site.configFile, '--since', rfc(TEST_NOW), '--json'], site.env);
    assert.equal(since.code, 0, since.stderr);
    const statusCalls = site.sim.callLog.filter((c) => c.wsfunction === 'core_completion_get_course_completion_status').length;
    assert.ok(statusCalls >= 1, 'the others are read');
    const dry = await runCli(['completion', 'pull', '-c', site.configFile, '--dry-run'], site.env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Plan \(dry run, nothing written\)/);
  } finally {
    await site.close();
  }
});
