// The admin page's shell in Chromium, on the real planner and WebAssembly core: the configuration
// is validated as it is typed, an export is taken from files or a folder, the page is usable from
// the keyboard alone and at a 640 px wide window (200 % zoom), and the Moodle token is gone from
// the page once Plan is pressed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromiumAvailable, launchBrowser, serveRepository, CHROMIUM } from './browser.mjs';
import { startSimulator } from '../../simulator/server.mjs';
import { testClock } from '../js/test-clock.mjs';

const skip = !chromiumAvailable && !process.env.CI && `no browser at ${CHROMIUM}`;
const EXAMPLE = fileURLToPath(new URL('../../examples/northfield/', import.meta.url));
const EXPORT_DIR = `${EXAMPLE}export`;
const exportFiles = readdirSync(EXPORT_DIR).sort().map((name) => `${EXPORT_DIR}/${name}`);
// The example's entities: every resource in the primary data of its documents.
const exampleEntities = exportFiles.filter((f) => !f.endsWith('site.json'))
  .reduce((n, f) => n + JSON.parse(readFileSync(f, 'utf8')).data.length, 0);

let site;
let browser;
let sim;

before(async () => {
  if (skip) return;
  site = await serveRepository();
  browser = await launchBrowser();
  sim = await startSimulator({ clock: testClock });
});

after(async () => {
  await browser?.close();
  await site?.close();
  await sim?.close();
});

// The example's configuration, pointed at the test's Moodle simulator.
function exampleConfig(change = (c) => c) {
  const config = JSON.parse(readFileSync(`${EXAMPLE}moodle-sync.json`, 'utf8'));
  config.moodle.url = sim.url;
  return `${JSON.stringify(change(config), null, 2)}\n`;
}

async function openPage({ width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const urls = [];
  page.on('request', (request) => urls.push(request.url()));
  await page.goto(`${site.url}/js/web/index.html`);
  await page.waitForFunction(() => document.getElementById('progress-text').textContent === 'Ready.');
  return { page, context, problems, urls };
}

const issuesOf = (page) => page.$$eval('#config-issues li', (items) => items.map((li) => ({
  path: li.querySelector('code.issue-path')?.textContent,
  text: li.textContent,
})));

async function waitForIssueCount(page, n) {
  await page.waitForFunction((count) => document.querySelectorAll('#config-issues li').length === count
    && document.getElementById('config-status').dataset.state === (count ? 'invalid' : 'valid'), n);
}

test('a configuration typed with mistakes lists every issue with its JSON path, updated as it is typed', { skip }, async () => {
  const { page, context, problems } = await openPage();
  try {
    const wrong = exampleConfig((c) => {
      c.moodle.url = 5;
      c.components.courses.deleted = 'explode';
      return c;
    }).trimEnd().replace(/\}$/, ',"bogus":1}');
    await page.fill('#config-text', wrong);
    await waitForIssueCount(page, 3);
    assert.deepEqual((await issuesOf(page)).map((i) => i.path).sort(), ['$.bogus', '$.components.courses.deleted', '$.moodle.url']);
    assert.match((await issuesOf(page)).find((i) => i.path === '$.moodle.url').text, /URL/);
    assert.equal(await page.getAttribute('#config-text', 'aria-invalid'), 'true');

    // Typing, key by key, removes the unknown key at the end: its issue goes away as soon as typing pauses.
    await page.focus('#config-text');
    await page.keyboard.press('Control+End');
    for (let i = 0; i < ',"bogus":1}'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('}');
    await waitForIssueCount(page, 2);
    assert.deepEqual((await issuesOf(page)).map((i) => i.path).sort(), ['$.components.courses.deleted', '$.moodle.url']);

    // A new mistake typed in shows up too.
    await page.keyboard.press('Backspace');
    await page.keyboard.type(',"extra":true}');
    await waitForIssueCount(page, 3);
    assert.ok((await issuesOf(page)).some((i) => i.path === '$.extra'));

    // Broken JSON is one issue at the document's root; a correct configuration has none.
    await page.fill('#config-text', '{"moodle": ');
    await waitForIssueCount(page, 1);
    assert.equal((await issuesOf(page))[0].path, '$');
    await page.fill('#config-text', exampleConfig());
    await waitForIssueCount(page, 0);
    assert.match(await page.textContent('#config-status'), /valid/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an export given as files or as a folder is counted, and a broken file is named', { skip }, async () => {
  const { page, context, problems } = await openPage();
  try {
    const status = async () => {
      await page.waitForFunction(() => ['ready', 'error'].includes(document.getElementById('export-status').dataset.state));
      return page.textContent('#export-status');
    };
    await page.setInputFiles('#export-files', exportFiles);
    assert.equal(await status(), `${exportFiles.length} files, ${exampleEntities} entities`);

    await page.setInputFiles('#export-folder', EXPORT_DIR);
    assert.equal(await status(), `${exportFiles.length} files, ${exampleEntities} entities`);

    await page.setInputFiles('#export-files', [
      { name: 'courses.json', mimeType: 'application/json', buffer: Buffer.from('{"data": [') },
      { name: 'site.json', mimeType: 'application/json', buffer: Buffer.from('{"site_url": "https://x.example"}') },
    ]);
    assert.match(await status(), /^courses\.json: not valid JSON/);
    // Plan then says which file could not be read, not that no export was given.
    await page.fill('#config-text', exampleConfig());
    await page.click('#plan-button');
    await page.waitForFunction(() => document.body.dataset.planState === 'error');
    assert.equal(await page.getAttribute('#run-error', 'data-class'), 'export');
    assert.match(await page.textContent('#run-error'), /courses\.json: not valid JSON/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the page is used from the keyboard alone: every control in order, the drop zone opens the picker, Enter plans', { skip }, async () => {
  const { page, context, problems } = await openPage();
  try {
    // Every control has a label a screen reader reads.
    const unlabelled = await page.$$eval('input, select, textarea, button', (controls) => controls
      .filter((c) => !c.hidden && c.type !== 'hidden' && !(c.labels?.length || c.getAttribute('aria-label') || c.textContent.trim()))
      .map((c) => c.id));
    assert.deepEqual(unlabelled, []);

    const focused = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.id || document.activeElement?.className);
      if (id === focused.at(-1)) continue;
      focused.push(id);
      if (id === 'plan-button') break;
    }
    const order = ['config-text', 'config-file', 'drupal-mode', 'export-files', 'export-folder', 'drop-zone', 'journal-file', 'moodle-token', 'plan-button'];
    assert.deepEqual(focused.filter((id) => order.includes(id)), order, `focus went ${focused.join(' -> ')}`);

    // A focused control shows where the focus is.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');

    // The drop zone is a button: Enter opens the file picker. (The listener is set well before the
    // key is pressed: Playwright intercepts the picker only once it has been told to.)
    const choosers = [];
    page.on('filechooser', (c) => choosers.push(c));
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
    await page.focus('#drop-zone');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 50 && choosers.length === 0; i++) await page.waitForTimeout(100);
    const [chooser] = choosers;
    assert.ok(chooser, 'Enter on the drop zone opened the file picker');
    assert.ok(chooser.isMultiple());
    await chooser.setFiles(exportFiles);
    await page.waitForFunction(() => document.getElementById('export-status').dataset.state === 'ready');

    // The configuration typed in, then Enter on Plan: a preview (no token) against an empty Moodle.
    await page.focus('#config-text');
    await page.keyboard.insertText(exampleConfig());
    await page.focus('#plan-button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.planState));
    assert.equal(await page.evaluate(() => document.body.dataset.planState), 'done', await page.textContent('#run-error'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-button');
    assert.equal(await page.isEnabled('#download-plan'), true);
    // The example's export declares the site its configuration names: the site guard lets it write.
    assert.equal(await page.getAttribute('#site-guard', 'data-writes-allowed'), 'true');
    assert.match(await page.textContent('#site-guard'), /writes allowed/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('at 640 px wide (200 % zoom) nothing overflows sideways', { skip }, async () => {
  const { page, context } = await openPage({ width: 640, height: 800 });
  try {
    await page.fill('#config-text', '{"moodle": {"url": 5}, "a_very_long_unknown_key_that_must_wrap_instead_of_overflowing_the_window": 1}');
    await page.waitForFunction(() => document.getElementById('config-status').dataset.state === 'invalid');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the window`);
  } finally {
    await context.close();
  }
});

test('the Moodle token is read when Plan is pressed, then gone from the field, the DOM, storage and every URL', { skip }, async () => {
  const { page, context, problems, urls } = await openPage();
  try {
    const token = sim.tokens.admin;
    await page.fill('#config-text', exampleConfig());
    await page.setInputFiles('#export-files', exportFiles);
    await page.fill('#moodle-token', token);
    await page.click('#plan-button');
    assert.equal(await page.inputValue('#moodle-token'), '');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.planState));
    assert.equal(await page.evaluate(() => document.body.dataset.planState), 'done', await page.textContent('#run-error'));
    // Planned against the Moodle it read: the site guard's verdict for the simulator's site is shown.
    assert.notEqual(await page.getAttribute('#site-guard', 'data-writes-allowed'), null);

    const found = await page.evaluate((secret) => ({
      dom: document.documentElement.outerHTML.includes(secret),
      values: [...document.querySelectorAll('input, textarea')].some((i) => i.value.includes(secret)),
      localStorage: JSON.stringify({ ...localStorage }).includes(secret),
      sessionStorage: JSON.stringify({ ...sessionStorage }).includes(secret),
      cookies: document.cookie.includes(secret),
      url: location.href.includes(secret),
    }), token);
    assert.deepEqual(found, { dom: false, values: false, localStorage: false, sessionStorage: false, cookies: false, url: false });
    assert.ok(urls.some((u) => u.startsWith(sim.url)), 'Moodle was read');
    assert.deepEqual(urls.filter((u) => u.includes(token)), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the bundled example fills the inputs and plans with the served token, which never reaches the page', { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const token = sim.tokens.admin;
  const files = readdirSync(EXPORT_DIR).sort().map((name) => ({ name, text: readFileSync(`${EXPORT_DIR}/${name}`, 'utf8') }));
  // What `serve` answers without a configuration, next to the page's folder.
  await page.route('**/js/example.json', (route) => route.fulfill({ json: { configText: exampleConfig(), configName: 'moodle-sync.json', files } }));
  await page.route('**/js/example-token', (route) => route.fulfill({ json: { token } }));
  try {
    await page.goto(`${site.url}/js/web/index.html`);
    await page.waitForSelector('#example-button:not([hidden])');
    await page.click('#example-button');
    await page.waitForFunction(() => document.getElementById('export-status').dataset.state === 'ready');
    assert.equal(await page.textContent('#export-status'), `${files.length} files, ${exampleEntities} entities (the bundled example)`);
    await page.waitForSelector('#example-token-note:not([hidden])');
    assert.equal(await page.inputValue('#moodle-token'), '');
    await page.click('#plan-button');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.planState));
    assert.equal(await page.evaluate(() => document.body.dataset.planState), 'done', await page.textContent('#run-error'));
    assert.match(await page.textContent('#progress-text'), /against the Moodle read/);
    assert.equal(await page.evaluate((secret) => document.documentElement.outerHTML.includes(secret), token), false);

    // An edited configuration may point anywhere: the example's token is not sent with it.
    await page.focus('#config-text');
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await page.waitForSelector('#example-token-note', { state: 'hidden' });
    const moodleRequests = [];
    context.on('request', (r) => { if (r.url().includes('/webservice/rest/server.php')) moodleRequests.push(r.url()); });
    await page.evaluate(() => { document.body.dataset.planState = 'before'; });
    await page.click('#plan-button');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.planState));
    assert.deepEqual(moodleRequests, [], 'planned like preview, without the example\'s token');
  } finally {
    await context.close();
  }
});

test('without a served example the button stays hidden', { skip }, async () => {
  const { page, context } = await openPage();
  try {
    await page.waitForLoadState('networkidle');
    assert.equal(await page.isHidden('#example-button'), true);
  } finally {
    await context.close();
  }
});
