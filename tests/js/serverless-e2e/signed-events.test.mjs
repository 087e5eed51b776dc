// Events in our own signed form (X-Moodle-Sync-Timestamp, X-Moodle-Sync-Signature over
// "<timestamp>.<raw body>"), over real HTTP: a signed event runs, an unsigned or stale one is 401,
// a replayed request runs nothing, limits answer 405/413/415, and two identical events at the same
// moment make one Moodle course.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COURSE_DE, EVENTS_SECRET, eventsSite, moodleWritesSince, newCourse, signedHeaders } from './harness.mjs';

const event = (op, uuid, type = 'node--course') => ({ op, type, uuid });

test('a signed event runs the sync of its entity and answers with the report', async (t) => {
  const site = await eventsSite({ webhook: null });
  t.after(() => site.close());
  site.drupal.edit('node--course', COURSE_DE, { title: 'German (signed)' });
  const answer = await site.signedPost('/events', event('update', COURSE_DE));
  await site.idle();
  assert.ok([200, 202].includes(answer.status), answer.text);
  assert.ok(answer.body.run_id, 'a run id');
  if (answer.status === 200) assert.equal(answer.body.state, 'done');
  assert.equal(site.moodleCourses('course-100')[0].fullname, 'German (signed)');
});

test('unsigned, wrongly signed and stale requests are 401; the body never echoes a signature', async (t) => {
  const site = await eventsSite({ webhook: null });
  t.after(() => site.close());
  const from = site.sim.callLog.length;
  site.drupal.edit('node--course', COURSE_DE, { title: 'Must not arrive' });
  const body = JSON.stringify(event('update', COURSE_DE));
  const now = Math.floor(site.now());
  const unsigned = await site.post('/events', body);
  assert.equal(unsigned.status, 401, unsigned.text);
  const wrong = await site.post('/events', body, signedHeaders(body, now, 'another-secret-'.padEnd(48, 'a')));
  assert.equal(wrong.status, 401, wrong.text);
  const signature = signedHeaders(body, now - 301)['x-moodle-sync-signature'];
  const stale = await site.post('/events', body, signedHeaders(body, now - 301));
  assert.equal(stale.status, 401, 'outside the 5-minute window');
  const future = await site.post('/events', body, signedHeaders(body, now + 301));
  assert.equal(future.status, 401);
  const tampered = await site.post('/events', body.replace('update', 'delete'), signedHeaders(body, now));
  assert.equal(tampered.status, 401, 'the signature covers the raw body');
  for (const answer of [unsigned, wrong, stale, future, tampered]) {
    assert.ok(!answer.text.includes(signature.slice(7)) && !answer.text.includes(EVENTS_SECRET), 'no signature or secret in the answer');
  }
  const justInside = await site.signedPost('/events', body, { ts: now - 299 });
  assert.ok([200, 202].includes(justInside.status), justInside.text);
  await site.idle();
  assert.ok(moodleWritesSince(site.sim, from).length > 0, 'only the signed request wrote');
});

test('a replayed request (same bytes, same signature) runs nothing', async (t) => {
  const site = await eventsSite({ webhook: null });
  t.after(() => site.close());
  site.drupal.edit('node--course', COURSE_DE, { title: 'Once' });
  const body = JSON.stringify(event('update', COURSE_DE));
  const headers = signedHeaders(body, Math.floor(site.now()));
  const first = await site.post('/events', body, headers);
  await site.idle();
  assert.ok([200, 202].includes(first.status), first.text);
  const moodleCalls = site.sim.callLog.length;
  const drupalCalls = site.drupal.calls.length;
  site.tick(10);
  const again = await site.post('/events', body, headers);
  await site.idle();
  assert.equal(again.status, 409, again.text);
  assert.equal(again.body.run_id, undefined);
  assert.equal(site.sim.callLog.length, moodleCalls, 'no Moodle call');
  assert.equal(site.drupal.calls.length, drupalCalls, 'no Drupal read');
});

test('405 for GET, 415 for a non-JSON body, 413 above events.max_body_bytes', async (t) => {
  const site = await eventsSite({ webhook: null, events: { max_body_bytes: 4096 } });
  t.after(() => site.close());
  const get = await site.get('/events');
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
  const text = 'op=update';
  const form = await site.post('/events', text, { ...signedHeaders(text, Math.floor(site.now())), 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(form.status, 415, form.text);
  const big = JSON.stringify({ events: Array.from({ length: 100 }, () => event('update', COURSE_DE)) });
  assert.ok(big.length > 4096);
  const tooBig = await site.signedPost('/events', big);
  assert.equal(tooBig.status, 413, tooBig.text);
  const bad = await site.signedPost('/events', '{"op": "update", "type": "node--course"');
  assert.equal(bad.status, 400, bad.text);
});

test('two identical events at the same moment make one Moodle course', async (t) => {
  const site = await eventsSite({ webhook: null });
  t.after(() => site.close());
  const course = newCourse(910, 'Twice at once');
  site.drupal.add('node--course', course);
  const from = site.sim.callLog.length;
  const body = JSON.stringify(event('insert', course.id));
  const now = Math.floor(site.now());
  // Two requests (two signatures: not a replay) for the same entity, sent together.
  const answers = await Promise.all([
    site.post('/events', body, signedHeaders(body, now)),
    site.post('/events', body, signedHeaders(body, now + 1)),
  ]);
  await site.idle();
  for (const a of answers) assert.ok([200, 202].includes(a.status), a.text);
  assert.equal(site.moodleCourses('course-910').length, 1, `one course; log: ${site.logLines.join('\n')}`);
  const creates = site.sim.callLog.slice(from).filter((c) => c.wsfunction === 'core_course_create_courses');
  assert.equal(creates.length, 1, 'one create call');
  const patches = site.drupal.calls.filter((c) => c.method === 'PATCH' && c.path.includes(course.id));
  assert.equal(patches.length, 1, 'its id written back once');
});
