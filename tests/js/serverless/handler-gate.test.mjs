// The function's gate over real HTTP: signed and unsigned requests, an old timestamp, a replay,
// the size, type and method limits, the health token and the run record route.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EVENTS_SECRET, HEALTH_TOKEN, COMPLETION_SECRET, startFunction } from './handler-harness.mjs';

const COURSE = '1b5fe941-c8f1-5244-9986-7801df666730';  // German for Beginners (nid 100)
const event = (uuid = COURSE, op = 'update') => ({ op, type: 'node--course', uuid });

let fn;
before(async () => { fn = await startFunction({ events: { max_body_bytes: 1024 } }); });
after(async () => { await fn?.close(); });

const assertNoSecret = (answer) => {
  for (const secret of [EVENTS_SECRET, HEALTH_TOKEN, COMPLETION_SECRET, fn.site.drupal.credentials.password]) {
    assert.ok(!answer.text.includes(secret), 'no secret in the answer');
  }
  for (const line of fn.lines) assert.ok(!line.includes(EVENTS_SECRET) && !line.includes(HEALTH_TOKEN), 'no secret in the log');
};

test('an unsigned event is refused 401 and nothing is run', async () => {
  const answer = await fn.send('/events', { body: JSON.stringify(event()), headers: { 'content-type': 'application/json' } });
  assert.equal(answer.status, 401);
  assert.equal(typeof answer.body.message, 'string');
  assert.equal(fn.site.moodleWrites().length, 0);
  assertNoSecret(answer);
});

test('a wrong signature is 401; a body changed after signing too', async () => {
  const body = JSON.stringify(event());
  const ts = fn.now() - 2;
  const wrong = await fn.send('/events', { body, headers: { 'content-type': 'application/json', 'x-moodle-sync-timestamp': String(ts), 'x-moodle-sync-signature': `sha256=${'0'.repeat(64)}` } });
  assert.equal(wrong.status, 401);
  // The headers signed for one body, sent with another.
  const { signedHeaders } = await import('../../../js/serverless/signature.mjs');
  const headers = await signedHeaders({ secret: EVENTS_SECRET, body, timestamp: ts });
  const tampered = await fn.send('/events', { body: JSON.stringify(event(COURSE, 'delete')), headers });
  assert.equal(tampered.status, 401);
  assert.equal(fn.site.moodleWrites().length, 0);
  assertNoSecret(wrong);
  assertNoSecret(tampered);
});

test('a timestamp outside the five-minute window is 401, inside it is accepted', async () => {
  const old = await fn.signed('/events', event(), { timestamp: fn.now() - 301 });
  assert.equal(old.status, 401);
  const ahead = await fn.signed('/events', event(), { timestamp: fn.now() + 301 });
  assert.equal(ahead.status, 401);
  const recent = await fn.signed('/events', event(), { timestamp: fn.now() - 299 });
  assert.equal(recent.status, 200);
});

test('the same signed request twice: the second is a replay, refused 409 and not run', async () => {
  const body = JSON.stringify(event());
  const headers = { 'content-type': 'application/json', 'x-moodle-sync-timestamp': String(fn.now() - 5) };
  const { signedHeaders } = await import('../../../js/serverless/signature.mjs');
  Object.assign(headers, await signedHeaders({ secret: EVENTS_SECRET, body, timestamp: fn.now() - 5 }));
  const first = await fn.send('/events', { body, headers });
  assert.equal(first.status, 200);
  const calls = fn.site.drupal.calls.length;
  const again = await fn.send('/events', { body, headers });
  assert.equal(again.status, 409);
  assert.equal(fn.site.drupal.calls.length, calls, 'a replay reads nothing');
  assertNoSecret(again);
});

test('a body over events.max_body_bytes is 413, a declared one before a byte is read', async () => {
  const big = JSON.stringify({ events: [event()], padding: 'x'.repeat(2000) });
  const answer = await fn.signed('/events', big);
  assert.equal(answer.status, 413);
});

test('a body that is not JSON by its content type is 415', async () => {
  const answer = await fn.signed('/events', event(), { headers: { 'content-type': 'text/plain' } });
  assert.equal(answer.status, 415);
});

test('GET /events is 405 with Allow: POST; an unknown path 404', async () => {
  const answer = await fn.send('/events', { method: 'GET' });
  assert.equal(answer.status, 405);
  assert.match(answer.headers.get('allow') ?? '', /POST/);
  assert.equal((await fn.send('/nowhere', { method: 'GET' })).status, 404);
});

test('a body that is not an event is 400 naming the JSON path', async () => {
  const answer = await fn.signed('/events', { events: [{ op: 'touch', type: 'node--course', uuid: COURSE }] });
  assert.equal(answer.status, 400);
  assert.match(answer.body.problem, /^\$\.events\[0\]/);
});

test('GET /health needs the token; with it: the version and whether Moodle and Drupal answer, no secret', async () => {
  assert.equal((await fn.send('/health', { method: 'GET' })).status, 401);
  assert.equal((await fn.send('/health', { method: 'GET', headers: { authorization: 'Bearer wrong-token-0123456789abcdef-012345' } })).status, 401);
  const answer = await fn.send('/health', { method: 'GET', headers: { authorization: `Bearer ${HEALTH_TOKEN}` } });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.moodle.ok, true);
  assert.equal(answer.body.drupal.ok, true);
  assert.equal(typeof answer.body.version, 'string');
  assert.ok(!answer.text.includes(fn.site.sim.tokens.admin), 'no Moodle token');
  assertNoSecret(answer);
});

test('GET /events/runs/<id>: a run\'s record behind the health token', async () => {
  const posted = await fn.signed('/events', event());
  assert.equal(posted.status, 200);
  const runId = posted.body.run_id;
  assert.equal((await fn.send(`/events/runs/${runId}`, { method: 'GET' })).status, 401);
  const record = await fn.send(`/events/runs/${runId}`, { method: 'GET', headers: { authorization: `Bearer ${HEALTH_TOKEN}` } });
  assert.equal(record.status, 200);
  assert.equal(record.body.state, 'done');
  assert.equal(record.body.run_id, runId);
  const unknown = await fn.send('/events/runs/no-such-run', { method: 'GET', headers: { authorization: `Bearer ${HEALTH_TOKEN}` } });
  assert.equal(unknown.status, 404);
});

test('the completion route is served by the same handler: its secret in the path', async () => {
  assert.equal((await fn.send(`/completion/${COMPLETION_SECRET}`, { method: 'GET' })).status, 200);
  assert.equal((await fn.send('/completion/not-the-secret', { method: 'GET' })).status, 401);
});
