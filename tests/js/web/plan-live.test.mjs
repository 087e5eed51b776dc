// The page's planner reading a live Drupal (source.type "jsonapi"): directly or through serve's
// proxy, it plans exactly what `moodle-sync preview --json` and `plan --json` print, sends Drupal
// nothing but reads, and a wrong Drupal password is a credentials error without the password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { dispatch } from '../../../js/host/http-routes.mjs';
import { adminContext, startServer } from '../../../js/host/serve-command.mjs';
import { JOURNAL_SUFFIX, plan } from '../../../js/web/plan-pipeline.mjs';
import { runCli } from '../cli/cli-process.mjs';
import { assertNoCredentials, core, makeLiveSite } from '../source-jsonapi/live-harness.mjs';

async function withLive(body) {
  const live = await makeLiveSite();
  try {
    return await body(live);
  } finally {
    await live.close();
    await rm(live.dir, { recursive: true, force: true });
  }
}

/** serve's admin routes in front of the live site's Drupal: the proxy's base URL. */
async function withProxy(live, body) {
  const routes = { admin: adminContext({ type: 'jsonapi', url: live.drupal.url }, { proxy: true }) };
  const server = await startServer({ env: {}, handler: { handle: (request) => dispatch(request, routes) } }, { port: 0 });
  try {
    return await body(`${server.url}/admin/drupal`);
  } finally {
    await server.close();
  }
}

const drupalInput = (live, via, extra = {}) => ({ via, username: live.env.DRUPAL_USERNAME, password: live.env.DRUPAL_PASSWORD, ...extra });

test('a live Drupal read directly and through the proxy: the same bytes as `preview --json` and `plan --json`, and only GETs', async () => {
  await withLive(async (live) => {
    const configText = await readFile(live.configFile, 'utf8');
    const inputs = { configText, configName: live.configFile };
    const preview = await runCli(['preview', '--json', '-c', live.configFile], live.env);
    assert.equal(preview.code, 0, preview.stderr);
    const planned = await runCli(['plan', '--json', '-c', live.configFile], live.env);
    assert.equal(planned.code, 0, planned.stderr);
    const from = live.drupal.calls.length;
    const direct = await plan(core, { ...inputs, drupal: drupalInput(live, 'direct') });
    assert.equal(direct.ok, true, JSON.stringify(direct.error));
    assert.equal(direct.planJson, preview.stdout);
    const withToken = await plan(core, { ...inputs, drupal: drupalInput(live, 'direct'), moodle: { token: live.sim.tokens.admin } });
    assert.equal(withToken.ok, true, JSON.stringify(withToken.error));
    assert.equal(withToken.planJson, planned.stdout);
    await withProxy(live, async (proxyBase) => {
      const before = live.drupal.calls.length;
      const proxied = await plan(core, { ...inputs, drupal: drupalInput(live, 'proxy', { proxyBase }) });
      assert.equal(proxied.ok, true, JSON.stringify(proxied.error));
      assert.equal(proxied.planJson, preview.stdout);
      assert.ok(live.drupal.calls.length > before, 'the proxy reached Drupal');
    });
    assert.deepEqual([...new Set(live.callsSince(from).map((c) => c.method))], ['GET']);
    assert.deepEqual(live.moodleWrites(), []);
  });
});

test('a wrong Drupal password is a credentials error that does not show it', async () => {
  await withLive(async (live) => {
    const configText = await readFile(live.configFile, 'utf8');
    const password = 'not-the-password-1234';
    const answer = await plan(core, { configText, configName: live.configFile, drupal: drupalInput(live, 'direct', { password }) });
    assert.equal(answer.ok, false);
    assert.equal(answer.error.class, 'credentials', answer.error.message);
    assert.ok(!JSON.stringify(answer).includes(password));
    assertNoCredentials(live, JSON.stringify(answer));
    const missing = await plan(core, { configText, configName: live.configFile, drupal: { via: 'direct' } });
    assert.deepEqual(missing.error, { class: 'input', message: `Drupal's username and password are needed to read ${live.drupal.url}` });
  });
});

test('after a sync, a live plan given the journal is `plan --json` again; without it, it is not', async () => {
  await withLive(async (live) => {
    const synced = await runCli(['sync', '-c', live.configFile], live.env);
    assert.equal(synced.code, 0, synced.stderr);
    const journalFile = `${live.configFile}${JOURNAL_SUFFIX}`;
    const journal = { name: journalFile.split('/').pop(), text: await readFile(journalFile, 'utf8') };
    const planned = await runCli(['plan', '--json', '-c', live.configFile], live.env);
    assert.equal(planned.code, 0, planned.stderr);
    const inputs = { configText: await readFile(live.configFile, 'utf8'), configName: live.configFile, drupal: drupalInput(live, 'direct'), moodle: { token: live.sim.tokens.admin } };
    const withJournal = await plan(core, { ...inputs, files: [journal] });
    assert.equal(withJournal.ok, true, JSON.stringify(withJournal.error));
    assert.equal(withJournal.planJson, planned.stdout);
    const without = await plan(core, inputs);
    assert.equal(without.ok, true, JSON.stringify(without.error));
    assert.notEqual(without.planJson, planned.stdout, 'the journal decides what is read');
  });
});
