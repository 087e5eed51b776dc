// The push receiver end to end: HTTP requests to `serve`'s handler on a free port, applied to a
// copy of the example export (plugin form: course and user keys are Moodle idnumbers or Drupal ids).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { REGISTRATIONS, SECRET, registration, startReceiver } from './receiver-site.mjs';
import { TEST_NOW } from '../test-clock.mjs';

const ANNA_DE = 'f91b2000-36b5-561c-986c-b7c23abe917f';   // user 20 in course 100
const SECOND_FR = '8aba30c6-0f29-5d27-8392-ce8e61a79971';  // user 21 in course 101, its only registration
const COMPLETED_AT = TEST_NOW - 3600;                      // 2026-11-25T11:18:38Z
const COMPLETED_RFC = '2026-11-25T11:18:38+00:00';

const annaPayload = JSON.stringify({
  'course-100': { users: { 'user-20': { course_completed: true, course_completed_date: COMPLETED_AT, completed: 3 } } },
});

let site;
before(async () => {
  site = await startReceiver();
  await site.chmod(REGISTRATIONS, 0o600);
});
after(() => site?.close());

test('GET is the connection test; a path secret is accepted', async () => {
  const r = await site.send(`/completion/${SECRET}`, { method: 'GET' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 1, message: 'Connection successful' });
});

test('a wrong or missing secret is 401, by path and by bearer', async () => {
  for (const [pathname, headers] of [
    [`/completion/${SECRET.slice(0, -1)}x`, {}],
    [`/completion/${SECRET}extra`, {}],
    ['/completion', {}],
    ['/completion', { authorization: `Bearer ${SECRET.slice(1)}` }],
    ['/completion', { authorization: `Basic ${SECRET}` }],
  ]) {
    const r = await site.send(pathname, { body: annaPayload, headers });
    assert.equal(r.status, 401, pathname);
    assert.deepEqual(r.body, { message: 'Unauthorized' });
  }
  assert.equal((await registration(site, ANNA_DE)).attributes.field_completed, null, 'nothing written');
});

test('an empty POST and a body that is not JSON are 400, and nothing is written', async () => {
  const before = await site.bytes(REGISTRATIONS);
  const empty = await site.send(`/completion/${SECRET}`, { body: '' });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.message, 'Invalid input.');
  const notJson = await site.send(`/completion/${SECRET}`, { body: '{"course-100": ' });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.message, 'Invalid input.');
  assert.ok(notJson.body.problem, 'the problem is named');
  assert.deepEqual(await site.bytes(REGISTRATIONS), before);
});

test('a body that is neither JSON nor a form is 415', async () => {
  const r = await site.send(`/completion/${SECRET}`, { body: annaPayload, contentType: 'text/plain' });
  assert.equal(r.status, 415);
});

test('10 MB is 413 without being read: the answer comes while the client has sent a fraction of it', async () => {
  const declared = 10 * 1024 * 1024;
  const answer = await new Promise((resolve, reject) => {
    const req = httpRequest(`${site.url}/completion/${SECRET}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'content-length': declared },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (s) => { text += s; }).on('end', () => {
        req.destroy();
        resolve({ status: response.statusCode, text });
      });
    });
    req.on('error', (e) => { if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') reject(e); });
    req.write('{"course-100": ');  // a few bytes of the 10 MB; the rest never comes
  });
  assert.equal(answer.status, 413);
  assert.ok(JSON.parse(answer.text).message, 'the answer says why');
});

test('a longer body without a Content-Length is cut at max_push_bytes + 1 and answered 413', async () => {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const body = new ReadableStream({
    pull(controller) {
      if (sent >= 10 * 1024 * 1024) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const response = await fetch(`${site.url}/completion/${SECRET}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half',
  });
  assert.equal(response.status, 413);
  await response.text();
  assert.ok(sent < 10 * 1024 * 1024, `the client was stopped early (sent ${sent} bytes)`);
});

test('a push by bearer writes the fields, keeps the file\'s mode; the same push again writes nothing and leaves the file as it was', async () => {
  const r = await site.send('/completion', { body: annaPayload, headers: { authorization: `Bearer ${SECRET}` } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 1);
  assert.equal(r.body.message, 'Updated 0 nodes and 1 registrations');
  const attributes = (await registration(site, ANNA_DE)).attributes;
  assert.equal(attributes.field_completed, true);
  assert.equal(attributes.field_completed_date, COMPLETED_RFC);
  assert.equal(attributes.field_completed_activities, 3);
  assert.equal((await site.stat(REGISTRATIONS)).mode & 0o777, 0o600, '0600 stays 0600');

  const bytes = await site.bytes(REGISTRATIONS);
  const { mtimeMs } = await site.stat(REGISTRATIONS);
  const again = await site.send('/completion', { body: annaPayload, headers: { authorization: `Bearer ${SECRET}` } });
  assert.equal(again.status, 200);
  assert.equal(again.body.message, 'Updated 0 nodes and 0 registrations');
  assert.deepEqual(await site.bytes(REGISTRATIONS), bytes);
  assert.equal((await site.stat(REGISTRATIONS)).mtimeMs, mtimeMs, 'the file was not rewritten');
});

test('a push by path secret with Drupal ids as keys, and a course total', async () => {
  const payload = JSON.stringify({ 101: { total: 4, users: { 21: { course_completed: false, course_completed_date: 0, completed: 1 } } } });
  const r = await site.send(`/completion/${SECRET}`, { body: payload });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.message, 'Updated 1 nodes and 1 registrations');
  const attributes = (await registration(site, SECOND_FR)).attributes;
  assert.equal(attributes.field_completed, false);
  assert.equal(attributes.field_completed_date, null);
  assert.equal(attributes.field_completed_activities, 1);
  const course = (await site.read('courses.json')).data.find((c) => c.attributes.drupal_internal__nid === 101);
  assert.equal(course.attributes.field_activities_total, 4);
});

test('unknown keys are counted, never created', async () => {
  const payload = JSON.stringify({ 'course-999': { users: { 'user-20': { course_completed: true, course_completed_date: COMPLETED_AT, completed: 1 } } },
    'course-101': { users: { 'user-777': { course_completed: true, course_completed_date: COMPLETED_AT, completed: 1 } } } });
  const before = await site.bytes(REGISTRATIONS);
  const r = await site.send(`/completion/${SECRET}`, { body: payload });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.unknown, { courses: 1, users: 1 });
  assert.deepEqual(await site.bytes(REGISTRATIONS), before);
});

test('the log has one line per request with counts: no payload, no secret', async () => {
  const log = site.lines.join('\n');
  assert.ok(site.lines.length >= 10, 'one line per request');
  assert.ok(!log.includes(SECRET), 'the secret is not logged');
  assert.ok(!log.includes(SECRET.slice(0, 12)), 'not even part of it');
  for (const leak of ['user-20', 'course-100', 'course_completed', String(COMPLETED_AT), 'user-777']) assert.ok(!log.includes(leak), `${leak} is not logged`);
  assert.match(log, /completion POST \/completion -> 200: Updated 0 nodes and 1 registrations; unknown 0 courses, 0 users; rejected 0; stale 0; 111 bytes/);
  assert.match(log, /completion POST \/completion\/<secret> -> 200: Updated 1 nodes and 1 registrations/);
  assert.match(log, /completion POST \/completion -> 401/);
  assert.match(log, /completion POST \/completion\/<secret> -> 413/);
});
