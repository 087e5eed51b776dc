// The admin page reading a live Drupal (the Drupal simulator serving the bundled example through
// JSON:API): directly, allowed by Drupal's CORS settings, and through `serve`'s /admin/drupal/ proxy.
// Its plan is `moodle-sync plan --json` of the same live configuration, and Drupal only ever sees GETs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHROMIUM, chromiumAvailable, cliJson, downloadPlan, exampleSite, moodleReads, openAdminPage, pageServer, planOnPage,
} from './admin-page-harness.mjs';

const skip = !chromiumAvailable && !process.env.CI && `no browser at ${CHROMIUM}`;

/** Plans the live site on the page (`via` direct or proxy) and checks it against the CLI and the logs. */
async function planLive({ site, server, via }) {
  const page = await openAdminPage(server.url);
  try {
    const expected = await cliJson(site, 'plan');
    site.drupal.calls.length = 0;
    site.moodle.resetCallLog();
    const drupal = { via, username: site.drupal.credentials.username, password: site.drupal.credentials.password };
    const state = await planOnPage(page.page, { configText: site.configText, drupal, token: site.moodle.tokens.admin });
    assert.equal(state, 'done', await page.page.textContent('#run-error').catch(() => ''));
    assert.equal((await downloadPlan(page.page)).text, expected, 'the page\'s plan is the CLI\'s, byte for byte');

    // Drupal is only read: GETs (and, read directly, the browser's CORS preflights).
    const methods = new Set(site.drupal.calls.map((c) => c.method));
    assert.ok(site.drupal.calls.filter((c) => c.method === 'GET').length >= 6, 'every collection was read');
    assert.deepEqual([...methods].filter((m) => m !== 'GET' && m !== 'OPTIONS'), []);
    const reads = moodleReads();
    assert.deepEqual(site.moodle.callLog.map((c) => c.wsfunction).filter((f) => !reads.has(f)), [], 'Moodle is only read');
    assert.deepEqual(page.errors, []);
    return page;
  } catch (e) {
    await page.close();
    throw e;
  }
}

test('read directly from a Drupal whose CORS allows the page: the plan is `plan --json` of the live configuration', { skip }, async () => {
  const server = await pageServer();
  const site = await exampleSite({ live: true, cors: server.url });
  try {
    const { page, requests, close } = await planLive({ site, server, via: 'direct' });
    const toDrupal = requests.filter((r) => r.url.startsWith(site.drupal.url));
    assert.ok(toDrupal.length >= 6 && toDrupal.every((r) => r.method === 'GET'), 'the page\'s worker read Drupal itself');
    assert.ok(requests.every((r) => !new URL(r.url).pathname.startsWith('/admin/drupal/')), 'not through the proxy');
    assert.equal(await page.getAttribute('#site-guard', 'data-writes-allowed'), 'true');
    await close();
  } finally {
    await site.close();
    await server.close();
  }
});

test('a Drupal without CORS for the page is read through serve\'s proxy, with the same plan', { skip }, async () => {
  const site = await exampleSite({ live: true });
  const server = await pageServer({ configFile: site.configFile, env: site.env });
  try {
    const { requests, close } = await planLive({ site, server, via: 'proxy' });
    assert.equal(requests.filter((r) => r.url.startsWith(site.drupal.url)).length, 0, 'the browser never reached Drupal itself');
    const proxied = requests.filter((r) => r.url.startsWith(`${server.url}/admin/drupal/`));
    assert.ok(proxied.length >= 6 && proxied.every((r) => r.method === 'GET'));
    await close();
  } finally {
    await server.close();
    await site.close();
  }
});

test('after a sync, the page given the sync\'s journal plans exactly what `plan --json` plans', { skip }, async () => {
  const server = await pageServer();
  const site = await exampleSite({ live: true, cors: server.url });
  const { page, close } = await openAdminPage(server.url);
  try {
    await cliJson(site, 'sync');
    const expected = await cliJson(site, 'plan');
    await page.setInputFiles('#journal-file', `${site.configFile}.moodle-sync-journal.jsonl`);
    await page.waitForFunction(() => / records?, used by the next plan/.test(document.getElementById('journal-status').textContent));
    const drupal = { via: 'direct', username: site.drupal.credentials.username, password: site.drupal.credentials.password };
    const state = await planOnPage(page, { configText: site.configText, drupal, token: site.moodle.tokens.admin });
    assert.equal(state, 'done', await page.textContent('#run-error').catch(() => ''));
    assert.equal((await downloadPlan(page)).text, expected, 'the journal decides what is read, on the page as in the CLI');
  } finally {
    await close();
    await site.close();
    await server.close();
  }
});
