// Driving the admin page through its DOM contract (ids and data attributes), for the browser tests,
// the benchmark and the screenshot.
import { readFile } from 'node:fs/promises';
import { launchBrowser } from './browser.mjs';

/**
 * A browser page on the admin page, with every request it and its worker make recorded:
 * `requests` [{url, method, headers, postData}]. Resolves to `{browser, context, page, requests, errors, close()}`.
 */
export async function openAdminPage(baseUrl, { viewport, path = '/admin/' } = {}) {
  const browser = await launchBrowser();
  const context = await browser.newContext({ acceptDownloads: true, ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push({ url: request.url(), method: request.method(), headers: request.headers(), postData: request.postData() }));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${baseUrl}${path}`);
  await plannerReady(page);
  return { browser, context, page, requests, errors, close: () => browser.close() };
}

/** Resolves once the page's planner has started (it validates the configuration field then). */
export function plannerReady(page) {
  return page.waitForSelector('#config-status[data-state]', { state: 'attached' });
}

/** Types a configuration into the page, waits until its validation answered. */
export async function typeConfig(page, text) {
  // The validation's verdict is set anew once the planner answered for this text.
  await page.evaluate(() => document.querySelector('#config-status').removeAttribute('data-state'));
  await page.fill('#config-text', text);
  await plannerReady(page);
}

/**
 * Plans on the page: the configuration typed, the export files given (when any), the Drupal mode and
 * account, the token typed (when given); Plan clicked, resolves once the plan is done or failed to
 * the page's planState.
 */
export async function planOnPage(page, { configText, exportFiles = null, drupal = null, token = null }) {
  await typeConfig(page, configText);
  if (exportFiles) {
    await page.setInputFiles('#export-files', exportFiles);
    await page.waitForFunction(() => /\d+ files?/.test(document.querySelector('#export-status')?.textContent ?? ''));
  }
  if (drupal) {
    await page.selectOption('#drupal-mode', drupal.via);
    await page.fill('#drupal-username', drupal.username);
    await page.fill('#drupal-password', drupal.password);
  }
  if (token !== null) await page.fill('#moodle-token', token);
  await page.click('#plan-button');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.planState), null, { timeout: 60000 });
  return page.evaluate(() => document.body.dataset.planState);
}

/** The bytes of the page's "Download plan as JSON", through Chromium's download. */
export async function downloadPlan(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-plan')]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

/** The JSON path of each issue the page lists. */
export function issuePaths(page) {
  return page.$$eval('#config-issues li', (items) => items.map((li) => li.querySelector('code.issue-path')?.textContent ?? ''));
}
