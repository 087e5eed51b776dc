// Reads as Drupal 10 core's JSON:API answers them: the entry point, pages of 50 with links.next
// iff more rows, sort, sparse fieldsets, include, single resources and the 404s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COURSE_DE, CATEGORY_LANGUAGES, EXPORTED, USER_ANNA, client, courseUuid, qs, readAll, startSim, syntheticExport } from './helpers.mjs';
import { startDrupalSimulator } from '../../../drupal-simulator/server.mjs';
import { testClock } from '../test-clock.mjs';

test('the entry point lists the collections and, for an account, meta.links.me', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const r = await client(sim).get('/jsonapi');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/vnd.api+json');
  assert.equal(r.body.links['node--course'].href, `${sim.url}/jsonapi/node/course`);
  assert.equal(r.body.links['user--user'].href, `${sim.url}/jsonapi/user/user`);
  assert.match(r.body.meta.links.me.href, new RegExp(`^${sim.url}/jsonapi/user/user/[0-9a-f-]{36}$`));
  const anonymous = await client(sim, null).get('/jsonapi');
  assert.equal(anonymous.body.meta, undefined);
});

test('a collection comes in pages of at most 50, with links.next exactly while rows remain', async (t) => {
  const sim = await startDrupalSimulator({ exportDir: syntheticExport({ courses: 120 }), clock: testClock });
  t.after(() => sim.close());
  const api = client(sim);
  const first = await api.get('/jsonapi/node/course?sort=drupal_internal__nid&page[limit]=500');
  assert.equal(first.body.data.length, 50, 'page[limit] above 50 is clamped');
  const next = new URL(first.body.links.next.href);
  assert.equal(next.origin, sim.url, 'links use the request host');
  assert.equal(next.searchParams.get('page[offset]'), '50');
  assert.equal(next.searchParams.get('page[limit]'), '50');
  assert.equal(next.searchParams.get('sort'), 'drupal_internal__nid');
  const { data, pages } = await readAll(api, '/jsonapi/node/course?sort=drupal_internal__nid');
  assert.equal(pages, 3);
  assert.deepEqual(data.map((r) => r.attributes.drupal_internal__nid), Array.from({ length: 120 }, (_, i) => i + 1));
  const exact = await readAll(api, '/jsonapi/node/course?sort=drupal_internal__nid&page[limit]=40');
  assert.equal(exact.pages, 3, '120 rows in pages of 40: the third page has no links.next');
  const small = await api.get('/jsonapi/node/course?page[offset]=110&page[limit]=5');
  assert.deepEqual(small.body.data.map((r) => r.attributes.drupal_internal__nid), [111, 112, 113, 114, 115]);
  assert.ok(small.body.links.prev && small.body.links.next);
  const last = await api.get('/jsonapi/node/course?page[offset]=115');
  assert.equal(last.body.data.length, 5);
  assert.equal(last.body.links.next, undefined);
});

test('the page size is an option', async (t) => {
  const sim = await startDrupalSimulator({ exportDir: syntheticExport({ courses: 12 }), clock: testClock, pageSize: 5 });
  t.after(() => sim.close());
  const { pages } = await readAll(client(sim), '/jsonapi/node/course?page[limit]=50');
  assert.equal(pages, 3);
});

test('sort: ascending, descending, several keys, NULL first, and the long form', async (t) => {
  const sim = await startDrupalSimulator({ exportDir: syntheticExport({ courses: 12 }), clock: testClock });
  t.after(() => sim.close());
  const api = client(sim);
  const nids = async (sort) => (await api.get(`/jsonapi/node/course?${qs(sort)}`)).body.data.map((r) => r.attributes.drupal_internal__nid);
  assert.deepEqual(await nids([['sort', '-changed']]), [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  assert.deepEqual(await nids([['sort', '-field_code,drupal_internal__nid']]).then((l) => l.slice(0, 3)), [9, 7, 5], 'text order: ODD-9 > ODD-7 > ODD-5');
  assert.deepEqual(await nids([['sort', 'field_level,-drupal_internal__nid']]).then((l) => l.slice(0, 4)), [12, 8, 4, 11]);
  assert.deepEqual(await nids([['sort[a][path]', 'drupal_internal__nid'], ['sort[a][direction]', 'DESC']]).then((l) => l[0]), 12);
  const wrong = await api.get('/jsonapi/node/course?sort=nope');
  assert.equal(wrong.status, 400);
  assert.match(wrong.body.errors[0].detail, /The field `nope`, given in the path `nope`, does not exist/);
});

test('sparse fieldsets keep type, id and links, and only the named attributes and relationships', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const r = await client(sim).get(`/jsonapi/node/course?${qs([['fields[node--course]', 'title,field_category'], ['sort', 'drupal_internal__nid']])}`);
  const [first] = r.body.data;
  assert.deepEqual(Object.keys(first).sort(), ['attributes', 'id', 'links', 'relationships', 'type']);
  assert.deepEqual(Object.keys(first.attributes), ['title']);
  assert.deepEqual(Object.keys(first.relationships), ['field_category']);
  assert.match(first.links.self.href, /\?resourceVersion=id%3A240$/);
  const census = await client(sim).get('/jsonapi/node/course?fields[node--course]=drupal_internal__nid');
  assert.deepEqual(Object.keys(census.body.data[0].attributes), ['drupal_internal__nid']);
  assert.equal(census.body.data[0].relationships, undefined);
});

test('include puts each related resource once into included', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const r = await client(sim).get(`/jsonapi/node/course?${qs([['include', 'field_category,field_template'], ['fields[taxonomy_term--course_categories]', 'name']])}`);
  const ids = r.body.included.map((i) => i.id);
  assert.equal(new Set(ids).size, ids.length, 'one copy per resource');
  const languages = r.body.included.find((i) => i.id === CATEGORY_LANGUAGES);
  assert.deepEqual(languages.attributes, { name: 'Languages' });
  assert.ok(r.body.included.some((i) => i.type === 'taxonomy_term--course_templates'));
  const bad = await client(sim).get('/jsonapi/node/course?include=nope');
  assert.equal(bad.status, 400);
  assert.match(bad.body.errors[0].detail, /`nope` is not a valid relationship field name/);
  const one = await client(sim).get(`/jsonapi/node/course/${COURSE_DE}?include=field_category`);
  assert.deepEqual(one.body.included.map((i) => i.id), [CATEGORY_LANGUAGES]);
});

test('a single resource by uuid; an unknown uuid and an unknown collection answer Drupal\'s 404s', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  const one = await api.get(`/jsonapi/user/user/${USER_ANNA}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.data.attributes.name, 'anna.schmidt');
  assert.equal(one.body.links.self.href, `${sim.url}/jsonapi/user/user/${USER_ANNA}`);
  const missing = await api.get(`/jsonapi/node/course/${courseUuid(999)}`);
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body.errors[0].title, 'Not Found');
  assert.equal(missing.body.errors[0].status, '404');
  assert.equal(missing.body.errors[0].detail, 'The "entity" parameter was not converted for the path "/jsonapi/node/course/{entity}" (route name: "jsonapi.node--course.individual")');
  const route = await api.get('/jsonapi/node/article');
  assert.equal(route.status, 404);
  assert.match(route.body.errors[0].detail, /^No route found for "GET /);
});

test('an entity without changed reads as the export time; registrations get it too', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const r = await client(sim).get('/jsonapi/registration/course_registration?fields[registration--course_registration]=changed');
  assert.ok(r.body.data.length > 0);
  for (const reg of r.body.data) assert.equal(Date.parse(reg.attributes.changed) / 1000, EXPORTED);
  const filtered = await client(sim).get(`/jsonapi/registration/course_registration?${qs([['filter[c][condition][path]', 'changed'], ['filter[c][condition][operator]', '>='], ['filter[c][condition][value]', String(EXPORTED)]])}`);
  assert.equal(filtered.body.data.length, r.body.data.length);
});

test('a parameter of only a-z that JSON:API does not define is refused; one with another character passes', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const bad = await client(sim).get('/jsonapi/node/course?foo=1');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors[0].detail, "The following query parameters violate the JSON:API spec: 'foo'.");
  assert.equal((await client(sim).get('/jsonapi/node/course?cacheBust=1')).status, 200);
});

test('a listing read again after an edit, an addition or a removal shows it (no stale rows)', async (t) => {
  const sim = await startDrupalSimulator({ exportDir: syntheticExport({ courses: 5 }), clock: testClock });
  t.after(() => sim.close());
  const api = client(sim);
  const titles = async () => (await api.get('/jsonapi/node/course?sort=-title&fields[node--course]=title')).body.data.map((d) => d.attributes.title);
  assert.deepEqual(await titles(), ['Course 0005', 'Course 0004', 'Course 0003', 'Course 0002', 'Course 0001']);
  sim.edit('node--course', courseUuid(1), { title: 'Course 9999' });
  assert.equal((await titles())[0], 'Course 9999');
  sim.remove('node--course', courseUuid(2));
  const added = sim.add('node--course', { attributes: { drupal_internal__nid: 6, title: 'Course 0000', status: true } });
  assert.deepEqual(await titles(), ['Course 9999', 'Course 0005', 'Course 0004', 'Course 0003', 'Course 0000']);
  assert.equal(Date.parse(added.attributes.changed) / 1000, testClock());
  assert.equal((await api.get(`/jsonapi/node/course/${courseUuid(2)}`)).status, 404);
});

test('every answer carries a Date header from the site clock, never the machine clock', async (t) => {
  let now = 1796540400;  // Sun, 06 Dec 2026 07:00:00 GMT
  const sim = await startDrupalSimulator({ exportDir: syntheticExport({ courses: 3 }), clock: () => now });
  t.after(() => sim.close());
  const api = client(sim);
  assert.equal((await api.get('/jsonapi/node/course')).headers.get('date'), 'Sun, 06 Dec 2026 07:00:00 GMT');
  now += 61;
  assert.equal((await api.get('/jsonapi/node/course/nope')).headers.get('date'), 'Sun, 06 Dec 2026 07:01:01 GMT');
});

test('keyset paging: a `>` condition on the id key with the sort on it pages from the last id read', async (t) => {
  const sim = await startDrupalSimulator({ exportDir: syntheticExport({ courses: 120 }), clock: testClock });
  t.after(() => sim.close());
  const page = await client(sim).get(`/jsonapi/node/course?${qs([['sort', 'drupal_internal__nid'], ['filter[keyset][condition][path]', 'drupal_internal__nid'],
    ['filter[keyset][condition][operator]', '>'], ['filter[keyset][condition][value]', '50']])}`);
  assert.deepEqual(page.body.data.map((r) => r.attributes.drupal_internal__nid), Array.from({ length: 50 }, (_, i) => i + 51));
  assert.ok(page.body.links.next, 'more rows follow');
});
