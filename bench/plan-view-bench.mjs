// The admin page's plan view with 25,000 and 100,000 synthetic entities in headless Chromium: the
// time from renderPlanView to the next frame, and scrolling the table from top to bottom (time per
// frame, tasks over 50 ms). The rows in the DOM stay bounded whatever the size of the plan.
import { launchBrowser, serveRepository } from '../tests/browser/browser.mjs';
import { loadCore } from '../js/core.mjs';
import { syntheticPlan } from '../tests/browser/synthetic-plan.mjs';

const RUNS = 5;
const core = await loadCore();
const site = await serveRepository();
const browser = await launchBrowser();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (const n of [25000, 100000]) {
    const digest = core.call('digest_report', { report: syntheticPlan(n), verbose: false }).value;
    const renders = [];
    let scroll;
    let rendered = 0;
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${site.url}/tests/browser/plan-view.html`);
      await page.waitForFunction(() => window.planViewReady === true);
      renders.push((await page.evaluate(([count, d]) => window.showSyntheticPlan(count, d), [n, digest])).ms);
      rendered = await page.$$eval('#plan-table [role=row][data-key]', (rows) => rows.length);
      if (run === RUNS - 1) scroll = await page.evaluate(() => window.scrollThrough(120));
      await page.close();
    }
    console.log(`plan view, ${n.toLocaleString('en-US')} entities: rendered in ${median(renders).toFixed(1)} ms (median of ${RUNS}, to the next frame; ` +
      `${rendered} rows in the DOM); scrolling top to bottom: ${scroll.mean.toFixed(1)} ms per frame, worst ${scroll.worst.toFixed(1)} ms, ${scroll.longTasks} tasks over 50 ms`);
  }
} finally {
  await browser.close();
  await site.close();
}
