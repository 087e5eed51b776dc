// Scripted faults and the call log: each kind as a client meets it, matched by method and path,
// counted down by `times`; the latency option; what the log records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COURSE_DE, client, readAll, startSim, syntheticExport } from './helpers.mjs';
import { startDrupalSimulator } from '../../../drupal-simulator/server.mjs';
import { testClock } from '../test-clock.mjs';

const moodleId = (value) => ({ data: { type: 'node--course', id: COURSE_DE, attributes: { field_moodle_id: value } } });

test('status faults: 503 and 429 with Retry-After, once, then the request works', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  sim.faults.add({ path: '/jsonapi/node/course', kind: 'status:503' });
  sim.faults.add({ path: '/jsonapi/user/user', kind: 'status:429', retryAfter: 7 });
  const unavailable = await api.get('/jsonapi/node/course');
  assert.equal(unavailable.status, 503);
  assert.equal(unavailable.headers.get('retry-after'), '1');
  assert.equal((await api.get('/jsonapi/node/course')).status, 200, 'times defaults to 1');
  const limited = await api.get('/jsonapi/user/user');
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '7');
  assert.equal((await api.get('/jsonapi/user/user')).status, 200);
});

test('a fault waits for the method and path it names, and times counts it down', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  sim.faults.add({ method: 'patch', path: /node\/course\/[0-9a-f-]+$/, times: 2, kind: 'status:500' });
  assert.equal((await api.get(`/jsonapi/node/course/${COURSE_DE}`)).status, 200);
  assert.equal((await api.patch(`/jsonapi/node/course/${COURSE_DE}`, moodleId('1'))).status, 500);
  assert.equal((await api.patch(`/jsonapi/node/course/${COURSE_DE}`, moodleId('1'))).status, 500);
  assert.equal((await api.patch(`/jsonapi/node/course/${COURSE_DE}`, moodleId('1'))).status, 200);
  assert.throws(() => sim.faults.add({ kind: 'explode' }), /unknown fault kind/);
});

test('cut: a 200 whose JSON body ends half-way; not-json: an HTML page', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  sim.faults.add({ path: 'node/course', kind: 'cut' });
  const cut = await api.get('/jsonapi/node/course');
  assert.equal(cut.status, 200);
  assert.equal(cut.body, undefined, 'not parseable');
  assert.ok(cut.text.startsWith('{"jsonapi"'));
  sim.faults.add({ kind: 'not-json' });
  const html = await api.get('/jsonapi/node/course');
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /^text\/html/);
  assert.equal(html.body, undefined);
});

test('loop: links.next goes back to the first page', async (t) => {
  const sim = await startDrupalSimulator({ exportDir: syntheticExport({ courses: 120 }), clock: testClock });
  t.after(() => sim.close());
  const api = client(sim);
  const first = await api.get('/jsonapi/node/course?sort=drupal_internal__nid');
  sim.faults.add({ kind: 'loop' });
  const second = await api.get(first.body.links.next.href);
  assert.equal(new URL(second.body.links.next.href).searchParams.get('page[offset]'), '0');
  assert.equal(sim.calls.at(-1).fault, 'loop');
});

test('wrong-type: resources of another type than the collection', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  sim.faults.add({ kind: 'wrong-type' });
  const r = await client(sim).get('/jsonapi/node/course');
  assert.ok(r.body.data.every((d) => d.type === 'node--course_other'));
});

test('patch-no-value: 200 with the old value, nothing saved', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  sim.faults.add({ kind: 'patch-no-value' });
  const api = client(sim);
  assert.equal((await api.get(`/jsonapi/node/course/${COURSE_DE}`)).status, 200, 'a GET does not take it');
  const r = await api.patch(`/jsonapi/node/course/${COURSE_DE}`, moodleId('42'));
  assert.equal(r.status, 200);
  assert.equal(r.body.data.attributes.field_moodle_id, '');
  assert.equal(sim.resource('node--course', COURSE_DE).attributes.field_moodle_id, '');
});

test('slow waits before answering; down closes the socket without an answer', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  sim.faults.add({ kind: 'slow', delayMs: 150 });
  const started = performance.now();
  assert.equal((await api.get('/jsonapi')).status, 200);
  assert.ok(performance.now() - started >= 140);
  sim.faults.add({ kind: 'down', times: Infinity });
  await assert.rejects(api.get('/jsonapi/node/course'), /fetch failed/);
  await assert.rejects(api.get('/jsonapi/user/user'), /fetch failed/);
  sim.faults.clear();
  assert.equal((await api.get('/jsonapi')).status, 200);
  assert.deepEqual(sim.calls.filter((c) => c.fault === 'down').map((c) => c.status), [null, null]);
});

test('latencyMs delays every request', async (t) => {
  const sim = await startSim({ latencyMs: 60 });
  t.after(() => sim.close());
  const started = performance.now();
  await client(sim).get('/jsonapi');
  await client(sim).get('/jsonapi');
  assert.ok(performance.now() - started >= 115);
});

test('the call log: method, path with query, status, how the caller authenticated and as whom', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  await client(sim).get('/jsonapi/node/course?page[limit]=2');
  await client(sim, null).get('/jsonapi');
  await client(sim).patch(`/jsonapi/node/course/${COURSE_DE}`, moodleId('5'), { contentType: 'text/plain' });
  assert.deepEqual(sim.calls, [
    { method: 'GET', path: '/jsonapi/node/course?page[limit]=2', status: 200, auth: 'basic', account: sim.credentials.username },
    { method: 'GET', path: '/jsonapi', status: 200, auth: 'anonymous', account: null },
    { method: 'PATCH', path: `/jsonapi/node/course/${COURSE_DE}`, status: 415, auth: 'basic', account: sim.credentials.username },
  ]);
  const { pages } = await readAll(client(sim), '/jsonapi/node/course?page[limit]=3');
  assert.equal(sim.calls.length, 3 + pages);
});
