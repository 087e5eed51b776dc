// The Drupal HTTP client against the Drupal simulator: Basic auth, an OAuth2 bearer fetched once
// and renewed before it expires, credentials only in headers and only to source.url.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDrupalSimulator } from '../../../drupal-simulator/server.mjs';
import { createDrupalClient } from '../../../js/source/jsonapi/http-client.mjs';
import { EXPORT_DIR, core } from './live-harness.mjs';
import { TEST_NOW } from '../test-clock.mjs';

async function withSim(body, options = {}) {
  const sim = await startDrupalSimulator({ exportDir: EXPORT_DIR, clock: () => TEST_NOW, ...options });
  try {
    await body(sim);
  } finally {
    await sim.close();
  }
}

test('Basic auth: the account is recognised (meta.links.me) and the password is in no URL', async () => {
  await withSim(async (sim) => {
    const { username, password } = sim.credentials;
    const client = createDrupalClient({ core, url: `${sim.url}/`, auth: 'basic', credentials: { username, password } });
    const answer = await client.request('GET', '/jsonapi');
    assert.equal(answer.status, 200);
    assert.ok(JSON.parse(answer.body).meta.links.me.href);
    assert.equal(answer.account, username);
    assert.deepEqual(sim.calls.map((c) => [c.path, c.auth]), [['/jsonapi', 'basic']]);
    assert.ok(!JSON.stringify(sim.calls).includes(password));
    assert.equal(client.redact(`x ${password} y`), 'x [redacted] y');
  });
});

test('OAuth2: one token request, then bearer requests; a new token shortly before expires_in', async () => {
  await withSim(async (sim) => {
    const { client_id, client_secret } = sim.credentials;
    let now = 1_000_000;
    const client = createDrupalClient({ core, url: sim.url, auth: 'oauth', credentials: { client_id, client_secret, scope: 'moodle_sync' }, now: () => now });
    for (let i = 0; i < 3; i += 1) assert.equal((await client.request('GET', '/jsonapi')).status, 200);
    assert.deepEqual(sim.calls.map((c) => `${c.method} ${c.path} ${c.auth}`), [
      'POST /oauth/token anonymous', 'GET /jsonapi bearer', 'GET /jsonapi bearer', 'GET /jsonapi bearer']);
    now += 280_000;  // 300 s tokens: renewed 30 s before they expire
    assert.equal((await client.request('GET', '/jsonapi')).status, 200);
    assert.equal(sim.calls.filter((c) => c.path === '/oauth/token').length, 2);
    assert.ok(!JSON.stringify(sim.calls).includes(client_secret));
  });
});

test('a wrong client secret is answered by the token endpoint, and the secret is not echoed', async () => {
  await withSim(async (sim) => {
    const client = createDrupalClient({ core, url: sim.url, auth: 'oauth', credentials: { client_id: sim.credentials.client_id, client_secret: 'wrong-secret-123', scope: 's' } });
    const answer = await client.request('GET', '/jsonapi/node/course');
    assert.equal(answer.status, 401);
    assert.match(answer.url, /\/oauth\/token$/);
    assert.ok(!JSON.stringify(answer).includes('wrong-secret-123'));
  });
});

test('a link to another host is refused: the credentials go only to source.url', async () => {
  await withSim(async (sim) => {
    let sent = 0;
    const fetchImpl = async (...args) => { sent += 1; return fetch(...args); };
    const client = createDrupalClient({ core, url: sim.url, auth: 'basic', credentials: sim.credentials, fetchImpl });
    const answer = await client.request('GET', 'http://evil.example/jsonapi/node/course?page[offset]=50');
    assert.match(answer.refused, /not a URL of source\.url/);
    assert.equal(sent, 0);
  });
});

test('a request that outlives source.timeout_seconds ends as a transport error', async () => {
  await withSim(async (sim) => {
    sim.faults.add({ path: '/jsonapi', kind: 'slow', delayMs: 3000 });
    const client = createDrupalClient({ core, url: sim.url, auth: 'basic', credentials: sim.credentials, timeoutSeconds: 1 });
    const answer = await client.request('GET', '/jsonapi');
    assert.equal(answer.status, 0);
    assert.match(answer.transportError, /abort|timeout/i);
  });
});
