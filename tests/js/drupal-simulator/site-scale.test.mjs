// The size the live source is measured on (10,000 courses, 5,000 users, 20,000 registrations): a
// full read page by page, a `changed` listing after a few edits, and an id-only census all answer
// correctly; the rows of a listing are filtered and sorted once, not once per page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDrupalSimulator } from '../../../drupal-simulator/server.mjs';
import { TEST_NOW } from '../test-clock.mjs';
import { client, largeExport, qs, readAll } from './helpers.mjs';

const BASE = 1790000000;
let sim;
let api;
before(async () => {
  sim = await startDrupalSimulator({ exportDir: largeExport({ base: BASE }), clock: () => TEST_NOW });
  api = client(sim);
});
after(() => sim?.close());

test('a full read of every collection: ceil(n / 50) pages each, every entity once', async () => {
  const fields = (type, list) => [[`fields[${type}]`, list]];
  const courses = await readAll(api, `/jsonapi/node/course?${qs([...fields('node--course', 'title,field_code,field_moodle_id,changed'), ['sort', 'drupal_internal__nid']])}`);
  const users = await readAll(api, `/jsonapi/user/user?${qs([['sort', 'drupal_internal__uid']])}`);
  const registrations = await readAll(api, `/jsonapi/registration/course_registration?${qs([['sort', 'drupal_internal__registration_id']])}`);
  assert.deepEqual([courses.pages, users.pages, registrations.pages], [200, 100, 400]);
  assert.equal(new Set(courses.data.map((d) => d.id)).size, 10000);
  assert.equal(new Set(registrations.data.map((d) => d.id)).size, 20000);
  assert.equal(courses.data[9999].attributes.title, 'Course 10000');
});

test('after ten edits a changed >= listing holds exactly those ten, and a census reads ids only', async () => {
  const edited = [17, 2500, 4999, 5000, 6001, 7777, 8123, 9000, 9998, 10000];
  for (const nid of edited) sim.edit('node--course', `00000000-0000-4000-8000-${String(nid).padStart(12, '0')}`, { title: `Edited ${nid}` });
  const since = await readAll(api, `/jsonapi/node/course?${qs([['filter[c][condition][path]', 'changed'], ['filter[c][condition][operator]', '>='],
    ['filter[c][condition][value]', String(TEST_NOW - 60)], ['sort', 'drupal_internal__nid']])}`);
  assert.equal(since.pages, 1);
  assert.deepEqual(since.data.map((d) => d.attributes.drupal_internal__nid), edited);
  const census = await readAll(api, `/jsonapi/node/course?${qs([['fields[node--course]', 'drupal_internal__nid'], ['sort', 'drupal_internal__nid']])}`);
  assert.equal(census.data.length, 10000);
  assert.deepEqual(Object.keys(census.data[0]).sort(), ['attributes', 'id', 'links', 'type']);
  assert.deepEqual(Object.keys(census.data[0].attributes), ['drupal_internal__nid']);
});
