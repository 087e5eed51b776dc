// Who sees what: unpublished nodes and blocked users only for their admins (meta.omitted without a
// filter, not selected at all with one), registrations only for the registration admin, a user's
// mail only for user admins, users label-only for anonymous, roles and permissions through `me`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COURSE_UNPUBLISHED, USER_ANNA, USER_BLOCKED, basic, client, startSim } from './helpers.mjs';

const VIEWER = { username: 'viewer', password: 'pw', permissions: ['access content', 'access user profiles'] };
const viewerSim = () => startSim({ accounts: [VIEWER] });

test('the sync account sees unpublished nodes, blocked users, mails and registrations', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  const courses = await api.get('/jsonapi/node/course');
  assert.equal(courses.body.data.length, 7);
  assert.equal(courses.body.meta, undefined);
  const users = await api.get('/jsonapi/user/user');
  assert.equal(users.body.data.length, 5);
  assert.ok(users.body.data.every((u) => typeof u.attributes.mail === 'string'));
  assert.equal((await api.get('/jsonapi/registration/course_registration')).body.data.length, 5);
});

test('without the admin permission an unpublished node is omitted with meta.omitted, or not selected under a filter', async (t) => {
  const sim = await viewerSim();
  t.after(() => sim.close());
  const api = client(sim, basic('viewer', 'pw'));
  const r = await api.get('/jsonapi/node/course');
  assert.equal(r.body.data.length, 6);
  assert.ok(!r.body.data.some((d) => d.id === COURSE_UNPUBLISHED));
  assert.equal(r.body.meta.omitted.detail, 'Some resources have been omitted because of insufficient authorization.');
  const items = Object.entries(r.body.meta.omitted.links).filter(([k]) => k.startsWith('item--'));
  assert.equal(items.length, 1);
  assert.equal(items[0][1].href, `${sim.url}/jsonapi/node/course/${COURSE_UNPUBLISHED}`);
  assert.equal(items[0][1].meta.detail, 'The current user is not allowed to GET the selected resource.');
  const filtered = await api.get('/jsonapi/node/course?filter[field_moodle_id]=');
  assert.equal(filtered.body.meta, undefined, 'a filter selects only what the account may see');
  assert.ok(!filtered.body.data.some((d) => d.id === COURSE_UNPUBLISHED));
  const one = await api.get(`/jsonapi/node/course/${COURSE_UNPUBLISHED}`);
  assert.equal(one.status, 403);
  assert.equal(one.body.errors[0].detail, 'The current user is not allowed to GET the selected resource.');
});

test('without administer users: blocked users label-only, no mail; registrations empty without an error', async (t) => {
  const sim = await viewerSim();
  t.after(() => sim.close());
  const api = client(sim, basic('viewer', 'pw'));
  const users = await api.get('/jsonapi/user/user');
  const anna = users.body.data.find((u) => u.id === USER_ANNA);
  assert.equal(anna.attributes.name, 'anna.schmidt');
  assert.equal(anna.attributes.mail, undefined, 'absent, not null');
  assert.ok(!('mail' in anna.attributes));
  const blocked = users.body.data.find((u) => u.id === USER_BLOCKED);
  assert.deepEqual(blocked.attributes, { display_name: 'former.student' });
  const filtered = await api.get('/jsonapi/user/user?filter[field_city]=Northfield');
  assert.ok(!filtered.body.data.some((u) => u.id === USER_BLOCKED), 'with a filter only active users are selected');
  const registrations = await api.get('/jsonapi/registration/course_registration?filter[state]=complete');
  assert.equal(registrations.status, 200);
  assert.deepEqual(registrations.body.data, []);
});

test('anonymous sees every user label-only, and no me link', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const r = await client(sim, null).get('/jsonapi/user/user');
  assert.equal(r.body.data.length, 5);
  for (const u of r.body.data) assert.deepEqual(Object.keys(u.attributes), ['display_name']);
  const one = await client(sim, null).get(`/jsonapi/user/user/${USER_BLOCKED}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.body.data.attributes, { display_name: 'former.student' });
});

test('the me link leads to the account\'s user, its roles and their permissions', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const api = client(sim);
  const me = (await api.get('/jsonapi')).body.meta.links.me.href;
  const user = await api.get(me);
  assert.equal(user.status, 200);
  assert.equal(user.body.data.attributes.name, sim.credentials.username);
  const permissions = new Set();
  for (const role of user.body.data.relationships.roles.data) {
    const r = await api.get(`/jsonapi/user_role/user_role/${role.id}`);
    assert.equal(r.status, 200, r.text);
    for (const p of r.body.data.attributes.permissions) permissions.add(p);
  }
  for (const p of ['bypass node access', 'administer users', 'administer taxonomy', 'administer registration']) assert.ok(permissions.has(p), p);
  const listing = await api.get('/jsonapi/user/user');
  assert.ok(!listing.body.data.some((u) => u.attributes.name === sim.credentials.username), 'the sync account is not one of the site\'s people');
});

test('an account sees its own user in full', async (t) => {
  const sim = await startSim({ accounts: [{ username: 'plain', password: 'pw', permissions: [] }] });
  t.after(() => sim.close());
  const api = client(sim, basic('plain', 'pw'));
  const me = (await api.get('/jsonapi')).body.meta.links.me.href;
  const r = await api.get(me);
  assert.equal(r.body.data.attributes.mail, 'plain@simulator.invalid');
  const other = await api.get(`/jsonapi/user/user/${USER_ANNA}`);
  assert.deepEqual(other.body.data.attributes, { display_name: 'anna.schmidt' });
  const course = await api.get('/jsonapi/node/course');
  assert.ok(course.body.data.length > 0, 'authenticated users hold "access content" in the example');
});

test('an included resource the account may not view is left out and listed in meta.omitted', async (t) => {
  const sim = await viewerSim();
  t.after(() => sim.close());
  const api = client(sim, basic('viewer', 'pw'));
  const r = await api.get('/jsonapi/user/user?include=roles');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.included, [], 'roles need administer permissions');
  const items = Object.values(r.body.meta.omitted.links).filter((l) => l.meta?.rel === 'item');
  assert.ok(items.length >= 1);
  assert.ok(items.every((l) => l.href.startsWith(`${sim.url}/jsonapi/user_role/user_role/`)));
});
