// `npm run screenshot`: docs/admin-page.png, the admin page after it planned the bundled example
// against the bundled Moodle simulator (with its token), one row opened. `serve` without a
// configuration in this process, Debian's Chromium headless in a 1280 x 900 window.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { adminOnlyContext, startServer } from '../js/host/serve-command.mjs';
import { launchBrowser } from '../tests/browser/browser.mjs';
import { plannerReady } from '../tests/browser/admin-page-driver.mjs';

const OUT = fileURLToPath(new URL('../docs/admin-page.png', import.meta.url));
// A fixed clock for the simulator, so that the dates shown are the same every time.
const CLOCK = 1795609118;

const ctx = await adminOnlyContext({ now: () => CLOCK });
const server = await startServer(ctx, { port: 0 });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/admin/`);
  await plannerReady(page);
  await page.waitForSelector('#example-button:visible');
  await page.click('#example-button');
  // The example's simulator token is held in memory (never in the page) once fetched.
  await page.waitForSelector('#example-token-note:visible');
  await page.click('#plan-button');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.planState), null, { timeout: 60000 });
  if (await page.evaluate(() => document.body.dataset.planState) !== 'done') throw new Error(`the plan failed: ${await page.textContent('#run-error')}`);
  // One row opened: the first course, its fields old -> new and its Moodle calls.
  await page.locator('#plan-table [role=row][data-key]', { hasText: 'node--course 100' }).click();
  await page.waitForSelector('#row-details:visible');
  await mkdir(new URL('../docs/', import.meta.url), { recursive: true });
  // The whole page, 1280 wide: the site guard at the top down to the opened row.
  await page.screenshot({ path: OUT, fullPage: true });
  console.log(`wrote ${OUT}`);
} finally {
  await browser.close();
  await server.close();
  await ctx.close();
}
