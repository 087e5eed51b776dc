// Every filter form Drupal's JSON:API takes, with the database's comparisons (`changed` in unix
// seconds, MySQL's cast of text to numbers) and the 400s and 403 it answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDrupalSimulator } from '../../../drupal-simulator/server.mjs';
import { testClock } from '../test-clock.mjs';
import { client, courseUuid, qs, startSim, syntheticExport } from './helpers.mjs';

const BASE = 1790000000;
let sim;
let api;
before(async () => {
  sim = await startDrupalSimulator({ exportDir: syntheticExport({ courses: 30, base: BASE }), clock: testClock });
  api = client(sim);
});
after(() => sim.close());

/** The nids a filtered listing returns, sorted by nid. */
async function nids(pairs) {
  const r = await api.get(`/jsonapi/node/course?${qs([...pairs, ['sort', 'drupal_internal__nid']])}`);
  assert.equal(r.status, 200, r.text);
  return r.body.data.map((d) => d.attributes.drupal_internal__nid);
}
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const condition = (name, path, operator, value) => {
  const pairs = [[`filter[${name}][condition][path]`, path]];
  if (operator !== undefined) pairs.push([`filter[${name}][condition][operator]`, operator]);
  if (Array.isArray(value)) for (const v of value) pairs.push([`filter[${name}][condition][value][]`, String(v)]);
  else if (value !== undefined) pairs.push([`filter[${name}][condition][value]`, String(value)]);
  return pairs;
};

test('the short form filter[field]=value', async () => {
  assert.deepEqual(await nids([['filter[field_code]', 'ODD-7']]), [7]);
  assert.deepEqual(await nids([['filter[field_code]', 'odd-7']]), [7], 'text compares case-insensitively, as MySQL does');
  assert.deepEqual(await nids([['filter[drupal_internal__nid]', '4']]), [4]);
});

test('[value] with [operator], and conditions on changed in unix seconds', async () => {
  assert.deepEqual(await nids([['filter[title][value]', 'Course 002'], ['filter[title][operator]', 'STARTS_WITH']]), range(20, 29));
  assert.deepEqual(await nids(condition('c', 'changed', '>=', BASE + 28)), [28, 29, 30]);
  assert.deepEqual(await nids(condition('c', 'changed', '>', BASE + 28)), [29, 30]);
  assert.deepEqual(await nids(condition('c', 'changed', '<', BASE + 3)), [1, 2]);
  assert.deepEqual(await nids(condition('c', 'changed', '<=', BASE + 2)), [1, 2]);
  assert.deepEqual(await nids(condition('c', 'changed', undefined, BASE + 5)), [5], 'the operator defaults to =');
  assert.deepEqual((await nids(condition('c', 'changed', '<>', BASE + 5))).length, 29);
});

test('RFC 3339 in a timestamp filter acts as its leading digits (MySQL), so it matches every row', async () => {
  assert.deepEqual(await nids(condition('c', 'changed', '>=', '2026-05-01T00:00:00+00:00')), range(1, 30));
  assert.deepEqual(await nids([['filter[status]', 'true']]), [3, 6, 9, 12, 15, 18, 21, 24, 27, 30], "'true' is 0 to MySQL: status = 0");
  assert.deepEqual((await nids([['filter[status]', '1']])).length, 20);
});

test('IN, NOT IN, BETWEEN, NOT BETWEEN, CONTAINS, ENDS_WITH, IS NULL, IS NOT NULL', async () => {
  assert.deepEqual(await nids(condition('c', 'drupal_internal__nid', 'IN', [3, 5, 99])), [3, 5]);
  assert.deepEqual((await nids(condition('c', 'drupal_internal__nid', 'NOT IN', [3, 5]))).length, 28);
  assert.deepEqual(await nids(condition('c', 'drupal_internal__nid', 'BETWEEN', [4, 6])), [4, 5, 6]);
  assert.deepEqual((await nids(condition('c', 'drupal_internal__nid', 'NOT BETWEEN', [4, 6]))).length, 27);
  assert.deepEqual(await nids(condition('c', 'field_code', 'CONTAINS', 'EN-1')), [10, 12, 14, 16, 18]);
  assert.deepEqual(await nids(condition('c', 'field_code', 'ENDS_WITH', '-25')), [25]);
  assert.deepEqual(await nids(condition('c', 'field_level', 'IS NULL')), [4, 8, 12, 16, 20, 24, 28]);
  assert.deepEqual(await nids(condition('c', 'field_moodle_id', 'IS NOT NULL')), [1, 2, 3, 4, 5]);
  assert.deepEqual(await nids(condition('c', 'body.value', 'CONTAINS', 'Body 17')), [17], 'a property of a complex field');
});

test('groups: memberOf and conjunction OR, nested in the root AND', async () => {
  const pairs = [['filter[g][group][conjunction]', 'OR'],
    ...condition('a', 'drupal_internal__nid', '=', 2), ['filter[a][condition][memberOf]', 'g'],
    ...condition('b', 'drupal_internal__nid', '>', 27), ['filter[b][condition][memberOf]', 'g'],
    ...condition('c', 'field_code', 'STARTS_WITH', 'EVEN')];
  assert.deepEqual(await nids(pairs), [2, 28, 30]);
  const nested = [['filter[g][group][conjunction]', 'OR'], ['filter[h][group][conjunction]', 'AND'], ['filter[h][group][memberOf]', 'g'],
    ...condition('a', 'drupal_internal__nid', '<', 3), ['filter[a][condition][memberOf]', 'g'],
    ...condition('b', 'drupal_internal__nid', '>', 20), ['filter[b][condition][memberOf]', 'h'],
    ...condition('c', 'field_code', 'STARTS_WITH', 'ODD'), ['filter[c][condition][memberOf]', 'h']];
  assert.deepEqual(await nids(nested), [1, 2, 21, 23, 25, 27, 29]);
});

test('relationship paths: .id, .meta.drupal_internal__target_id, a field of the target, bare with IS NULL', async () => {
  const category1 = '00000000-0000-4000-9000-000000000001';
  assert.deepEqual(await nids(condition('c', 'field_category.id', '=', category1)), range(1, 30).filter((n) => n % 2 === 0));
  assert.deepEqual(await nids(condition('c', 'field_category.meta.drupal_internal__target_id', 'IN', [2])), range(1, 30).filter((n) => n % 2 === 1));
  assert.deepEqual(await nids([['filter[field_category.meta.drupal_internal__target_id]', '2']]), range(1, 30).filter((n) => n % 2 === 1));
  assert.deepEqual(await nids(condition('c', 'field_category.name', '=', 'Category 1')), range(1, 30).filter((n) => n % 2 === 0));
  assert.deepEqual((await nids(condition('c', 'field_template', 'IS NULL'))).length, 30);
  assert.deepEqual(await nids(condition('c', 'field_category', 'IS NULL')), []);
  assert.deepEqual(await nids(condition('c', 'id', 'IN', [courseUuid(7), courseUuid(8)])), [7, 8]);
});

/** The 400 detail of a listing with `pairs`. */
async function refused(pairs, status = 400) {
  const r = await api.get(`/jsonapi/node/course?${qs(pairs)}`);
  assert.equal(r.status, status, r.text);
  assert.equal(r.body.errors[0].status, String(status));
  return r.body.errors[0].detail;
}

test('the 400s: bare relationship, unknown field, operator, IS NULL with a value, missing value or path, short IS NULL, conjunction', async () => {
  assert.equal(await refused(condition('c', 'field_category', '=', 'x')),
    'Invalid nested filtering. The field `field_category`, given in the path `field_category` is incomplete, it must end with one of the following specifiers: `id`.');
  assert.equal(await refused([['filter[field_category]', 'x']]),
    'Invalid nested filtering. The field `field_category`, given in the path `field_category` is incomplete, it must end with one of the following specifiers: `id`.');
  assert.equal(await refused(condition('c', 'nope', '=', 1)), 'Invalid nested filtering. The field `nope`, given in the path `nope`, does not exist.');
  assert.equal(await refused(condition('c', 'title', 'LIKE', 'x')), "The 'LIKE' operator is not allowed in a filter parameter.");
  assert.equal(await refused(condition('c', 'title', 'IS NULL', 'x')), "Filters using the 'IS NULL' operator should not provide a value.");
  assert.equal(await refused(condition('c', 'title', '=')), "Filter parameter is missing a 'value' key.");
  assert.equal(await refused([['filter[c][condition][value]', '1']]), "Filter parameter is missing a 'path' key.");
  assert.match(await refused([['filter[field_template][operator]', 'IS NULL']]), /^You must provide a valid filter condition/);
  assert.equal(await refused([['filter[g][group][conjunction]', 'XOR']]), 'Allowed conjunctions: AND, OR.');
  assert.match(await refused(condition('c', 'drupal_internal__nid', 'BETWEEN', [1])), /BETWEEN/);
});

test('403 for a field the account may not view (a user\'s mail); a path into a config entity is 400', async (t) => {
  const northfield = await startSim({ accounts: [{ username: 'viewer', password: 'pw', permissions: ['access content', 'access user profiles'] }] });
  t.after(() => northfield.close());
  const viewer = client(northfield, `Basic ${Buffer.from('viewer:pw').toString('base64')}`);
  const mail = await viewer.get(`/jsonapi/user/user?${qs([['filter[mail]', 'x@y']])}`);
  assert.equal(mail.status, 403);
  assert.equal(mail.body.errors[0].detail, 'The current user is not authorized to filter by the `mail` field, given in the path `mail`.');
  const admin = client(northfield, null);
  const anonymous = await admin.get(`/jsonapi/user/user?${qs([['filter[mail]', 'x@y']])}`);
  assert.equal(anonymous.status, 401, 'without credentials the refusal is a challenge');
  const sync = await startSim();
  t.after(() => sync.close());
  const roles = await client(sync).get(`/jsonapi/user/user?${qs(condition('c', 'roles.id', '=', 'x'))}`);
  assert.equal(roles.status, 400);
  const byName = await client(sync).get(`/jsonapi/user/user?${qs(condition('c', 'roles.meta.drupal_internal__target_id', '=', 'authenticated'))}`);
  assert.equal(byName.status, 200);
  assert.ok(byName.body.data.length >= 4);
});
