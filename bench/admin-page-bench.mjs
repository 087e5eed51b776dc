// The admin page at scale: headless Chromium (Playwright, Debian's chromium) plans a generated
// export of 25,110 entities (4,900 users, 50 cohorts, 20,000 enrolments, 100 courses in 10
// categories) without a token, from Plan clicked until the plan is done and the table shows its
// rows. The split is measured in the same browser by running each stage alone on the main thread:
// the export parsed (js/source/export-documents.mjs), the core's plan, the digest the page shows and
// the plan's JSON, the plan view's first render; what is left is the hand-over from the worker.
// Prints figures only.
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generatedPeopleExport } from '../examples/generated-site.mjs';
import { adminOnlyContext, startServer } from '../js/host/serve-command.mjs';
import { launchBrowser } from '../tests/browser/browser.mjs';
import { plannerReady, typeConfig } from '../tests/browser/admin-page-driver.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SIZE = { categories: 10, courses: 100, users: 4900, cohorts: 50, enrolments: 20000 };
const RUNS = Number(process.argv[2] ?? 3);

const config = JSON.parse(await readFile(`${ROOT}examples/northfield/moodle-sync.json`, 'utf8'));
delete config.components.templates;
delete config.components.courses.template_field;
delete config.components.completion;
delete config.components.enrolments.registration.role_field;
const configText = JSON.stringify(config, null, 2);
const documents = generatedPeopleExport(SIZE);
const files = [
  ...Object.entries(documents).map(([name, doc]) => ({ name, text: JSON.stringify(doc) })),
  { name: 'site.json', text: JSON.stringify({ site_url: config.site.urls[0] }) },
];

const ctx = await adminOnlyContext({ now: () => Math.floor(Date.now() / 1000) });
const server = await startServer(ctx, { port: 0 });
const browser = await launchBrowser();
const fmt = (ms) => Math.round(ms).toLocaleString('en-US');
try {
  const totals = [];
  let entities = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/admin/`);
    await plannerReady(page);
    await typeConfig(page, configText);
    await page.setInputFiles('#export-files', files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })));
    await page.waitForFunction(() => /\d+ files?/.test(document.querySelector('#export-status')?.textContent ?? ''));
    const start = await page.evaluate(() => performance.now());
    await page.click('#plan-button');
    await page.waitForFunction(() => document.body.dataset.planState === 'done'
      && document.querySelector('#plan-table [role=row][data-key]') !== null, null, { timeout: 120000, polling: 'raf' });
    const end = await page.evaluate(() => performance.now());
    totals.push(end - start);
    entities = Number(/of ([\d,]+)/.exec(await page.textContent('#row-count'))?.[1].replace(/,/g, '') ?? 0);
    const rendered = await page.$$eval('#plan-table [role=row][data-key]', (rows) => rows.length);
    console.log(`run ${run + 1}: ${fmt(end - start)} ms; ${rendered} of ${entities.toLocaleString('en-US')} rows in the DOM`);
    await page.close();
  }

  // The stages alone, on the page's main thread (the modules served by the same routes the page uses).
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/admin/`);
  await plannerReady(page);
  const split = await page.evaluate(async ({ files, configText }) => {
    const { loadCore } = await import('/admin/core.mjs');
    const { parseExport } = await import('/admin/source/export-documents.mjs');
    const { renderPlanView } = await import('/admin/web/plan-view/plan-view.mjs');
    const { digestOf } = await import('/admin/web/plan-pipeline.mjs');
    const core = await loadCore();
    const times = {};
    let t = performance.now();
    const lap = (name) => { const now = performance.now(); times[name] = now - t; t = now; };
    const { documents, declaration } = parseExport(files);
    lap('read');
    // As js/web/plan-pipeline.mjs calls the core.
    const plan = core.call('preview', { text: configText, file: 'moodle-sync.json', ...(declaration ? { site_declaration: declaration } : {}), documents }).value;
    lap('plan');
    const digest = digestOf(core, plan);
    JSON.stringify(plan, null, 2);
    lap('digest');
    const root = document.getElementById('plan-view');
    root.replaceChildren();
    renderPlanView(root, { plan, digest });
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    lap('render');
    return times;
  }, { files, configText });
  const best = Math.min(...totals);
  const rest = best - split.read - split.plan - split.digest - split.render;
  console.log(`${entities.toLocaleString('en-US')} entities planned and shown in ${fmt(best)} ms (headless Chromium; best of ${RUNS}: ${totals.map(fmt).join(', ')} ms)`);
  // Wall-clock figures: what else runs on the machine counts too.
  console.log(`  load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores while measuring`);
  console.log(`  each stage alone: export read ${fmt(split.read)} ms, core plan ${fmt(split.plan)} ms, digest and plan JSON ${fmt(split.digest)} ms, render ${fmt(split.render)} ms; the worker's hand-over and the rest ${fmt(Math.max(0, rest))} ms`);
} finally {
  await browser.close();
  await server.close();
  await ctx.close();
}
