// The not-yet-committed window: a save kept invisible to JSON:API reads for a number of reads or
// until a time on the site's clock, as a save whose transaction has not committed yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COURSE_DE, NORTHFIELD, client, startSim } from './helpers.mjs';
import { startDrupalSimulator } from '../../../drupal-simulator/server.mjs';
import { TEST_NOW } from '../test-clock.mjs';

const listed = async (api, id) => (await api.get('/jsonapi/node/course')).body.data.some((r) => r.id === id);

test('an insert stays invisible for the given number of reads, then is there', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  const added = sim.add('node--course', { attributes: { drupal_internal__nid: 901, title: 'Late', status: true } }, { invisibleReads: 2 });
  assert.deepEqual(sim.pending().map((p) => [p.id, p.reads]), [[added.id, 2]]);
  assert.equal((await api.get(`/jsonapi/node/course/${added.id}`)).status, 404);
  assert.equal(await listed(api, added.id), false, 'a listing is a read too');
  assert.equal((await api.get(`/jsonapi/node/course/${added.id}`)).status, 200);
  assert.equal(await listed(api, added.id), true);
  assert.deepEqual(sim.pending(), []);
});

test('reads of other entities do not count', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  const added = sim.add('node--course', { attributes: { title: 'Late' } }, { invisibleReads: 1 });
  await api.get(`/jsonapi/node/course/${COURSE_DE}`);
  await api.get('/jsonapi/user/user');
  assert.equal((await api.get(`/jsonapi/node/course/${added.id}`)).status, 404);
  assert.equal((await api.get(`/jsonapi/node/course/${added.id}`)).status, 200);
});

test('an edit keeps its old values until the site clock reaches the given time; a delete likewise', async (t) => {
  let now = TEST_NOW;
  const sim = await startDrupalSimulator({ exportDir: NORTHFIELD, clock: () => now });
  t.after(() => sim.close());
  const api = client(sim);
  const title = async () => (await api.get(`/jsonapi/node/course/${COURSE_DE}`)).body.data.attributes.title;
  sim.edit('node--course', COURSE_DE, { title: 'Later' }, {}, { invisibleUntil: now + 5 });
  assert.equal(await title(), 'German for Beginners');
  now += 4;
  assert.equal(await title(), 'German for Beginners');
  now += 1;
  assert.equal(await title(), 'Later');
  sim.remove('node--course', COURSE_DE, { invisibleUntil: now + 2 });
  assert.equal((await api.get(`/jsonapi/node/course/${COURSE_DE}`)).status, 200);
  assert.equal(sim.resource('node--course', COURSE_DE).attributes.title, 'Later', 'control reads see what JSON:API sees');
  now += 2;
  assert.equal((await api.get(`/jsonapi/node/course/${COURSE_DE}`)).status, 404);
});

test('a second save of a pending entity builds on the first; commitPending ends every window', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  sim.edit('node--course', COURSE_DE, { title: 'One' }, {}, { invisibleReads: 5 });
  const second = sim.edit('node--course', COURSE_DE, { field_level: 'B2' });
  assert.equal(second.attributes.title, 'One', 'the second edit starts from the pending values');
  assert.equal((await api.get(`/jsonapi/node/course/${COURSE_DE}`)).body.data.attributes.title, 'German for Beginners');
  sim.commitPending();
  const now = (await api.get(`/jsonapi/node/course/${COURSE_DE}`)).body.data.attributes;
  assert.deepEqual([now.title, now.field_level], ['One', 'B2']);
  assert.throws(() => sim.add('node--course', { id: COURSE_DE }), /exists already/);
});
