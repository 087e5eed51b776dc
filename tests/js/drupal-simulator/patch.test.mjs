// PATCH of one field as Drupal answers it: 200 with the full resource, `changed` moved to the
// site's clock only by a real change, saved into the state file; 405 read-only, 415, 404, 400,
// 422 and 403 with Drupal's documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { COURSE_DE, USER_ANNA, basic, client, courseUuid, startSim } from './helpers.mjs';
import { TEST_NOW } from '../test-clock.mjs';
import { StateWriter } from '../../../drupal-simulator/persistence.mjs';

const moodleId = (type, id, value, extra = {}) => ({ data: { type, id, attributes: { field_moodle_id: value, ...extra } } });
const COURSE_URL = `/jsonapi/node/course/${COURSE_DE}`;

test('a PATCH saves the value, answers the full resource and moves changed to the clock', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  const before = sim.resource('node--course', COURSE_DE);
  const r = await api.patch(COURSE_URL, moodleId('node--course', COURSE_DE, '123'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.data.id, COURSE_DE);
  assert.equal(r.body.data.attributes.field_moodle_id, '123');
  assert.equal(r.body.data.attributes.title, before.attributes.title, 'the full resource');
  assert.equal(Date.parse(r.body.data.attributes.changed) / 1000, TEST_NOW);
  assert.ok(r.body.data.attributes.drupal_internal__vid > before.attributes.drupal_internal__vid, 'a new node revision');
  assert.equal(sim.resource('node--course', COURSE_DE).attributes.field_moodle_id, '123');
  const read = await api.get(COURSE_URL);
  assert.equal(read.body.data.attributes.field_moodle_id, '123');
});

test('re-sending the same value keeps changed (only a real change moves it)', async (t) => {
  let now = TEST_NOW;
  const sim = await startSim({ clock: () => now });
  t.after(() => sim.close());
  const api = client(sim);
  await api.patch(COURSE_URL, moodleId('node--course', COURSE_DE, '77'));
  now += 3600;
  const again = await api.patch(COURSE_URL, moodleId('node--course', COURSE_DE, '77'));
  assert.equal(again.status, 200);
  assert.equal(Date.parse(again.body.data.attributes.changed) / 1000, TEST_NOW, 'unchanged');
  const cleared = await api.patch(COURSE_URL, moodleId('node--course', COURSE_DE, ''));
  assert.equal(cleared.body.data.attributes.field_moodle_id, null, '"" is an empty item: it reads back as null');
  assert.equal(Date.parse(cleared.body.data.attributes.changed) / 1000, TEST_NOW + 3600);
});

test('sim.edit moves changed only when a value changed', async (t) => {
  let now = TEST_NOW;
  const sim = await startSim({ clock: () => now });
  t.after(() => sim.close());
  const title = sim.resource('node--course', COURSE_DE).attributes.title;
  const changedBefore = sim.resource('node--course', COURSE_DE).attributes.changed;
  sim.edit('node--course', COURSE_DE, { title });
  assert.equal(sim.resource('node--course', COURSE_DE).attributes.changed, changedBefore);
  now += 60;
  const edited = sim.edit('node--course', COURSE_DE, { title: 'Deutsch A1' });
  assert.equal(edited.attributes.title, 'Deutsch A1');
  assert.equal(Date.parse(edited.attributes.changed) / 1000, TEST_NOW + 60);
  assert.throws(() => sim.edit('node--course', courseUuid(1), { title: 'x' }), /no node--course/);
});

test('the state file keeps PATCHed values and the credentials across a restart', async (t) => {
  const state = path.join(mkdtempSync(path.join(tmpdir(), 'drupal-sim-state-')), 'drupal.json');
  const sim = await startSim({ state });
  const { credentials } = sim;
  await client(sim).patch(COURSE_URL, moodleId('node--course', COURSE_DE, '555'));
  const savedValue = () => JSON.parse(readFileSync(state, 'utf8')).resources.find((r) => r.id === COURSE_DE).attributes.field_moodle_id;
  for (let i = 0; i < 40 && savedValue() !== '555'; i++) await sleep(50);
  assert.equal(savedValue(), '555', 'written within a second, while the simulator runs');
  await sim.close();
  const again = await startSim({ state, exportDir: undefined });
  t.after(() => again.close());
  assert.deepEqual(again.credentials, credentials);
  const r = await client(again).get(COURSE_URL);
  assert.equal(r.status, 200);
  assert.equal(r.body.data.attributes.field_moodle_id, '555');
});

test('read-only JSON:API answers 405 with Allow: GET and Drupal\'s document', async (t) => {
  const sim = await startSim({ readOnly: true });
  t.after(() => sim.close());
  const r = await client(sim).patch(COURSE_URL, moodleId('node--course', COURSE_DE, '1'));
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET');
  assert.deepEqual(r.body.errors, [{
    title: 'Method Not Allowed', status: '405',
    detail: `JSON:API is configured to accept only read operations. Site administrators can configure this at ${sim.url}/admin/config/services/jsonapi.`,
    links: { via: { href: `${sim.url}${COURSE_URL}` }, info: { href: 'http://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.6' } },
  }]);
  assert.equal(sim.resource('node--course', COURSE_DE).attributes.field_moodle_id, '');
});

test('415 without the JSON:API media type, 404 for an unknown uuid, 400 for a mismatched id or bad JSON', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  const media = await api.patch(COURSE_URL, moodleId('node--course', COURSE_DE, '1'), { contentType: 'application/json' });
  assert.equal(media.status, 415);
  assert.equal(media.body.errors[0].status, '415');
  const missing = await api.patch(`/jsonapi/node/course/${courseUuid(9)}`, moodleId('node--course', courseUuid(9), '1'));
  assert.equal(missing.status, 404);
  const other = await api.patch(COURSE_URL, moodleId('node--course', USER_ANNA, '1'));
  assert.equal(other.status, 400);
  assert.equal(other.body.errors[0].detail, `The selected entity (${COURSE_DE}) does not match the ID in the payload (${USER_ANNA}).`);
  const garbage = await api.patch(COURSE_URL, '{"data":');
  assert.equal(garbage.status, 400);
  assert.equal(sim.resource('node--course', COURSE_DE).attributes.field_moodle_id, '');
});

test('422 for an unknown attribute (no pointer) and a list into a single field (with pointer)', async (t) => {
  const sim = await startSim({ accounts: [{ username: 'editor', password: 'pw', permissions: ['bypass node access', 'access content'], editable: { '*': '*' } }] });
  t.after(() => sim.close());
  const api = client(sim, basic('editor', 'pw'));
  const unknown = await api.patch(COURSE_URL, { data: { type: 'node--course', id: COURSE_DE, attributes: { field_nope: 1 } } });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.errors[0].detail, 'The attribute field_nope does not exist on the node--course resource type.');
  assert.equal(unknown.body.errors[0].source, undefined);
  const many = await api.patch(COURSE_URL, { data: { type: 'node--course', id: COURSE_DE, attributes: { title: ['a', 'b'] } } });
  assert.equal(many.status, 422);
  assert.deepEqual(many.body.errors[0].source, { pointer: '/data/attributes/title' });
  assert.equal(many.body.errors[0].links, undefined, 'field-validation 422s carry no links');
});

test('403 with a pointer for a field the account may not edit; an unchanged one passes', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  const course = sim.resource('node--course', COURSE_DE);
  const title = await api.patch(COURSE_URL, moodleId('node--course', COURSE_DE, '9', { title: 'Other' }));
  assert.equal(title.status, 403);
  assert.equal(title.body.errors[0].detail, 'The current user is not allowed to PATCH the selected field (title).');
  assert.deepEqual(title.body.errors[0].source, { pointer: '/data/attributes/title' });
  assert.equal(sim.resource('node--course', COURSE_DE).attributes.field_moodle_id, '', 'nothing saved');
  const same = await api.patch(COURSE_URL, moodleId('node--course', COURSE_DE, '9', { title: course.attributes.title, changed: course.attributes.changed }));
  assert.equal(same.status, 200, 'the changed read back as a lock, and an unchanged title, need no edit access');
  const moved = await api.patch(COURSE_URL, moodleId('node--course', COURSE_DE, '10', { changed: course.attributes.changed }));
  assert.equal(moved.status, 403, 'changed moved since it was read');
  assert.deepEqual(moved.body.errors[0].source, { pointer: '/data/attributes/changed' });
});

test('an account without edit access to the type gets 403; anonymous gets 401', async (t) => {
  const sim = await startSim({ accounts: [
    { username: 'sync', password: 'pw', permissions: ['bypass node access', 'access content'], editable: { '*': ['field_moodle_id'] } },
    { username: 'reader', password: 'pw', permissions: ['bypass node access', 'access content'] },
  ] });
  t.after(() => sim.close());
  const reader = await client(sim, basic('reader', 'pw')).patch(COURSE_URL, moodleId('node--course', COURSE_DE, '1'));
  assert.equal(reader.status, 403);
  assert.equal(reader.body.errors[0].detail, 'The current user is not allowed to PATCH the selected resource.');
  const anonymous = await client(sim, null).patch(COURSE_URL, moodleId('node--course', COURSE_DE, '1'));
  assert.equal(anonymous.status, 401);
  assert.match(anonymous.headers.get('www-authenticate'), /^Basic realm=/);
  assert.equal((await client(sim, basic('sync', 'pw')).patch(COURSE_URL, moodleId('node--course', COURSE_DE, '1'))).status, 200);
});

test('the state file is written at most once a second however many writes come', async () => {
  let saves = 0;
  const writer = new StateWriter('state.json', () => { saves += 1; }, { intervalMs: 200 });
  for (let i = 0; i < 1000; i++) writer.written();
  assert.equal(saves, 1, 'the first write saves at once');
  await sleep(300);
  assert.equal(saves, 2, 'the others together, once, a moment later');
  writer.written();
  writer.flush();
  assert.equal(saves, 3, 'flush saves what is pending');
  await sleep(300);
  assert.equal(saves, 3);
});
