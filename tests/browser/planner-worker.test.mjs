// The admin page's planner in Chromium, as `serve` without -c serves it (its CSP included): the
// module Worker loads the core, validates a configuration and plans the bundled example against the
// served Moodle simulator, with the same bytes as the same pipeline in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from '../../js/core.mjs';
import { adminOnlyContext, startServer } from '../../js/host/serve-command.mjs';
import { plan } from '../../js/web/plan-pipeline.mjs';
import { TEST_NOW } from '../js/test-clock.mjs';
import { CHROMIUM, chromiumAvailable, launchBrowser } from './browser.mjs';

test('the planner worker plans the bundled example in Chromium as it does in Node', { skip: !chromiumAvailable && !process.env.CI && `no browser at ${CHROMIUM}` }, async () => {
  const ctx = await adminOnlyContext({ now: () => TEST_NOW });
  const server = await startServer(ctx, { port: 0 });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Any document of the server carries the page's CSP; the planner is imported as the page imports it.
    await page.goto(`${server.url}/admin/web/planner-client.mjs`);
    const inPage = await page.evaluate(async () => {
      const { Planner } = await import('/admin/web/planner-client.mjs');
      const planner = await Planner.start({ worker: true });
      try {
        const example = await (await fetch('/admin/example.json')).json();
        const { token } = await (await fetch('/admin/example-token')).json();
        const invalid = await planner.validate('{"moodle": 1}', 'moodle-sync.json');
        const valid = await planner.validate(example.configText, example.configName);
        const stages = [];
        const answer = await planner.plan({ ...example, moodle: { token } }, (p) => stages.push(p.stage));
        return { invalid, valid: valid.ok, ok: answer.ok, error: answer.error, planJson: answer.planJson, stages: [...new Set(stages)], example, token };
      } finally {
        planner.close();
      }
    });
    assert.deepEqual(errors, []);
    assert.equal(inPage.invalid.ok, false);
    assert.ok(inPage.invalid.issues.length >= 1 && inPage.invalid.issues.every((i) => i.path.startsWith('$')));
    assert.equal(inPage.valid, true);
    assert.equal(inPage.ok, true, JSON.stringify(inPage.error));
    assert.deepEqual(inPage.stages, ['export', 'moodle', 'plan']);
    const inNode = await plan(await loadCore(), { ...inPage.example, moodle: { token: inPage.token } });
    assert.equal(inPage.planJson, inNode.planJson);
  } finally {
    await browser.close();
    await server.close();
    await ctx.close();
  }
});
