// The moodle-sync command as a user runs it: output, exit codes, and no secret in either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../cli/moodle-sync.mjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/northfield/moodle-sync.json', import.meta.url));

function run(args, env = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

test('preview plans the bundled site against an empty Moodle, enrolments included, without reading Moodle', async () => {
  const r = await run(['preview', '-c', EXAMPLE]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Site guard: writes allowed/);
  assert.match(r.stdout, /would be created +taxonomy_term--course_categories 1/);
  assert.match(r.stdout, /courses +7 +6 would be created, 1 ignored/);
  assert.match(r.stdout, /== enrolments\n +would be created +registration--course_registration 500/);
  const verbose = await run(['preview', '-c', EXAMPLE, '--verbose']);
  assert.match(verbose.stdout, /ignored +node--course 106/);
  const json = await run(['preview', '-c', EXAMPLE, '--json']);
  const plan = JSON.parse(json.stdout);
  assert.equal(plan.calls.total, 0, 'Moodle is not read');
  const users = plan.entities.filter((e) => e.component === 'users' && e.intent === 'create');
  assert.ok(users.length > 0 && users.every((e) => e.calls[0] === 'core_user_create_users'));
  assert.ok(plan.entities.some((e) => e.component === 'enrolments' && e.intent === 'create'));
});

test('demo plans, syncs the example into the simulator, then writes nothing the second time', async () => {
  const r = await run(['demo', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const { plan, sync, resync } = JSON.parse(r.stdout);
  const reads = ['core_cohort_get_cohorts', 'core_course_get_categories', 'core_course_get_courses', 'core_user_get_users', 'core_user_get_users_by_field'];
  assert.equal(plan.dry_run, true);
  assert.equal(plan.summary.created, 24, '4 categories, 2 templates, 6 courses, 5 users, 2 cohorts, 5 enrolments');
  assert.deepEqual(Object.keys(plan.calls.by_function).sort(), reads);
  assert.equal(sync.summary.created, 24);
  assert.equal(sync.summary.updated, 2, 'the two cohorts get their members');
  assert.equal(sync.summary.failed, 0);
  assert.equal(sync.calls.by_function.core_course_duplicate_course, 2);
  assert.deepEqual(resync.summary, { created: 0, adopted: 0, updated: 0, unchanged: 26, ignored: 2, stale: 0, blocked: 0, failed: 0, deleted: 0, skipped: 0 });
  assert.deepEqual(Object.keys(resync.calls.by_function).sort(), [...reads, 'core_cohort_get_cohort_members'].sort(), 'only reads');
  const { completion, completion_fields: fields } = JSON.parse(r.stdout);
  assert.equal(completion.summary.failed, 0);
  assert.deepEqual(fields.map((f) => f.label), ['registration 500 (anna.schmidt, DE-A1)', 'registration 501 (jose.garcia, FR-B1)', 'registration 503 (o.brien, RD-ETH)']);
  const text = await run(['demo']);
  assert.match(text.stdout, /######## 3\. Sync again/);
  assert.match(text.stdout, /######## 4\. Completions[^]*registration 501 \(jose\.garcia, FR-B1\): field_completed false, field_completed_activities 1/);
});

test('validate names the file and every JSON path, exits 2, never prints the token', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'msync-'));
  const file = path.join(dir, 'broken.json');
  await writeFile(file, JSON.stringify({ site: { urls: ['https://a.example'] }, source: { path: '.' },
    moodle: { url: 'https://m.example', token: 'SECRET-TOKEN-123', max_input_vars: 'lots' },
    components: { courses: { bundle: 'course', category: { fixed: 1 }, mapping: { shortname: 'code', fulname: 'title' } } } }));
  const r = await run(['validate', '-c', file]);
  assert.equal(r.code, 2);
  assert.ok(r.stderr.includes(`${file}: $.moodle.max_input_vars: wrong type: expected an integer, got string`), r.stderr);
  assert.ok(r.stderr.includes(`${file}: $.moodle.token: a token written in the file is refused`));
  assert.ok(r.stderr.includes(`${file}: $.components.courses.mapping.fulname: unknown Moodle field "fulname"`));
  assert.ok(!(r.stdout + r.stderr).includes('SECRET-TOKEN-123'));
});

test('a missing configuration file is named', async () => {
  const r = await run(['validate', '-c', '/nonexistent/moodle-sync.json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\/nonexistent\/moodle-sync\.json: cannot read the configuration \(ENOENT\)/);
});
