// A real `moodle-sync serve` in front of the simulator: tool_trigger's "HTTP post" of
// \core\event\course_completed (JSON or a form) makes the receiver read the learner's status back
// from Moodle; bad requests are refused as the contract says and write nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expectedFields, FIELDS } from '../../../examples/generated-completion-site.mjs';
import { completedAt, completionSite, post, registrationsByPair, SECRET, startServe, TEST_NOW } from './harness.mjs';

let site;
let server;
let first;  // the first course: { courseid, nid, learners }

before(async () => {
  site = await completionSite({ courses: 2, users: 16 });
  const [courseid, course] = [...site.learners.entries()][0];
  first = { courseid, ...course };
  server = await startServe(site.configFile, site.env);
});
after(async () => {
  await server?.stop();
  await site?.close();
});

const event = (j) => ({
  eventname: '\\core\\event\\course_completed', component: 'core', action: 'completed', target: 'course',
  courseid: first.courseid, relateduserid: first.learners[j].userid, userid: first.learners[j].userid,
  contextinstanceid: first.courseid, timecreated: completedAt(j) + 30,
});
const fieldsOf = async (j) => (await registrationsByPair(site)).get(`${first.learners[j].uid}:${first.nid}`).attributes;
const exportBytes = () => readFile(path.join(site.exportDir, 'registrations.json'), 'utf8');

test('GET is the connection test', async () => {
  const response = await fetch(server.url);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 1, message: 'Connection successful' });
});

test('the course_completed event as JSON: the status is read back from Moodle and written', async () => {
  site.sim.resetCallLog();
  const answer = await post(server.url, JSON.stringify(event(0)));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.message, 'Updated 0 nodes and 1 registrations');
  assert.deepEqual(await fieldsOf(0), { ...(await fieldsOf(0)), ...expectedFields(0, completedAt) });
  const called = site.sim.callLog.map((c) => c.wsfunction);
  assert.equal(called.filter((f) => f === 'core_completion_get_course_completion_status').length, 1, 'one status call');
  assert.ok(called.every((f) => /_get_/.test(f)), `reads only: ${called}`);
});

test('the same event as a form, with the secret as a bearer header', async () => {
  const form = new URLSearchParams(Object.entries(event(4)).map(([k, v]) => [k, String(v)])).toString();
  const answer = await post(`${server.base}/completion`, form, { contentType: 'application/x-www-form-urlencoded', headers: { authorization: `Bearer ${SECRET}` } });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.message, 'Updated 0 nodes and 1 registrations');
  const fields = await fieldsOf(4);
  assert.equal(fields[FIELDS.completed], true);
  assert.equal(fields[FIELDS.completed_date], expectedFields(4, completedAt)[FIELDS.completed_date]);
  assert.equal(fields[FIELDS.activities], 2);
});

test('a wrong secret is 401 and writes nothing', async () => {
  const bytes = await exportBytes();
  for (const url of [`${server.base}/completion/${SECRET.slice(0, -1)}y`, `${server.base}/completion`]) {
    const answer = await post(url, JSON.stringify(event(6)));
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.body, { message: 'Unauthorized' });
  }
  assert.equal(await exportBytes(), bytes);
});

test('a body that is not JSON, or of the wrong shape, is 400 naming the JSON path, and writes nothing', async () => {
  const bytes = await exportBytes();
  const notJson = await post(server.url, '{"course-1000": ');
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.message, 'Invalid input.');
  const wrongShape = await post(server.url, JSON.stringify({ [`course-${first.nid}`]: { users: 'all of them' } }));
  assert.equal(wrongShape.status, 400);
  assert.match(wrongShape.body.problem, /users/);
  const empty = await post(server.url, '');
  assert.equal(empty.status, 400);
  assert.deepEqual(empty.body, { message: 'Invalid input.' });
  assert.equal(await exportBytes(), bytes);
});

test('10 MB of payload is 413 and writes nothing', async () => {
  const bytes = await exportBytes();
  const answer = await post(server.url, `{"x":"${'a'.repeat(10 * 1024 * 1024)}"}`);
  assert.equal(answer.status, 413);
  assert.equal(await exportBytes(), bytes);
});

test('unknown course and user keys are counted, never created; a far-future date is rejected', async () => {
  const known = `user-${first.learners[7].uid}`;
  const answer = await post(server.url, JSON.stringify({
    'course-999999': { users: { 'user-10': { course_completed: true, course_completed_date: TEST_NOW, completed: 2 } } },
    [`course-${first.nid}`]: { users: {
      'user-888888': { course_completed: true, course_completed_date: TEST_NOW, completed: 2 },
      [known]: { course_completed: true, course_completed_date: TEST_NOW + 50 * 365 * 86400, completed: 2 },
    } },
  }));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.deepEqual(answer.body.unknown, { courses: 1, users: 1 });
  assert.equal(answer.body.rejected, 1);
  assert.equal(answer.body.message, 'Updated 0 nodes and 0 registrations');
  const text = JSON.stringify(answer.body);
  assert.ok(!text.includes('888888') && !text.includes(known), 'the answer echoes no key');
  const regs = await site.registrations();
  assert.equal(regs.length, 16, 'nothing created');
});
