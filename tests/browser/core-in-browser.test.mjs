// The WebAssembly core loads in a browser module script from the same files as in Node, and gives
// the same answers to every decision vector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromiumAvailable, launchBrowser, serveRepository, CHROMIUM } from './browser.mjs';

const vectorFiles = readdirSync(fileURLToPath(new URL('../vectors/', import.meta.url))).filter((f) => f.endsWith('.json'));

test('every decision vector gives the same answer in Chromium', { skip: !chromiumAvailable && !process.env.CI && `no browser at ${CHROMIUM}` }, async () => {
  const site = await serveRepository();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}/tests/browser/vectors.html`);
    await page.waitForFunction(() => window.coreReady === true);
    const result = await page.evaluate((files) => window.runVectors(files), vectorFiles);
    assert.deepEqual(errors, []);
    assert.deepEqual(result.failures, []);
    assert.ok(result.count >= 80, `ran ${result.count} vectors`);
  } finally {
    await browser.close();
    await site.close();
  }
});
