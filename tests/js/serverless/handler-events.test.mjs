// POST /events over real HTTP against the simulators: the entity is read from JSON:API (the event
// is only a hint), planned and applied with the CLI's plan, its Moodle id written back; two
// identical events make one course; a deleted registration gives up its enrolment; an entity
// Drupal has not committed yet is read again after the configured waits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HEALTH_TOKEN, moodleCourses, startFunction } from './handler-harness.mjs';

const COURSE = '1b5fe941-c8f1-5244-9986-7801df666730';  // nid 100
const REGISTRATION = 'f91b2000-36b5-561c-986c-b7c23abe917f';  // user 20 in course 100

const moodleIdOf = (fn, type, uuid) => fn.site.drupal.resource(type, uuid)?.attributes.field_moodle_id;

test('an event for a course: read from Drupal, created in Moodle, its id written back, 200 with the report', async () => {
  const fn = await startFunction();
  try {
    const answer = await fn.signed('/events', { op: 'update', type: 'node--course', uuid: COURSE, id: '100' });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.state, 'done');
    assert.equal(typeof answer.body.run_id, 'string');
    assert.equal(answer.body.report.exit_code, 0);
    const [course] = await moodleCourses(fn.site.sim, 'course-100');
    assert.equal(course.fullname, 'German for Beginners');
    assert.equal(moodleIdOf(fn, 'node--course', COURSE), String(course.id));
    // Only that course's side of the site was read and written: no other course was created.
    assert.equal((await moodleCourses(fn.site.sim, 'course-101')).length, 0);
  } finally {
    await fn.close();
  }
});

test('the payload is not trusted: the course is created with what Drupal says, not what the event says', async () => {
  const fn = await startFunction();
  try {
    fn.site.drupal.edit('node--course', COURSE, { title: 'German for Beginners (new)' });
    const answer = await fn.signed('/events', { op: 'insert', type: 'node--course', uuid: COURSE, title: 'Forged' });
    assert.equal(answer.status, 200, answer.text);
    const [course] = await moodleCourses(fn.site.sim, 'course-100');
    assert.equal(course.fullname, 'German for Beginners (new)');
  } finally {
    await fn.close();
  }
});

test('two identical events at once create one Moodle course', async () => {
  const fn = await startFunction();
  try {
    const body = { op: 'insert', type: 'node--course', uuid: COURSE };
    // Two deliveries of the same save: signed at different seconds, so neither is a replay.
    const answers = await Promise.all([fn.signed('/events', body, { timestamp: fn.now() }), fn.signed('/events', body, { timestamp: fn.now() - 1 })]);
    for (const a of answers) assert.ok([200, 202].includes(a.status), a.text);
    await fn.signed('/events', { op: 'update', type: 'node--course', uuid: COURSE }, { timestamp: fn.now() - 2 });
    assert.equal((await moodleCourses(fn.site.sim, 'course-100')).length, 1);
    const creates = fn.site.sim.callLog.filter((c) => c.wsfunction === 'core_course_create_courses');
    assert.equal(creates.length, 1, 'one create call');
  } finally {
    await fn.close();
  }
});

test('a deleted registration gives up its enrolment (removal: suspend)', async () => {
  const fn = await startFunction();
  try {
    const full = await fn.signed('/sync', { full: true });
    assert.equal(full.status, 200, full.text);
    assert.equal(full.body.report.exit_code, 0, full.text);
    const before = fn.site.sim.callLog.length;
    const suspendedCount = () => [...fn.site.sim.state.userEnrolments.values()].filter((ue) => ue.status === 1).length;
    const suspendedBefore = suspendedCount();
    fn.site.drupal.remove('registration--course_registration', REGISTRATION);
    const answer = await fn.signed('/events', { op: 'delete', type: 'registration--course_registration', uuid: REGISTRATION });
    assert.equal(answer.status, 200, answer.text);
    const enrolCalls = fn.site.sim.callLog.slice(before).filter((c) => c.wsfunction === 'enrol_manual_enrol_users');
    assert.equal(enrolCalls.length, 1, 'one enrolment call');
    // The user's enrolment in that course is suspended (status 1), not removed.
    assert.equal(suspendedCount(), suspendedBefore + 1, 'one more enrolment suspended');
  } finally {
    await fn.close();
  }
});

test('an entity not committed yet is read again after the first wait, then synced', async () => {
  const NEW = '7f0c4b1e-1111-4222-8333-944455556666';
  let fn;
  const sleeps = [];
  fn = await startFunction({
    sleep: async (ms) => {
      sleeps.push(ms);
      // Drupal's transaction commits while the function waits for the first time.
      if (ms > 0 && !fn.site.drupal.resource('node--course', NEW)) {
        const model = fn.site.drupal.resource('node--course', COURSE);
        fn.site.drupal.add('node--course', { ...model, id: NEW, attributes: { ...model.attributes, drupal_internal__nid: 190, title: 'Committed late', field_code: 'LATE-1', field_moodle_id: '' } });
      }
    },
  });
  try {
    const answer = await fn.signed('/events', { op: 'insert', type: 'node--course', uuid: NEW });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(sleeps.filter((ms) => ms > 0), [250], 'one wait: commit_waits_ms[0]');
    const [course] = await moodleCourses(fn.site.sim, 'course-190');
    assert.equal(course.fullname, 'Committed late');
    assert.deepEqual(answer.body.report.events.missing, []);
  } finally {
    await fn.close();
  }
});

test('an entity never committed is reported missing after every wait, and nothing is created', async () => {
  const fn = await startFunction();
  try {
    const NEVER = '7f0c4b1e-2222-4222-8333-944455556666';
    const answer = await fn.signed('/events', { op: 'insert', type: 'node--course', uuid: NEVER });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(fn.sleeps.filter((ms) => ms > 0), [250, 500, 1000, 2000, 4000]);
    assert.deepEqual(answer.body.report.events.missing.map((m) => m.uuid), [NEVER]);
    assert.equal(fn.site.moodleWrites().length, 0);
  } finally {
    await fn.close();
  }
});

test('the webhooks module\'s delivery (X-Hub-Signature sha1) is run; the same delivery id again is a duplicate', async () => {
  const fn = await startFunction();
  try {
    const payload = { event: 'entity:node:update', entity: { nid: [{ value: 100 }], uuid: [{ value: COURSE }], type: [{ target_id: 'course' }], title: [{ value: 'German for Beginners' }] } };
    const delivery = '3c1e5a52-aaaa-4bbb-8ccc-0123456789ab';
    // Drupal commits the save only after the module's request is answered: it is answered 202 at
    // once, and the run goes on; its record says when it is done.
    const first = await fn.webhook(payload, { delivery });
    assert.equal(first.status, 202, first.text);
    assert.equal(first.body.state, 'queued');
    let run;
    for (let i = 0; i < 400; i += 1) {
      run = await fn.send(`/events/runs/${first.body.run_id}`, { method: 'GET', headers: { authorization: `Bearer ${HEALTH_TOKEN}` } });
      if (run.body.state === 'done') break;
      await new Promise((resolve) => { setTimeout(resolve, 25); });
    }
    assert.equal(run.body.state, 'done', run.text);
    assert.equal((await moodleCourses(fn.site.sim, 'course-100')).length, 1);
    const again = await fn.webhook({ ...payload, user: { uid: [{ value: 1 }] } }, { delivery });
    assert.equal(again.status, 200);
    assert.equal(again.body.state, 'duplicate');
    const sha256 = await fn.webhook({ ...payload, resent: true }, { algorithm: 'SHA-256' });
    assert.equal(sha256.status, 202, sha256.text);
  } finally {
    await fn.close();
  }
});
