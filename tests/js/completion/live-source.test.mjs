// Completions written to a live Drupal site (the Drupal simulator): the pull reads the
// registrations through JSON:API and sends ONE PATCH per registration carrying every changed field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, makeLiveSite, noWait } from '../source-jsonapi/live-harness.mjs';
import { prepareRun } from '../../../js/host/sync-run.mjs';
import { runCompletionPull, runCompletionPush } from '../../../js/host/completion-run.mjs';
import { entity } from '../sync/harness.mjs';
import { defaultAccounts } from '../../../drupal-simulator/accounts.mjs';
import { TEST_NOW } from '../test-clock.mjs';

const ANNA_DE = 'f91b2000-36b5-561c-986c-b7c23abe917f';  // registration 500: user 20 in course 100
const rfc = (s) => new Date(s * 1000).toISOString().replace('.000Z', '+00:00');

// The example's courses have no activity-total field: only the registration fields are written.
const withoutCourseTotal = (c) => {
  delete c.components.completion.course_total_field;
  return c;
};

// The sync account may edit the moodle ids and, on registrations, the completion fields.
const COMPLETION_FIELDS = ['field_completed', 'field_completed_date', 'field_completed_activities'];
const completionAccount = () => defaultAccounts({
  editable: { '*': ['field_moodle_id'], 'registration--course_registration': ['field_moodle_id', ...COMPLETION_FIELDS] },
});
const liveSite = (accounts = completionAccount()) => makeLiveSite({ config: withoutCourseTotal, drupal: { accounts } });

async function liveSiteWithCompletion() {
  const live = await liveSite();
  const synced = await live.run();
  assert.equal(synced.exit_code, 0);
  const id = (resource, n) => Number(entity(synced, resource, n).moodle_id);
  const { completion } = live.sim;
  const [a1, a2] = [1, 2].map((n) => completion.addActivity(id('node--course', 100), { modname: 'page', name: `Page ${n}`, tracking: 1 }));
  completion.setCriteria(id('node--course', 100), { activities: [a1, a2], aggregation: 1 });
  completion.complete(id('user--user', 20), a1, { time: TEST_NOW - 7200 });
  completion.complete(id('user--user', 20), a2, { time: TEST_NOW - 3600 });
  completion.runTask();
  return live;
}

/** A registration as Drupal now holds it, read through JSON:API. */
async function drupalRegistration(live, uuid) {
  const { username, password } = live.drupal.credentials;
  const response = await fetch(`${live.drupal.url}/jsonapi/registration/course_registration/${uuid}`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  return (await response.json()).data.attributes;
}

const completionFields = (a) => ({ completed: a.field_completed, date: a.field_completed_date, activities: a.field_completed_activities });

async function prepared(live) {
  return prepareRun(core, live.configFile, { env: live.env, wait: noWait });
}

test('a pull from a live site: one PATCH per registration with all its fields, checked by the core; a second pull sends none', async () => {
  const live = await liveSiteWithCompletion();
  try {
    const before = live.drupal.calls.length;
    const { report } = await runCompletionPull(core, await prepared(live), { now: TEST_NOW });
    assert.equal(report.exit_code, 0, JSON.stringify(report.fatal ?? ''));
    const patches = live.patches(before);
    assert.equal(patches.filter((p) => p.path.includes(ANNA_DE)).length, 1, 'one PATCH for the registration');
    assert.deepEqual(completionFields(await drupalRegistration(live, ANNA_DE)), { completed: true, date: rfc(TEST_NOW - 3600), activities: 2 });
    const reads = live.drupal.calls.slice(before).filter((c) => c.method === 'GET');
    assert.ok(reads.length >= 1, 'the registrations are read through JSON:API');

    const again = live.drupal.calls.length;
    const second = await runCompletionPull(core, await prepared(live), { now: TEST_NOW });
    assert.equal(second.report.exit_code, 0);
    assert.deepEqual(live.patches(again), [], 'nothing changed: no PATCH');
  } finally {
    await live.close();
  }
});

test('a push to a live site: the plugin form written with one PATCH', async () => {
  const live = await liveSite();
  try {
    const before = live.drupal.calls.length;
    const body = JSON.stringify({ 100: { users: { 20: { course_completed: true, course_completed_date: TEST_NOW - 60, completed: 4 } } } });
    const { answer } = await runCompletionPush(core, await prepared(live), { body, contentType: 'application/json', now: TEST_NOW });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.message, 'Updated 0 nodes and 1 registrations');
    const patches = live.patches(before);
    assert.deepEqual(patches.map((p) => p.path), [`/jsonapi/registration/course_registration/${ANNA_DE}`], 'one PATCH');
    assert.deepEqual(completionFields(await drupalRegistration(live, ANNA_DE)), { completed: true, date: rfc(TEST_NOW - 60), activities: 4 });
  } finally {
    await live.close();
  }
});

test('an account that may not edit the completion fields: the run stops with a credentials error naming the field, the sender gets 500', async () => {
  const live = await liveSite(defaultAccounts());
  try {
    const body = JSON.stringify({ 100: { users: { 20: { course_completed: true, course_completed_date: TEST_NOW - 60, completed: 4 } } } });
    const { report, answer } = await runCompletionPush(core, await prepared(live), { body, contentType: 'application/json', now: TEST_NOW });
    assert.equal(report.exit_code, 2);
    assert.equal(report.fatal.class, 'credentials');
    assert.match(report.fatal.message, /field_completed/);
    assert.equal(answer.status, 500, 'the sender tries again later');
  } finally {
    await live.close();
  }
});
