// /sync within a time budget that stops at a safe point and resumes on the next call, /health with
// and without its token, and the completion route beside them, over real HTTP. The budget is spent
// on the site's clock: every Moodle call moves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPLETION_SECRET, EVENTS_SECRET, HEALTH_TOKEN, eventsSite } from './harness.mjs';
import { makeLiveSite, moodleState } from '../source-jsonapi/live-harness.mjs';
import { defaultAccounts } from '../../../drupal-simulator/accounts.mjs';
import { TEST_NOW } from '../test-clock.mjs';

const REGISTRATION_ANNA_DE = 'f91b2000-36b5-561c-986c-b7c23abe917f';

test('a budget-limited /sync stops with exit code 3 and the next calls resume it to the end', async (t) => {
  const site = await eventsSite({
    webhook: null,
    initialSync: false,
    // Each Moodle call takes 400 ms of the site's time.
    handler: (live) => ({ fetchImpl: async (url, init) => { live.tick(0.4); return fetch(url, init); } }),
  });
  t.after(() => site.close());
  const unsigned = await site.post('/sync', '{"full": true}');
  assert.equal(unsigned.status, 401);
  const first = await site.signedPost('/sync', { full: true, budget_ms: 1000 });
  assert.equal(first.status, 200, first.text);
  const report = first.body.report ?? first.body;
  assert.equal(report.exit_code, 3, JSON.stringify(report.summary));
  assert.equal(report.stopped?.reason, 'budget');
  assert.equal(report.resume, true);
  const callsAfterFirst = site.sim.callLog.length;
  assert.ok(callsAfterFirst < 10, `stopped early: ${callsAfterFirst} Moodle calls`);
  let last = report;
  let calls = 1;
  while (last.exit_code === 3 && calls < 40) {
    site.tick(5);
    const next = await site.signedPost('/sync', {});
    assert.equal(next.status, 200, next.text);
    last = next.body.report ?? next.body;
    calls += 1;
  }
  assert.equal(last.exit_code, 0, JSON.stringify(last));
  assert.ok(calls >= 2, `resumed over ${calls} calls`);
  // The same Moodle as one unlimited sync of the same site.
  const reference = await makeLiveSite();
  t.after(() => reference.close());
  assert.equal((await reference.run()).exit_code, 0);
  assert.deepEqual(await moodleState(site.sim), await moodleState(reference.sim));
});

test('/health needs its token, says whether Moodle and Drupal answer, and shows no secret', async (t) => {
  const site = await eventsSite({ webhook: null, initialSync: false });
  t.after(() => site.close());
  assert.equal((await site.get('/health')).status, 401);
  assert.equal((await site.get('/health', { authorization: 'Bearer wrong-token' })).status, 401);
  assert.equal((await site.post('/health', '{}', { authorization: `Bearer ${HEALTH_TOKEN}`, 'content-type': 'application/json' })).status, 405);
  const health = await site.get('/health', { authorization: `Bearer ${HEALTH_TOKEN}` });
  assert.equal(health.status, 200, health.text);
  assert.ok(health.body.version, 'the core version');
  assert.equal(health.body.moodle.ok, true);
  assert.equal(health.body.drupal.ok, true);
  for (const secret of [HEALTH_TOKEN, EVENTS_SECRET, COMPLETION_SECRET, site.sim.tokens.admin, site.drupal.credentials.password]) {
    assert.ok(!health.text.includes(secret), 'no secret in the answer');
  }
  site.sim.setFaults({ kinds: ['http503'], rate: 1, seed: 1 });
  const down = await site.get('/health', { authorization: `Bearer ${HEALTH_TOKEN}` });
  site.sim.setFaults({});
  assert.equal(down.status, 503, down.text);
  assert.equal(down.body.moodle.ok, false);
  assert.equal(down.body.drupal.ok, true);
});

test('/health without a configured token is 503 naming the variable', async (t) => {
  const site = await eventsSite({ webhook: null, initialSync: false, env: { MOODLE_SYNC_HEALTH_TOKEN: undefined } });
  t.after(() => site.close());
  const answer = await site.get('/health', { authorization: `Bearer ${HEALTH_TOKEN}` });
  assert.equal(answer.status, 503);
  assert.match(answer.text, /MOODLE_SYNC_HEALTH_TOKEN/);
});

test('completion pushes are still answered beside the events', async (t) => {
  // The sync account may write the completion fields too.
  const editable = { '*': ['field_moodle_id', 'field_completed', 'field_completed_date', 'field_completed_activities'] };
  // The example's courses have no activities-total field: only the registrations get values.
  const config = (c) => { delete c.components.completion.course_total_field; };
  const site = await eventsSite({ webhook: null, config, drupal: { accounts: defaultAccounts({ editable }) } });
  t.after(() => site.close());
  const payload = JSON.stringify({ 'course-100': { total: 2, users: { 'user-20': { course_completed: true, course_completed_date: TEST_NOW - 3600, completed: 2 } } } });
  const refused = await site.post('/completion/not-the-secret', payload);
  assert.equal(refused.status, 401, refused.text);
  const pushed = await site.post(`/completion/${COMPLETION_SECRET}`, payload);
  assert.equal(pushed.status, 200, pushed.text);
  await site.idle();
  const registration = site.drupal.resource('registration--course_registration', REGISTRATION_ANNA_DE);
  assert.equal(registration.attributes.field_completed, true);
  assert.equal(registration.attributes.field_completed_activities, 2);
});
