// Credentials of a live source: Basic auth or an OAuth2 client-credentials bearer, sent in headers
// only, never in a URL, a report or an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoCredentials, makeLiveSite } from './live-harness.mjs';

test('Basic auth: every request is authenticated, no credential in any URL or in the report', async () => {
  const live = await makeLiveSite({ auth: 'basic' });
  try {
    const report = await live.run();
    assert.equal(report.summary.failed, 0);
    assert.ok(live.drupal.calls.length > 0);
    assert.ok(live.drupal.calls.every((c) => c.auth === 'basic'), JSON.stringify(live.drupal.calls.filter((c) => c.auth !== 'basic')));
    assertNoCredentials(live, JSON.stringify(live.drupal.calls));
    assertNoCredentials(live, JSON.stringify(report));
  } finally {
    await live.close();
  }
});

test('OAuth2 client credentials: one token for the run, bearer on every request, secrets nowhere', async () => {
  const live = await makeLiveSite({ auth: 'oauth' });
  try {
    const report = await live.run();
    assert.equal(report.summary.failed, 0);
    const tokenCalls = live.drupal.calls.filter((c) => c.path.startsWith('/oauth/token'));
    assert.equal(tokenCalls.length, 1);
    assert.equal(tokenCalls[0].method, 'POST');
    assert.ok(live.drupal.calls.filter((c) => c.path.startsWith('/jsonapi')).every((c) => c.auth === 'bearer'));
    assertNoCredentials(live, JSON.stringify(live.drupal.calls));
    assertNoCredentials(live, JSON.stringify(report));
  } finally {
    await live.close();
  }
});

test('missing credentials name the environment variable, not a value', async () => {
  const live = await makeLiveSite();
  try {
    const env = { ...live.env };
    delete env.DRUPAL_PASSWORD;
    await assert.rejects(live.run({}, { env }), /DRUPAL_PASSWORD/);
  } finally {
    await live.close();
  }
});

test('a wrong password (which Drupal answers as anonymous) stops the run before any read of entities, naming the account', async () => {
  const live = await makeLiveSite();
  try {
    const env = { ...live.env, DRUPAL_PASSWORD: 'wrong-password-xyz' };
    const error = await live.run({}, { env }).then(() => null, (e) => e);
    assert.ok(error, 'the run stopped');
    assert.match(error.message, /anonymous/);
    assert.match(error.message, new RegExp(`"${live.drupal.credentials.username}"`));
    assert.ok(!error.message.includes('wrong-password-xyz'));
    assert.deepEqual(live.drupal.calls.map((c) => c.path), ['/jsonapi'], 'only the entry point was read');
    assert.deepEqual(live.moodleWrites(), []);
  } finally {
    await live.close();
  }
});
