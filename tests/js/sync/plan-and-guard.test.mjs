// Observe, plan, apply: the plan is one pure function of the export and Moodle's answers (the
// preview is that function against an empty Moodle), and the removal guard, decided on the plan,
// stops a run that would take away too much before anything is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, EXAMPLE, fullConfig, makePeopleSite, makeSite } from './harness.mjs';
import { loadConfigFile } from '../../../js/host/config-file.mjs';
import { readFileExport } from '../../../js/source/file-export.mjs';
import { prepareRun, runSync } from '../../../js/host/sync-run.mjs';
import path from 'node:path';

async function exampleInput() {
  const config = await loadConfigFile(core, path.join(EXAMPLE, 'moodle-sync.json'));
  const source = await readFileExport(config.sourcePath);
  return { text: config.text, file: config.file, documents: source.documents, ...source.siteInput() };
}

test('preview of the example site lists its enrolments with the calls that would make them', async () => {
  const preview = core.call('preview', await exampleInput());
  assert.ok(preview.ok, JSON.stringify(preview.error));
  const enrolments = preview.value.entities.filter((e) => e.component === 'enrolments' && e.intent === 'create');
  assert.equal(enrolments.length, 5);
  for (const e of enrolments) assert.deepEqual(e.calls, ['enrol_manual_enrol_users']);
  const users = preview.value.entities.filter((e) => e.component === 'users' && e.intent === 'create');
  assert.ok(users.length > 0 && users.every((e) => e.calls[0] === 'core_user_create_users'));
  assert.equal(preview.value.removal_guard.verdict, 'pass');
});

test('preview is the plan with an empty snapshot', async () => {
  const input = await exampleInput();
  assert.deepEqual(core.plan({ ...input, snapshot: {} }), core.call('preview', input).value);
});

test('plan against the simulator is the plan function of what observe read', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    await site.run();
    await site.editExport('courses.json', (doc) => { doc.data[0].attributes.title += ' (new title)'; });
    const planned = await site.run({ dryRun: true });
    const prepared = await prepareRun(core, site.configFile, { env: site.env });
    const input = { text: prepared.config.text, file: prepared.config.file, documents: prepared.source.documents, ...prepared.source.siteInput(), journal: await prepared.journal.load() };
    const { snapshot } = await core.observe(input, (action) => prepared.client.send(action.body));
    assert.deepEqual(core.plan({ ...input, snapshot }), planned);
    assert.ok(planned.entities.some((e) => e.intent === 'update' && e.changes.fullname && e.calls.includes('core_course_update_courses')));
  } finally {
    await site.close();
  }
});

test('a sync sends each read of observe once: apply answers them from the snapshot', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    await site.run();
    site.sim.resetCallLog();
    const report = await site.run();
    assert.equal(report.exit_code, 0);
    assert.deepEqual(site.writeCalls(), []);
    assert.equal(site.sim.callLog.length, report.calls.total, 'the calls counted are the calls Moodle received');
  } finally {
    await site.close();
  }
});

const peopleSite = (patch) => makePeopleSite({ categories: 2, courses: 20, users: 390, cohorts: 5, enrolments: 1165 }, patch);

async function suspendedUsers(site) {
  const all = await site.moodle('core_user_get_users', { criteria: [{ key: 'auth', value: 'manual' }] });
  return all.users.filter((u) => u.suspended).length;
}

test('half a users file with deleted: suspend stops before writing, unless removals are allowed', async () => {
  const site = await peopleSite((c) => { c.components.users.deleted = 'suspend'; });
  try {
    assert.equal((await site.run()).exit_code, 0);
    await site.editExport('users.json', (doc) => { doc.data = doc.data.slice(0, 200); });
    site.sim.resetCallLog();
    const stopped = await site.run();
    assert.equal(stopped.exit_code, 2);
    assert.equal(stopped.removal_guard.verdict, 'stop');
    const users = stopped.removal_guard.kinds.find((k) => k.component === 'users');
    assert.deepEqual([users.removals, users.managed, users.over], [190, 390, true]);
    assert.match(stopped.removal_guard.message, /nothing was written.*users: suspend 190 of 390 \(49 %\).*--allow-removals/);
    assert.deepEqual(site.writeCalls(), [], 'nothing is written');
    assert.equal(await suspendedUsers(site), 0);
    const allowed = await site.run({ allowRemovals: true });
    assert.equal(allowed.removal_guard.verdict, 'allowed');
    assert.equal(await suspendedUsers(site), 190);
  } finally {
    await site.close();
  }
});

test('a plan made while a read failed is never applied: a truncated users file suspends no one even when Moodle recovers', async () => {
  const site = await peopleSite((c) => {
    c.components.users.deleted = 'suspend';
    c.moodle.retry_delay_ms = 1;
  });
  try {
    assert.equal((await site.run()).exit_code, 0);
    await site.editExport('users.json', (doc) => { doc.data = doc.data.slice(0, 200); });
    // Moodle is busy for the users read of observe (every retry included), then recovers: the
    // plan saw no account, so its removal guard counted nothing, and it must not be applied.
    const prepared = await prepareRun(core, site.configFile, { env: site.env });
    const send = prepared.client.send;
    let busy = 0;
    prepared.client.send = async (body, options) => {
      if (/wsfunction=core_user_get_users&/.test(body) && busy < 4) {
        busy += 1;
        return { status: 503, body: 'busy' };
      }
      return send(body, options);
    };
    site.sim.resetCallLog();
    const report = await runSync(core, prepared, {});
    assert.equal(busy, 4);
    assert.equal(report.apply, false);
    assert.match(report.fatal.message, /reading .* failed/);
    assert.notEqual(report.exit_code, 0);
    assert.deepEqual(site.writeCalls(), [], 'nothing is written');
    assert.equal(await suspendedUsers(site), 0);
  } finally {
    await site.close();
  }
});

test('half a registrations file with removal: unenrol stops before writing, unless removals are allowed', async () => {
  const site = await peopleSite((c) => { c.components.enrolments.removal = 'unenrol'; });
  try {
    assert.equal((await site.run()).exit_code, 0);
    await site.editExport('registrations.json', (doc) => { doc.data = doc.data.slice(0, 576); });
    site.sim.resetCallLog();
    const stopped = await site.run();
    assert.equal(stopped.exit_code, 2);
    const enrolments = stopped.removal_guard.kinds.find((k) => k.component === 'enrolments');
    assert.deepEqual([enrolments.removals, enrolments.managed, enrolments.by_intent], [589, 1165, { unenrol: 589 }]);
    assert.deepEqual(site.writeCalls(), [], 'nothing is written');
    const allowed = await site.run({ allowRemovals: true });
    assert.equal(allowed.summary.deleted, 589);
    assert.ok(site.writeCalls().some((c) => c.wsfunction === 'enrol_manual_unenrol_users'));
  } finally {
    await site.close();
  }
});
