// Entity events as the contrib `webhooks` module posts them: core serialization of the entity,
// X-Drupal-Event, X-Drupal-Delivery and the HMAC of the raw body, sent inside the save (the
// receiver reading the entity back while it answers sees the site as it was before the save).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { COURSE_DE, USER_ANNA, client, startSim } from './helpers.mjs';

const SECRET = 'webhook-secret-'.padEnd(40, 'x');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REGISTRATION = 'f91b2000-36b5-561c-986c-b7c23abe917f';
const CATEGORY = '1d207f5c-a389-5324-a031-a41e56f3fa30';

/** A receiver that records each POST and, before answering, reads `probe(request)` from the simulator. */
async function receiver(t, { status = 200, probe } = {}) {
  const received = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    const entry = { headers: req.headers, raw, body: JSON.parse(raw) };
    if (probe) entry.seen = await probe(entry);
    received.push(entry);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${server.address().port}/events`, received };
}

test('an update posts the core serialization, signed with sha1, while readers still see the old values', async (t) => {
  let sim;
  const hook = await receiver(t, { probe: async () => (await client(sim).get(`/jsonapi/node/course/${COURSE_DE}`)).body.data.attributes.title });
  sim = await startSim({ webhooks: [{ url: hook.url, secret: SECRET }] });
  t.after(() => sim.close());
  const saved = sim.edit('node--course', COURSE_DE, { title: 'German, new edition' });
  assert.equal(saved.attributes.title, 'German, new edition');
  assert.equal((await client(sim).get(`/jsonapi/node/course/${COURSE_DE}`)).body.data.attributes.title, 'German for Beginners', 'not committed while the POST runs');
  await sim.webhooks.idle();
  const [event] = hook.received;
  assert.equal(event.seen, 'German for Beginners', 'the receiver reading back during the POST sees the old values');
  assert.equal((await client(sim).get(`/jsonapi/node/course/${COURSE_DE}`)).body.data.attributes.title, 'German, new edition', 'committed once answered');
  assert.equal(event.headers['x-drupal-event'], 'entity:node:update');
  assert.match(event.headers['x-drupal-delivery'], UUID);
  assert.equal(event.headers['content-type'], 'application/json');
  assert.equal(event.headers['x-hub-signature'], `sha1=${createHmac('sha1', SECRET).update(event.raw).digest('hex')}`);
  assert.equal(event.headers['x-hub-signature-256'], undefined);
  assert.equal(event.body.event, 'entity:node:update');
  assert.deepEqual(event.body.user.uid, [{ value: 1 }]);
  const e = event.body.entity;
  assert.deepEqual(e.nid, [{ value: 100 }]);
  assert.deepEqual(e.uuid, [{ value: COURSE_DE }]);
  assert.equal(e.type[0].target_id, 'course');
  assert.equal(e.type[0].target_type, 'node_type');
  assert.deepEqual(e.title, [{ value: 'German, new edition' }]);
  assert.deepEqual(e.changed, [{ value: '2026-11-25T12:18:38+00:00', format: 'Y-m-d\\TH:i:sP' }]);
  assert.deepEqual(e.field_category, [{ target_id: 1, target_type: 'taxonomy_term', target_uuid: CATEGORY }]);
  assert.deepEqual(e.field_moodle_id, [{ value: '' }]);
  const [delivery] = sim.webhooks.deliveries;
  assert.equal(delivery.status, 200);
  assert.equal(delivery.request.body, event.raw, 'the log keeps the exact request (for replays)');
});

test('an insert is not there (404) while its POST runs; a delete is still there', async (t) => {
  let sim;
  const hook = await receiver(t, { probe: async (e) => (await client(sim).get(`/jsonapi/node/course/${e.body.entity.uuid[0].value}`)).status });
  sim = await startSim({ webhooks: [{ url: hook.url, secret: SECRET, signature: 'sha256' }] });
  t.after(() => sim.close());
  const added = sim.add('node--course', { attributes: { drupal_internal__nid: 900, title: 'New course', status: true }, relationships: {} });
  assert.equal((await client(sim).get(`/jsonapi/node/course/${added.id}`)).status, 404);
  await sim.webhooks.idle();
  assert.equal((await client(sim).get(`/jsonapi/node/course/${added.id}`)).status, 200);
  assert.equal(sim.remove('node--course', added.id), true);
  assert.equal((await client(sim).get(`/jsonapi/node/course/${added.id}`)).status, 200, 'a delete is not committed while its POST runs');
  await sim.webhooks.idle();
  assert.equal((await client(sim).get(`/jsonapi/node/course/${added.id}`)).status, 404);
  const [create, del] = hook.received;
  assert.equal(create.seen, 404);
  assert.equal(del.seen, 200);
  assert.equal(create.headers['x-drupal-event'], 'entity:node:create');
  assert.equal(del.headers['x-drupal-event'], 'entity:node:delete');
  assert.deepEqual(del.body.entity.nid, [{ value: 900 }], 'a delete carries the entity as it was');
  assert.equal(create.headers['x-hub-signature'], undefined);
  assert.equal(create.headers['x-hub-signature-256'], `sha256=${createHmac('sha256', SECRET).update(create.raw).digest('hex')}`);
  assert.notEqual(create.headers['x-drupal-delivery'], del.headers['x-drupal-delivery'], 'a delivery id per POST');
});

test('users, registrations and terms: their event names, ids and bundle fields; only the events ticked', async (t) => {
  const hook = await receiver(t);
  const sim = await startSim({ webhooks: [{ url: hook.url, secret: SECRET, signature: 'x-hub-signature-sha256',
    events: ['entity:user:update', 'entity:registration:update', 'entity:taxonomy_term:update'] }] });
  t.after(() => sim.close());
  sim.edit('node--course', COURSE_DE, { title: 'not ticked' });
  sim.edit('user--user', USER_ANNA, { field_city: 'Southfield' });
  sim.edit('registration--course_registration', REGISTRATION, { state: 'canceled' });
  sim.edit('taxonomy_term--course_categories', CATEGORY, { name: 'Lang' });
  await sim.webhooks.idle();
  const byEvent = Object.fromEntries(hook.received.map((e) => [e.body.event, e]));
  assert.deepEqual(Object.keys(byEvent).sort(), ['entity:registration:update', 'entity:taxonomy_term:update', 'entity:user:update']);
  const user = byEvent['entity:user:update'];
  assert.match(user.headers['x-hub-signature'], /^sha256=[0-9a-f]{64}$/);
  assert.deepEqual(user.body.entity.uid, [{ value: 20 }]);
  assert.equal(user.body.entity.type, undefined, 'a user has no bundle field');
  assert.equal(user.body.entity.roles[0].target_id, 'authenticated');
  const registration = byEvent['entity:registration:update'].body.entity;
  assert.deepEqual(registration.registration_id, [{ value: 500 }]);
  assert.equal(registration.type[0].target_id, 'course_registration');
  assert.equal(registration.type[0].target_uuid, '401948f4-77c4-59f2-886e-b867dd892773');
  assert.equal(registration.registration_type, undefined, "JSON:API's renamed bundle field is `type` again");
  assert.deepEqual(registration.user_uid, [{ target_id: 20, target_type: 'user', target_uuid: USER_ANNA }]);
  const term = byEvent['entity:taxonomy_term:update'].body.entity;
  assert.deepEqual(term.tid, [{ value: 1 }]);
  assert.equal(term.vid[0].target_id, 'course_categories');
  assert.equal(term.vid[0].target_type, 'taxonomy_vocabulary');
  assert.deepEqual(term.parent, [{ target_id: 0 }]);
});

test('without a secret nothing is signed; an unreachable or failing receiver is logged and the save commits', async (t) => {
  const hook = await receiver(t, { status: 500 });
  const sim = await startSim({ webhooks: [{ url: hook.url }, { url: 'http://127.0.0.1:1/events' }] });
  t.after(() => sim.close());
  sim.edit('node--course', COURSE_DE, { title: 'Still saved' });
  await sim.webhooks.idle();
  const [event] = hook.received;
  assert.equal(event.headers['x-hub-signature'], undefined);
  assert.equal(event.headers['x-hub-signature-256'], undefined);
  const [failing, unreachable] = sim.webhooks.deliveries;
  assert.equal(failing.status, 500);
  assert.equal(unreachable.status, null);
  assert.ok(unreachable.error);
  assert.equal(sim.webhooks.deliveries.length, 2, 'one try each');
  assert.equal((await client(sim).get(`/jsonapi/node/course/${COURSE_DE}`)).body.data.attributes.title, 'Still saved');
});

test('webhooks.add checks its settings', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  assert.throws(() => sim.webhooks.add({}), /url is required/);
  assert.throws(() => sim.webhooks.add({ url: 'http://x', signature: 'md5' }), /unknown signature md5/);
  assert.deepEqual(sim.webhooks.deliveries, []);
  sim.edit('node--course', COURSE_DE, { title: 'no webhook' });
  assert.equal(sim.resource('node--course', COURSE_DE).attributes.title, 'no webhook', 'committed at once without webhooks');
});
