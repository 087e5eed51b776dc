// The browser admin page in Chromium, served by `serve`'s handler, planning the bundled example
// against the Moodle simulator: its plan is the CLI's plan byte for byte, its configuration issues
// carry their JSON paths, a wrong token is a credentials error and the token is found nowhere, the
// site guard's refusal is shown, and every Moodle request it makes is a read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../js/cli/cli-process.mjs';
import { serveRepository } from './browser.mjs';
import {
  CHROMIUM, chromiumAvailable, cliJson, core, downloadPlan, exampleSite, issuePaths, moodleReads, openAdminPage,
  pageServer, planOnPage, typeConfig,
} from './admin-page-harness.mjs';

const skip = !chromiumAvailable && !process.env.CI && `no browser at ${CHROMIUM}`;
const MOODLE_ENDPOINT = '/webservice/rest/server.php';

let server;
before(async () => { if (!skip) server = await pageServer(); });
after(async () => { await server?.close(); });

/** A site and a page for one test; both closed after it. */
async function withPage(siteOptions, body) {
  const site = await exampleSite(siteOptions);
  const browser = await openAdminPage(server.url);
  try {
    await body({ site, ...browser });
    assert.deepEqual(browser.errors, [], 'no uncaught error on the page');
  } finally {
    await browser.close();
    await site.close();
  }
}

test('with a token, the downloaded plan is `moodle-sync plan --json` byte for byte, and only reads were sent', { skip }, async () => {
  await withPage({}, async ({ site, page, requests }) => {
    const expected = await cliJson(site, 'plan');
    site.moodle.resetCallLog();
    const state = await planOnPage(page, { configText: site.configText, exportFiles: site.exportFiles, token: site.moodle.tokens.admin });
    assert.equal(state, 'done', await page.textContent('#run-error').catch(() => ''));
    const download = await downloadPlan(page);
    assert.equal(download.name, 'moodle-sync-plan.json');
    // No field is normalised: a dry run's plan holds no time, path or random value, and both read
    // the same simulator (the configuration's moodle.url) on the same fixed clock.
    assert.equal(download.text, expected);
    assert.equal(JSON.parse(download.text).dry_run, true);

    // Every request Moodle received is one the core lists as a read, and each was made by the page
    // (its worker included): Chromium saw as many POSTs to Moodle's endpoint as the simulator logged.
    const reads = moodleReads();
    const sent = site.moodle.callLog.map((c) => c.wsfunction);
    assert.ok(sent.length >= 5, `Moodle was read (${sent.join(', ')})`);
    assert.deepEqual(sent.filter((f) => !reads.has(f)), [], 'no Moodle call but reads');
    const toMoodle = requests.filter((r) => r.url.startsWith(site.moodle.url));
    assert.equal(toMoodle.length, sent.length);
    assert.ok(toMoodle.every((r) => r.method === 'POST' && new URL(r.url).pathname === MOODLE_ENDPOINT && new URL(r.url).search === ''));
    assert.equal(await page.inputValue('#moodle-token'), '', 'the token field is cleared once the plan is submitted');
  });
});

test('without a token, the downloaded plan is `moodle-sync preview --json` byte for byte and Moodle is not asked', { skip }, async () => {
  await withPage({}, async ({ site, page, requests }) => {
    const expected = await cliJson(site, 'preview');
    const state = await planOnPage(page, { configText: site.configText, exportFiles: site.exportFiles });
    assert.equal(state, 'done');
    assert.equal((await downloadPlan(page)).text, expected);
    assert.equal(site.moodle.callLog.length, 0);
    assert.equal(requests.filter((r) => r.url.startsWith(site.moodle.url)).length, 0);
  });
});

test('a configuration with three mistakes lists three issues, each with its JSON path', { skip }, async () => {
  await withPage({}, async ({ site, page }) => {
    const config = JSON.parse(site.configText);
    config.moodle.max_input_vars = 'lots';
    config.components.courses.mapping.fulname = 'title';
    config.components.users.blocked = 'explode';
    const text = JSON.stringify(config, null, 2);
    let expected;
    try {
      core.loadConfig(text, 'moodle-sync.json');
    } catch (e) {
      expected = e.issues.map((i) => i.path);
    }
    assert.equal(expected?.length, 3, `the core finds three issues: ${expected}`);
    await typeConfig(page, text);
    await page.waitForFunction(() => document.querySelectorAll('#config-issues li').length === 3);
    assert.deepEqual((await issuePaths(page)).sort(), [...expected].sort());
    assert.ok(expected.includes('$.moodle.max_input_vars') && expected.includes('$.components.courses.mapping.fulname'));
    // Mended, the list empties as you type.
    await typeConfig(page, site.configText);
    await page.waitForFunction(() => document.querySelectorAll('#config-issues li').length === 0);
  });
});

test('a wrong token is a credentials error, and the token is nowhere: DOM, inputs, storage, cookies, URLs, headers', { skip }, async () => {
  await withPage({}, async ({ site, page, context, requests }) => {
    const token = 'wrongtoken0f1e2d3c4b5a69788796a5b4';
    const state = await planOnPage(page, { configText: site.configText, exportFiles: site.exportFiles, token });
    assert.equal(state, 'error');
    assert.equal(await page.getAttribute('#run-error', 'data-class'), 'credentials');
    assert.equal(await page.getAttribute('#run-error', 'role'), 'alert');
    assert.ok((await page.textContent('#run-error')).trim().length > 0, 'the error says why');
    assert.ok(site.moodle.callLog.some((c) => c.errorcode === 'invalidtoken'), 'Moodle was asked and refused the token');

    const places = {};
    places.dom = await page.content();
    places.values = await page.$$eval('input, textarea, select', (els) => els.map((e) => `${e.id}=${e.value}`).join('\n'));
    places.attributes = await page.$$eval('*', (els) => els.flatMap((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`)).join('\n'));
    places.storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
    places.cookies = JSON.stringify(await context.cookies());
    places.title = await page.title();
    places.urls = requests.map((r) => r.url).join('\n');
    places.headers = requests.map((r) => JSON.stringify(r.headers)).join('\n');
    // The token's only way out is the body of the form POST to Moodle's endpoint.
    places.otherBodies = requests.filter((r) => !(r.url === `${site.moodle.url}${MOODLE_ENDPOINT}` && r.method === 'POST'))
      .map((r) => r.postData ?? '').join('\n');
    const toMoodle = requests.filter((r) => r.url.startsWith(site.moodle.url));
    assert.ok(toMoodle.length > 0 && toMoodle.every((r) => r.postData?.startsWith(`wstoken=${token}&`)), 'the token went to Moodle in the body');
    for (const [where, text] of Object.entries(places)) assert.ok(!text.includes(token), `the token is in ${where}`);
    assert.ok(places.dom.includes('data-class="credentials"'), 'the DOM that was searched is the page with its credentials error');
  });
});

test('the site guard\'s refusal stands at the top when the export\'s site is not a configured one', { skip }, async () => {
  const patch = (config) => { config.site.urls = ['https://another-site.example']; };
  await withPage({ patch }, async ({ site, page }) => {
    const cli = await cliJson(site, 'plan');
    const expected = JSON.parse(cli).site_guard;
    assert.equal(expected.writes_allowed, false);
    const state = await planOnPage(page, { configText: site.configText, exportFiles: site.exportFiles, token: site.moodle.tokens.admin });
    assert.equal(state, 'done');
    assert.equal(await page.getAttribute('#site-guard', 'data-writes-allowed'), 'false');
    const shown = (await page.textContent('#site-guard')).replace(/\s+/g, ' ');
    assert.ok(shown.includes(expected.reason), `"${shown}" gives the reason "${expected.reason}"`);
    assert.ok(await page.isVisible('#site-guard'));
    assert.match(await page.textContent('#calls-by-function caption'), /once allowed/, 'a stopped plan\'s calls are not what a sync sends now');
    assert.equal((await downloadPlan(page)).text, cli, 'the refused plan is the CLI\'s too');
  });
});

test('deployed as static files (js/ on a plain file server), the page previews the example alike', { skip }, async () => {
  const files = await serveRepository();
  const site = await exampleSite();
  const browser = await openAdminPage(files.url, { path: '/js/web/' });
  try {
    const state = await planOnPage(browser.page, { configText: site.configText, exportFiles: site.exportFiles });
    assert.equal(state, 'done');
    assert.equal((await downloadPlan(browser.page)).text, await cliJson(site, 'preview'));
    assert.equal(await browser.page.isHidden('#example-button'), true, 'no bundled example without serve');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
    await site.close();
    await files.close();
  }
});

test('the bundled example of `serve` without -c, planned on the page, is `moodle-sync plan --json` of the same files and Moodle', { skip }, async () => {
  const browser = await openAdminPage(server.url);
  try {
    const { page } = browser;
    await page.click('#example-button');
    await page.waitForSelector('#example-token-note', { state: 'visible' });
    await page.click('#plan-button');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.planState));
    assert.equal(await page.evaluate(() => document.body.dataset.planState), 'done');
    const shown = (await downloadPlan(page)).text;

    // The same example and the same simulator (serve's /simulator), planned by the CLI.
    const example = await (await fetch(`${server.url}/admin/example.json`)).json();
    const { token } = await (await fetch(`${server.url}/admin/example-token`)).json();
    const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-admin-example-'));
    await mkdir(path.join(dir, 'export'));
    for (const file of example.files) await writeFile(path.join(dir, 'export', file.name), file.text);
    await writeFile(path.join(dir, example.configName), example.configText);
    const cli = await runCli(['plan', '-c', path.join(dir, example.configName), '--json'], { MOODLE_TOKEN: token });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(shown, cli.stdout);
    assert.ok(JSON.parse(shown).calls.total > 0, 'Moodle was read');
    assert.ok(!(await page.content()).includes(token), 'the example\'s token is not in the page');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
