// Memory: Moodle's answers to the reads of observe reach the apply run inside the core, and what a
// run holds in the core's memory does not grow with the number of Moodle pages and calls it makes.
// Measured as the bytes the core's allocator holds for live objects (deterministic: no clock).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, makePeopleSite } from './harness.mjs';
import { prepareRun, runSync } from '../../../js/host/sync-run.mjs';

const MiB = 1048576;

const peopleSite = (moodle) => makePeopleSite({ categories: 2, courses: 20, users: 1200, cohorts: 5, enrolments: 2400 }, (c) => Object.assign(c.moodle, moodle));

// The most the core held at any action of a first sync and of a re-sync, and the calls of each.
async function heldAcrossRuns(site) {
  const figures = [];
  for (const run of ['first', 'again']) {
    let peak = 0;
    const sample = () => { peak = Math.max(peak, core.heapInUseBytes); };
    const report = await site.run({ onAction: sample, afterAction: sample });
    assert.equal(report.exit_code, 0, run);
    figures.push({ peak, calls: report.calls });
  }
  return figures;
}

test('the answers observe read reach the apply run inside the core, taken once', async () => {
  const site = await peopleSite({});
  try {
    await site.run();
    const prepared = await prepareRun(core, site.configFile, { env: site.env });
    let snapshot;
    const observe = core.observe.bind(core);
    core.observe = async (...args) => {
      const observed = await observe(...args);
      snapshot = observed.snapshot;
      return observed;
    };
    let report;
    try {
      report = await runSync(core, prepared);
    } finally {
      delete core.observe;
    }
    assert.equal(report.summary.unchanged, report.entities.length);
    // The apply run took the answers where they were: they never came back to JavaScript as text.
    assert.throws(() => snapshot.text, /taken by the apply run/);
  } finally {
    await site.close();
  }
});

test('what a run holds in the core does not grow with the number of Moodle pages and calls', async () => {
  const wide = await peopleSite({ max_input_vars: 4000, max_batch_items: 400 });
  const narrow = await peopleSite({ max_input_vars: 300, max_batch_items: 100 });
  try {
    const [wideFirst, wideAgain] = await heldAcrossRuns(wide);
    const [narrowFirst, narrowAgain] = await heldAcrossRuns(narrow);
    // The premise: four times the listing pages (users read by value lists) and the write calls.
    const pages = (f) => f.calls.by_function.core_user_get_users_by_field;
    assert.ok(pages(narrowAgain) >= 4 * pages(wideAgain), `pages ${pages(narrowAgain)} against ${pages(wideAgain)}`);
    assert.ok(narrowFirst.calls.total >= 3 * wideFirst.calls.total, `calls ${narrowFirst.calls.total} against ${wideFirst.calls.total}`);
    for (const [narrowRun, wideRun, what] of [[narrowFirst, wideFirst, 'first sync'], [narrowAgain, wideAgain, 're-sync']]) {
      const more = (narrowRun.peak - wideRun.peak) / MiB;
      assert.ok(narrowRun.peak <= wideRun.peak * 1.05, `${what}: ${(narrowRun.peak / MiB).toFixed(2)} MiB held with ${narrowRun.calls.total} calls, ${(wideRun.peak / MiB).toFixed(2)} MiB with ${wideRun.calls.total} (+${more.toFixed(2)} MiB)`);
    }
  } finally {
    await wide.close();
    await narrow.close();
  }
});
