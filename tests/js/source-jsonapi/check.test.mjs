// `moodle-sync check` of a live source, run as a user runs it: the Drupal side is reachable, the
// credentials are really accepted (a wrong Basic password runs as anonymous), the account sees
// every configured type, and JSON:API accepts writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../cli/cli-process.mjs';
import { makeLiveSite } from './live-harness.mjs';

async function check(options, envPatch = {}) {
  const live = await makeLiveSite(options);
  try {
    const result = await runCli(['check', '-c', live.configFile], { ...live.env, ...envPatch });
    return { ...result, live };
  } finally {
    await live.close();
  }
}

test('a well set-up site passes every Drupal check', async () => {
  const { code, stdout, live } = await check();
  assert.match(stdout, /ok {4}Drupal: the credentials are valid/);
  assert.match(stdout, /ok {4}Drupal: the account may see every configured type/);
  assert.match(stdout, /ok {4}Drupal: JSON:API accepts writes/);
  assert.doesNotMatch(stdout, /FAIL/);
  assert.equal(code, 0, stdout);
  assert.ok(!stdout.includes(live.drupal.credentials.password));
  const probe = live.drupal.calls.find((c) => c.method === 'PATCH');
  assert.equal(probe.status, 404, 'the test write names no entity');
});

test('a wrong password is detected although Drupal answers it as anonymous', async () => {
  const { code, stdout } = await check({}, { DRUPAL_PASSWORD: 'not-the-password' });
  assert.match(stdout, /FAIL {2}Drupal: Drupal answers as an anonymous visitor/);
  assert.ok(!stdout.includes('not-the-password'));
  assert.equal(code, 2);
});

test('a read-only JSON:API: writes not allowed, and how to allow them', async () => {
  const { code, stdout } = await check({ drupal: { readOnly: true } });
  assert.match(stdout, /FAIL {2}Drupal: JSON:API accepts only reads.*\/admin\/config\/services\/jsonapi/);
  assert.equal(code, 2);
});

test('an account without the registration admin permission: registrations not visible', async () => {
  const permissions = ['access content', 'bypass node access', 'administer users', 'administer taxonomy', 'administer permissions'];
  const { code, stdout } = await check({ drupal: { accounts: [{ username: 'limited', password: 'limited-pass-1', client_id: 'limited-client', client_secret: 'limited-secret', permissions, editable: { '*': ['field_moodle_id'] } }] } });
  assert.match(stdout, /FAIL {2}Drupal: the account cannot see every registration--course_registration: Drupal answers with no registration at all/);
  assert.match(stdout, /administer registration/);
  assert.doesNotMatch(stdout, /limited-pass-1/);
  assert.equal(code, 2);
});
