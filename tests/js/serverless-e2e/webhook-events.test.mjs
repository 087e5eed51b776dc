// Drupal's entity events as the contrib webhooks module posts them (the Drupal simulator's sender:
// core serialization, X-Drupal-Delivery, X-Hub-Signature), over real HTTP to the handler: Moodle
// follows an insert, an update and a delete of a course, a user and a registration. Each POST is
// made inside the save's transaction, so the handler finds the entity only once it has answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  COURSE_DE, EVENTS_SECRET, USER_ANNA, eventsSite, moodleEnrolments, moodleWritesSince, newCourse, newRegistration, newUser,
} from './harness.mjs';

const ok = (delivery) => assert.ok([200, 202].includes(delivery.status), `${delivery.event}: ${delivery.status} ${delivery.response}`);

test('a course inserted, updated and deleted in Drupal follows in Moodle (X-Hub-Signature sha1)', async (t) => {
  const site = await eventsSite({ config: (c) => { c.components.courses.deleted = 'delete'; } });
  t.after(() => site.close());
  const course = newCourse(900, 'Italian A1');
  site.drupal.add('node--course', course);
  await site.idle();
  const [created] = site.drupal.webhooks.deliveries;
  assert.equal(created.event, 'entity:node:create');
  ok(created);
  const [moodleCourse] = site.moodleCourses('course-900');
  assert.ok(moodleCourse, `course-900 in Moodle; log: ${site.logLines.join('\n')}`);
  assert.equal(moodleCourse.fullname, 'Italian A1');
  assert.equal(String(site.drupal.resource('node--course', course.id).attributes.field_moodle_id), String(moodleCourse.id), 'the id is PATCHed back');

  site.tick(60);
  site.drupal.edit('node--course', course.id, { title: 'Italian A1 (spring)' });
  await site.idle();
  ok(site.drupal.webhooks.deliveries.at(-1));
  assert.equal(site.moodleCourses('course-900')[0].fullname, 'Italian A1 (spring)');

  site.tick(60);
  site.drupal.remove('node--course', course.id);
  await site.idle();
  const deleted = site.drupal.webhooks.deliveries.at(-1);
  assert.equal(deleted.event, 'entity:node:delete');
  ok(deleted);
  assert.deepEqual(site.moodleCourses('course-900'), [], 'deleted per courses.deleted = delete');
  assert.equal(site.moodleCourses('course-100').length, 1, 'the other courses stay');
});

test('a user inserted, updated and deleted follows (X-Hub-Signature-256)', async (t) => {
  const site = await eventsSite({ webhook: { signature: 'sha256' } });
  t.after(() => site.close());
  const user = newUser(90, 'new.learner');
  site.drupal.add('user--user', user);
  await site.idle();
  ok(site.drupal.webhooks.deliveries[0]);
  const [moodleUser] = site.moodleUsers('user-90');
  assert.ok(moodleUser, `user-90 in Moodle; log: ${site.logLines.join('\n')}`);
  assert.equal(moodleUser.username, 'new.learner');
  assert.equal(moodleUser.suspended, 0);

  site.tick(60);
  site.drupal.edit('user--user', user.id, { field_city: 'Southfield' });
  await site.idle();
  assert.equal(site.moodleUsers('user-90')[0].city, 'Southfield');

  site.tick(60);
  site.drupal.remove('user--user', user.id);
  await site.idle();
  ok(site.drupal.webhooks.deliveries.at(-1));
  assert.equal(site.moodleUsers('user-90')[0].suspended, 1, 'suspended per users.deleted = suspend');
});

test('a registration inserted, canceled and deleted moves its enrolment (X-Hub-Signature: sha256=)', async (t) => {
  const site = await eventsSite({ webhook: { signature: 'x-hub-signature-sha256' } });
  t.after(() => site.close());
  assert.deepEqual(moodleEnrolments(site.sim, 'user-20', 'course-101'), [], 'Anna is not in course 101 yet');
  const registration = newRegistration(900, { userUuid: USER_ANNA, uid: 20, nid: 101 });
  site.drupal.add('registration--course_registration', registration);
  await site.idle();
  ok(site.drupal.webhooks.deliveries[0]);
  const enrolled = moodleEnrolments(site.sim, 'user-20', 'course-101');
  assert.equal(enrolled.length, 1, `an enrolment; log: ${site.logLines.join('\n')}`);
  assert.equal(enrolled[0].status, 0, 'active');

  site.tick(60);
  site.drupal.edit('registration--course_registration', registration.id, { state: 'canceled' });
  await site.idle();
  assert.equal(moodleEnrolments(site.sim, 'user-20', 'course-101')[0].status, 1, 'a canceled registration suspends');

  site.tick(60);
  site.drupal.edit('registration--course_registration', registration.id, { state: 'complete' });
  await site.idle();
  assert.equal(moodleEnrolments(site.sim, 'user-20', 'course-101')[0].status, 0);
  site.tick(60);
  site.drupal.remove('registration--course_registration', registration.id);
  await site.idle();
  ok(site.drupal.webhooks.deliveries.at(-1));
  assert.equal(moodleEnrolments(site.sim, 'user-20', 'course-101')[0].status, 1, 'a deleted registration gives up its enrolment per removal = suspend');
  assert.equal(moodleEnrolments(site.sim, 'user-20', 'course-100')[0].status, 0, 'her other enrolment stays');
});

test('an entity committed only reads later is retried until it is there', async (t) => {
  const site = await eventsSite();
  t.after(() => site.close());
  const course = newCourse(901, 'Late commit');
  // Besides the POST inside the transaction, three more reads do not see it yet.
  site.drupal.add('node--course', course, { invisibleReads: 3 });
  await site.idle();
  ok(site.drupal.webhooks.deliveries[0]);
  assert.equal(site.moodleCourses('course-901').length, 1, `created once committed; log: ${site.logLines.join('\n')}`);
  const reads = site.drupal.calls.filter((c) => c.method === 'GET' && c.path.includes(course.id));
  assert.ok(reads.filter((c) => c.status === 200 || c.path.includes('filter')).length >= 1);
});

test('an entity that never commits (a save rolled back) is reported missing and writes nothing', async (t) => {
  const site = await eventsSite();
  t.after(() => site.close());
  const from = site.sim.callLog.length;
  const course = newCourse(902, 'Rolled back');
  site.drupal.add('node--course', course, { invisibleReads: 1000 });
  await site.idle();
  ok(site.drupal.webhooks.deliveries[0]);
  assert.deepEqual(site.moodleCourses('course-902'), []);
  assert.deepEqual(moodleWritesSince(site.sim, from), [], 'nothing written to Moodle');
  assert.ok(site.logLines.join('\n').includes(course.id) || JSON.stringify(site.answers()).includes(course.id), 'the missing entity is named');
});

test('the same delivery posted again runs nothing: the same bytes are a replay (409), other bytes a known delivery', async (t) => {
  const site = await eventsSite();
  t.after(() => site.close());
  site.tick(60);
  site.drupal.edit('node--course', COURSE_DE, { title: 'German for Beginners (new)' });
  await site.idle();
  const [delivery] = site.drupal.webhooks.deliveries;
  ok(delivery);
  assert.equal(site.moodleCourses('course-100')[0].fullname, 'German for Beginners (new)');
  const moodleCalls = site.sim.callLog.length;
  const drupalCalls = site.drupal.calls.length;
  const replayed = await site.replay(delivery);
  assert.equal(replayed.status, 409, replayed.text);
  // The same delivery re-encoded on its way (another signature): its X-Drupal-Delivery is known.
  const body = JSON.stringify(JSON.parse(delivery.request.body), null, 1);
  const headers = { ...delivery.request.headers, 'X-Hub-Signature': `sha1=${createHmac('sha1', EVENTS_SECRET).update(body).digest('hex')}` };
  const again = await site.post('/events', body, headers);
  await site.idle();
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.state, 'duplicate');
  assert.equal(site.sim.callLog.length, moodleCalls, 'no Moodle call');
  assert.equal(site.drupal.calls.length, drupalCalls, 'no Drupal read');
});

test('a webhook with a wrong secret or none is refused with 401 and changes nothing', async (t) => {
  const site = await eventsSite({ webhook: { secret: 'not-the-secret-'.padEnd(48, 'n') } });
  t.after(() => site.close());
  site.drupal.webhooks.add({ url: `${site.base}/events`, secret: '' });
  const from = site.sim.callLog.length;
  site.drupal.edit('node--course', COURSE_DE, { title: 'Forged' });
  await site.idle();
  assert.deepEqual(site.drupal.webhooks.deliveries.map((d) => d.status), [401, 401]);
  assert.ok(!site.drupal.webhooks.deliveries.some((d) => d.response.includes('not-the-secret')), 'no secret echoed');
  assert.deepEqual(moodleWritesSince(site.sim, from), []);
});
