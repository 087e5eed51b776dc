// check, plan, sync and simulate as a user runs them: `node cli/moodle-sync.mjs ...` in a child
// process, against the Moodle simulator started in this process; exit codes, output, and what ends
// up in Moodle and in the export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLE, SITE_URL, entity, moodleIdOf, withSite } from '../sync/harness.mjs';
import { generatedConfig, generatedExport } from '../../../examples/generated-site.mjs';
import { firstLine, runCli, snapshot, startCli } from './cli-process.mjs';

/** The bundled example configuration with every component (what a user of the example checks). */
async function fullExampleConfig(patch = () => {}) {
  const config = JSON.parse(await readFile(path.join(EXAMPLE, 'moodle-sync.json'), 'utf8'));
  patch(config);
  return config;
}

/**
 * The example configuration with categories, templates and courses only: the counts below (4
 * categories + 2 templates + 6 courses = 12 entities) are about those.
 */
async function exampleConfig(patch = () => {}) {
  return fullExampleConfig((c) => {
    for (const name of Object.keys(c.components)) if (!['categories', 'templates', 'courses'].includes(name)) delete c.components[name];
    patch(c);
  });
}

const readCall = (c) => /_get_|get_site_info/.test(c.wsfunction ?? '');
const journalOf = (site) => `${site.exportDir}.moodle-sync-journal.jsonl`;

// ---------------------------------------------------------------------------------------------
// check

test('check with the admin token: every function is in the service and the site guard passes', async () => {
  const config = await fullExampleConfig();
  await withSite({ config }, async (site) => {
    const r = await runCli(['check', '-c', site.configFile], site.env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /FAIL/);
    assert.match(r.stdout, /^ok {4}Moodle: Lab .* as user admin$/m);
    // completion is pushed by Moodle to Drupal: it needs no web-service function, so no line.
    for (const component of ['site', ...Object.keys(config.components).filter((c) => c !== 'completion')]) {
      assert.match(r.stdout, new RegExp(`^ok {4}${component}: every function needed is in the service \\(\\d+\\)$`, 'm'), component);
    }
    assert.match(r.stdout, new RegExp(`^ok {4}Site guard: the source is ${SITE_URL}, a configured site$`, 'm'));
  });
});

test('check with a token of another service lists the missing functions per component', async () => {
  await withSite({ config: await fullExampleConfig() }, async (site) => {
    const r = await runCli(['check', '-c', site.configFile], { MOODLE_TOKEN: site.sim.tokens.otherservice });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    // That service has core_webservice_get_site_info only: the token works, nothing else is there.
    assert.match(r.stdout, /^ok {4}site: every function needed is in the service \(1\)$/m);
    const lacks = (component, functions) => assert.ok(
      r.stdout.includes(`FAIL  ${component}: the service lacks ${functions.join(', ')}\n`), `${component}\n${r.stdout}`);
    lacks('categories', ['core_course_get_categories', 'core_course_create_categories', 'core_course_update_categories']);
    lacks('templates', ['core_course_get_courses', 'core_course_create_courses', 'core_course_update_courses']);
    lacks('courses', ['core_course_get_courses', 'core_course_create_courses', 'core_course_update_courses', 'core_course_duplicate_course']);
    for (const [component, fn] of [['users', 'core_user_create_users'], ['cohorts', 'core_cohort_create_cohorts'], ['enrolments', 'enrol_manual_enrol_users']]) {
      assert.match(r.stdout, new RegExp(`^FAIL  ${component}: the service lacks .*\\b${fn}\\b`, 'm'), component);
    }
    assert.match(r.stdout, /See README\.md, "Set-up on the Moodle side"/);
  });
});

test('check with an unknown token: a credentials failure, and the token is never printed', async () => {
  const token = 'c0ffee00c0ffee00c0ffee00c0ffee00';
  await withSite({ config: await fullExampleConfig() }, async (site) => {
    const r = await runCli(['check', '-c', site.configFile], { MOODLE_TOKEN: token });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /^FAIL {2}Moodle at http:\/\/127\.0\.0\.1:\d+ refused the token: credentials: Invalid token - token not found$/m);
    assert.doesNotMatch(r.stdout, /every function needed/, 'no function is claimed present without a working token');
    assert.ok(!(r.stdout + r.stderr).includes(token), 'the token value is not in the output');
  });
});

test('check with a configuration that does not list the export\'s site: the guard fails with its reason', async () => {
  const config = await fullExampleConfig((c) => { c.site.urls = ['https://staging.northfield.example']; });
  await withSite({ config }, async (site) => {
    const r = await runCli(['check', '-c', site.configFile], site.env);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const guard = r.stdout.split('\n').find((l) => l.startsWith('FAIL  Site guard: '));
    assert.ok(guard, r.stdout);
    assert.ok(guard.includes(`the source is ${SITE_URL}, which is not a configured site (https://staging.northfield.example)`), guard);
    assert.doesNotMatch(r.stdout, /^ok {4}Site guard/m);
  });
});

// ---------------------------------------------------------------------------------------------
// plan

test('plan writes nothing, reads Moodle only, and shows changed fields as old -> new', async () => {
  await withSite({}, async (site) => {
    // A synced site whose Drupal side then changed: the plan has an update with an old value to show.
    const first = await site.run();
    assert.equal(first.summary.failed, 0);
    const before = moodleIdOf(await site.readExport('courses.json'), 101);
    await site.editExport('courses.json', (doc) => {
      doc.data.find((n) => n.attributes.drupal_internal__nid === 101).attributes.title = 'Français avancé';
    });
    const exportBefore = await snapshot(site.exportDir);
    const dirBefore = (await readdir(site.dir)).sort();
    site.sim.resetCallLog();

    const r = await runCli(['plan', '-c', site.configFile, '--json'], site.env);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout);
    assert.equal(plan.dry_run, true);
    const course = entity(plan, 'node--course', 101);
    assert.equal(course.outcome, 'updated');
    assert.equal(String(course.moodle_id), before);
    assert.deepEqual(course.changes.fullname, { old: 'Français intermédiaire', new: 'Français avancé' });
    assert.equal(plan.summary.updated, 1);

    const text = await runCli(['plan', '-c', site.configFile], site.env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`would be updated +node--course 101 \\(moodle id ${before}\\)\\n +fullname: "Français intermédiaire" -> "Français avancé"\\n`));
    assert.match(text.stdout, /Plan \(dry run, nothing written\)/);

    // Nothing written anywhere: the export byte for byte, no new file beside it, only reads in Moodle.
    assert.deepEqual(await snapshot(site.exportDir), exportBefore);
    assert.deepEqual((await readdir(site.dir)).sort(), dirBefore);
    assert.ok(site.sim.callLog.length > 0);
    assert.deepEqual(site.sim.callLog.filter((c) => !readCall(c)), [], 'only read calls');
  });
});

// ---------------------------------------------------------------------------------------------
// sync

test('sync --json on the example: exit 0 and the documented report', async () => {
  await withSite({}, async (site) => {
    const r = await runCli(['sync', '-c', site.configFile, '--json'], site.env);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    for (const key of ['summary', 'entities', 'calls']) assert.ok(key in report, key);
    for (const key of ['created', 'adopted', 'updated', 'unchanged', 'ignored', 'stale', 'blocked', 'failed']) {
      assert.equal(typeof report.summary[key], 'number', key);
    }
    assert.equal(report.summary.failed, 0);
    assert.equal(report.summary.created, 12);
    for (const e of report.entities) {
      for (const key of ['resource', 'id', 'component', 'outcome', 'moodle_id', 'changes', 'error']) assert.ok(key in e, `${key} in ${JSON.stringify(e)}`);
    }
    // The calls counted are the calls Moodle saw.
    assert.deepEqual(Object.keys(report.calls).sort(), ['by_function', 'total']);
    assert.equal(report.calls.total, Object.values(report.calls.by_function).reduce((a, b) => a + b, 0));
    assert.equal(report.calls.total, site.sim.callLog.length);
    // Written back: the export now holds the moodle id of each course.
    const created = entity(report, 'node--course', 101);
    assert.equal(moodleIdOf(await site.readExport('courses.json'), 101), String(created.moodle_id));
  });
});

test('sync exits 1 when one entity fails, and syncs the others', async () => {
  await withSite({}, async (site) => {
    await site.editExport('courses.json', (doc) => {
      doc.data.find((n) => n.attributes.drupal_internal__nid === 102).attributes.field_start_date = 'early spring';
    });
    const r = await runCli(['sync', '-c', site.configFile, '--json'], site.env);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.summary.failed, 1);
    assert.equal(report.summary.created, 11);
    const bad = entity(report, 'node--course', 102);
    assert.equal(bad.outcome, 'failed');
    assert.equal(bad.moodle_id, null);
    assert.match(bad.error.message, /field startdate .*"early spring" is not an ISO 8601 date/);
    assert.equal((await site.courses()).some((c) => c.idnumber === 'course-102'), false);
  });
});

test('sync without a token exits 2 naming the environment variable, before calling Moodle', async () => {
  const config = await exampleConfig((c) => { c.moodle.token_env = 'NORTHFIELD_MOODLE_TOKEN'; });
  await withSite({ config }, async (site) => {
    const r = await runCli(['sync', '-c', site.configFile, '--json'], {});
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /no Moodle token: set the environment variable NORTHFIELD_MOODLE_TOKEN/);
    assert.equal(site.sim.callLog.length, 0);
  });
});

test('sync exits 2 when the site guard blocks, and writes nothing', async () => {
  const config = await exampleConfig((c) => { c.site.urls = ['https://staging.northfield.example']; });
  await withSite({ config }, async (site) => {
    const exportBefore = await snapshot(site.exportDir);
    const r = await runCli(['sync', '-c', site.configFile, '--json'], site.env);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.site_guard.writes_allowed, false);
    assert.match(report.site_guard.reason, /which is not a configured site/);
    assert.equal(report.summary.created, 0);
    assert.equal(report.summary.blocked, 12, 'each entity reported with what it would have done');
    assert.deepEqual(site.writeCalls(), []);
    assert.deepEqual(await snapshot(site.exportDir), exportBefore);
  });
});

// ---------------------------------------------------------------------------------------------
// a sync killed for real

/**
 * Resolves once the journal holds a course record; fails if the child ends first. `deadline` is on
 * the monotonic clock (performance.now()), which no change of the wall clock moves.
 */
async function journalHasCourse(file, started, deadline) {
  let ended = false;
  started.exited.then(() => { ended = true; });
  while (performance.now() < deadline) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.includes('"node--course"')) return;
    assert.ok(!ended, `the sync ended before the journal had a course record: ${started.output().slice(0, 300)}`);
    await sleep(5);
  }
  assert.fail('no course record in the journal in time');
}

test('sync killed with SIGKILL mid-run, then run again: every course once, every moodle id in the export', async () => {
  // 150 course batches of 20: the run takes long enough to be killed in the middle of it.
  const files = generatedExport({ categories: 30, courses: 3000 });
  const config = generatedConfig(await exampleConfig(), { maxBatchItems: 20 });
  await withSite({ config, files }, async (site) => {
    const started = startCli(['sync', '-c', site.configFile, '--json'], site.env);
    try {
      // Waiting for a course record (not just the categories') puts the kill among the course
      // batches, where Moodle holds courses whose ids have reached the journal but not the export.
      await journalHasCourse(journalOf(site), started, performance.now() + 15_000);
    } finally {
      started.child.kill('SIGKILL');
    }
    const killed = await started.exited;
    assert.equal(killed.signal, 'SIGKILL');
    const atKill = (await site.courses()).length;
    assert.ok(atKill > 0 && atKill < 3000, `the kill landed mid-run (${atKill} courses in Moodle)`);
    assert.ok((await stat(journalOf(site))).size > 0);

    const r = await runCli(['sync', '-c', site.configFile, '--json'], site.env);
    assert.equal(r.code, 0, r.stderr);
    const { summary } = JSON.parse(r.stdout);
    assert.equal(summary.failed, 0);
    // What the killed run made is taken over (its 30 categories and its courses), the rest created:
    // an id the journal kept is the killed run's creation, reported "created (recovered)"; a course
    // whose answer the kill cut off is found by its idnumber (adopted).
    const recovered = summary['created (recovered)'] ?? 0;
    assert.ok(recovered >= 30, `the journaled categories and courses are created (recovered): ${JSON.stringify(summary)}`);
    assert.equal(summary.adopted + recovered, 30 + atKill);
    assert.equal(summary.created, 3000 - atKill);

    const courses = await site.courses();
    assert.equal(courses.length, 3000, 'no duplicate course, none missing');
    const byIdnumber = new Map(courses.map((c) => [c.idnumber, c.id]));
    assert.equal(byIdnumber.size, 3000, 'idnumbers are unique');
    const exported = await site.readExport('courses.json');
    for (const node of exported.data) {
      const nid = node.attributes.drupal_internal__nid;
      assert.equal(node.attributes.field_moodle_id, String(byIdnumber.get(`course-${nid}`)), `node ${nid}`);
    }
    const categories = (await site.categories()).filter((c) => c.idnumber?.startsWith('category-'));
    assert.equal(categories.length, 30, 'no duplicate category');
  });
});

// ---------------------------------------------------------------------------------------------
// simulate

/** A form POST to the simulator's REST endpoint, as any Moodle client sends it. */
async function restCall(url, token, wsfunction, params = {}) {
  const body = new URLSearchParams({ wstoken: token, wsfunction, moodlewsrestformat: 'json', ...params });
  const response = await fetch(`${url}/webservice/rest/server.php`, { method: 'POST', body });
  return response.json();
}

test('simulate prints one JSON line, serves the tokens, and keeps its state across a restart', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-simulate-'));
  const state = path.join(dir, 'state.json');
  const runs = [];
  const start = async () => {
    const started = startCli(['simulate', '--port', '0', '--state', state]);
    runs.push(started);
    return { started, info: JSON.parse(await firstLine(started)) };
  };
  const stop = async (started) => {
    started.child.kill('SIGTERM');
    const r = await started.exited;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 1, `exactly one line: ${r.stdout}`);
  };
  try {
    const first = await start();
    assert.deepEqual(Object.keys(first.info).sort(), ['tokens', 'url']);
    assert.match(first.info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(Object.keys(first.info.tokens).sort(), ['admin', 'nocap', 'otherservice']);
    const { admin } = first.info.tokens;

    const site = await restCall(first.info.url, admin, 'core_webservice_get_site_info');
    assert.equal(site.username, 'admin');
    const [created] = await restCall(first.info.url, admin, 'core_course_create_categories', {
      'categories[0][name]': 'Kept across restarts', 'categories[0][idnumber]': 'restart-1',
    });
    assert.ok(created.id > 1, JSON.stringify(created));
    await stop(first.started);

    const second = await start();
    assert.deepEqual(second.info.tokens, first.info.tokens, 'a configured token keeps working');
    const categories = await restCall(second.info.url, admin, 'core_course_get_categories');
    const kept = categories.find((c) => c.idnumber === 'restart-1');
    assert.equal(kept?.id, created.id);
    assert.equal(kept.name, 'Kept across restarts');
    await stop(second.started);
  } finally {
    for (const r of runs) r.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});
