// `npm run screenshot`: docs/admin-page.png, the admin page after it planned the bundled example
// against the bundled Moodle simulator (with its token), one row opened. `serve` without a
// configuration in this process, Debian's Chromium headless at 1280 x 900.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { adminOnlyContext, startServer } from '../js/host/serve-command.mjs';
import { launchBrowser } from '../tests/browser/browser.mjs';
import { plannerReady } from '../tests/browser/admin-page-driver.mjs';

const OUT = fileURLToPath(new URL('../docs/admin-page.png', import.meta.url));
// A fixed clock, so that the picture is the same every time it is made.
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
  // One row opened, chosen for its changes: the first cohort (members old -> new) else the first row.
  const row = (await page.$('#plan-table [role=row][data-key^="taxonomy_term--groups/"]')) ?? await page.$('#plan-table [role=row][data-key]');
  await row.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#row-details:visible');
  await mkdir(new URL('../docs/', import.meta.url), { recursive: true });
  await page.screenshot({ path: OUT });
  console.log(`wrote ${OUT}`);
} finally {
  await browser.close();
  await server.close();
  await ctx.close();
}
