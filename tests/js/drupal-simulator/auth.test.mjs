// basic_auth and simple_oauth as Drupal runs them: a wrong password is anonymous without an
// error, a refusal without credentials is a 401 challenge, flood control after five failures,
// client-credentials tokens valid 300 seconds on the site's clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COURSE_UNPUBLISHED, basic, client, startSim } from './helpers.mjs';
import { TEST_NOW } from '../test-clock.mjs';

async function token(sim, form) {
  const r = await fetch(`${sim.url}/oauth/token`, { method: 'POST', body: new URLSearchParams(form) });
  return { status: r.status, body: await r.json() };
}

test('Basic: the right password runs as the account, a wrong one silently as anonymous', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const good = await client(sim).get('/jsonapi');
  assert.ok(good.body.meta.links.me);
  const wrong = await client(sim, basic(sim.credentials.username, 'wrong')).get('/jsonapi');
  assert.equal(wrong.status, 200);
  assert.equal(wrong.body.meta, undefined, 'no me link: anonymous');
  const courses = await client(sim, basic(sim.credentials.username, 'wrong')).get('/jsonapi/node/course');
  assert.equal(courses.status, 200);
  assert.equal(courses.body.data.length, 6, 'anonymous does not see the unpublished course');
  assert.deepEqual(sim.calls.slice(-2).map((c) => [c.auth, c.account]), [['basic', null], ['basic', null]]);
});

test('a refusal without credentials is 401 with WWW-Authenticate: Basic', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const r = await client(sim, null).get(`/jsonapi/node/course/${COURSE_UNPUBLISHED}`);
  assert.equal(r.status, 401);
  assert.match(r.headers.get('www-authenticate'), /^Basic realm="/);
  assert.equal(r.body.errors[0].status, '401');
});

test('flood control: after five wrong passwords the right one runs as anonymous too', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  for (let i = 0; i < 5; i++) await client(sim, basic(sim.credentials.username, `wrong${i}`)).get('/jsonapi');
  const r = await client(sim).get('/jsonapi');
  assert.equal(r.body.meta, undefined);
});

test('OAuth2 client credentials: a bearer token acting as the consumer\'s user, for 300 seconds', async (t) => {
  let now = TEST_NOW;
  const sim = await startSim({ clock: () => now });
  t.after(() => sim.close());
  const { client_id, client_secret } = sim.credentials;
  const issued = await token(sim, { grant_type: 'client_credentials', client_id, client_secret, scope: 'moodle_sync' });
  assert.equal(issued.status, 200);
  assert.equal(issued.body.token_type, 'Bearer');
  assert.equal(issued.body.expires_in, 300);
  const bearer = client(sim, `Bearer ${issued.body.access_token}`);
  const entry = await bearer.get('/jsonapi');
  assert.ok(entry.body.meta.links.me);
  assert.equal((await bearer.get('/jsonapi/node/course')).body.data.length, 7);
  assert.deepEqual([sim.calls.at(-1).auth, sim.calls.at(-1).account], ['bearer', sim.credentials.username]);
  now += 300;
  const expired = await bearer.get('/jsonapi');
  assert.equal(expired.status, 401);
  const unknown = await client(sim, 'Bearer nope').get('/jsonapi');
  assert.equal(unknown.status, 401);
  assert.equal(unknown.body.errors[0].status, '401');
});

test('the client may authenticate to the token endpoint with a Basic header', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const { client_id, client_secret } = sim.credentials;
  const r = await fetch(`${sim.url}/oauth/token`, {
    method: 'POST', headers: { authorization: basic(client_id, client_secret) },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'moodle_sync' }),
  });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).token_type, 'Bearer');
});

test('the token endpoint refuses a wrong secret, another grant and a request without scope', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const { client_id, client_secret } = sim.credentials;
  const wrong = await token(sim, { grant_type: 'client_credentials', client_id, client_secret: 'x', scope: 's' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error, 'invalid_client');
  const grant = await token(sim, { grant_type: 'password', client_id, client_secret, scope: 's' });
  assert.equal(grant.status, 400);
  assert.equal(grant.body.error, 'unsupported_grant_type');
  const noScope = await token(sim, { grant_type: 'client_credentials', client_id, client_secret });
  assert.equal(noScope.status, 400);
  assert.equal(noScope.body.error, 'invalid_request');
  assert.ok(!JSON.stringify(sim.calls).includes(client_secret), 'the call log holds no secret');
});

test('each start makes new secrets unless they are given', async (t) => {
  const a = await startSim();
  const b = await startSim();
  const c = await startSim({ accounts: [{ username: 'fixed', password: 'pw', client_id: 'cid', client_secret: 'cs', permissions: [] }] });
  t.after(() => Promise.all([a.close(), b.close(), c.close()]));
  assert.notEqual(a.credentials.password, b.credentials.password);
  assert.notEqual(a.credentials.client_secret, b.credentials.client_secret);
  assert.deepEqual(c.credentials, { username: 'fixed', password: 'pw', client_id: 'cid', client_secret: 'cs' });
});
