// kill -9: the moodle-sync command (a child process) syncing a generated people site is killed with
// SIGKILL as the simulator receives its call number N (that call still runs in Moodle; its answer
// reaches nobody), then run again: no duplicate, no lost id, and every enrolment still one the sync
// can find and remove. The points are fixed shares of a whole run's calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSite } from './harness.mjs';
import { runCli } from './kill.mjs';
import { auditIds, peopleSiteConfig, peopleSiteFiles, unmanageableEnrolments } from './site-audit.mjs';

const ENTITIES = 300;
// Batches of 20: more calls, so that the points fall inside each kind of work.
// Fixed batch sizes: the CLI child measures real time, and the kill points must fall on the same calls every run.
const newSite = async () => makeSite({ config: await peopleSiteConfig((c) => { c.moodle.max_batch_items = 20; c.moodle.adaptive_batches = false; }), files: peopleSiteFiles(ENTITIES) });

const whole = await (async () => {
  const site = await newSite();
  try {
    const { report } = await runCli(site);
    assert.equal(report.summary.failed, 0);
    return site.sim.callLog.map((c) => c.wsfunction);
  } finally {
    await site.close();
  }
})();

for (const share of [0.1, 0.4, 0.65, 0.9]) {
  const n = Math.max(1, Math.round(whole.length * share));
  test(`the sync killed with SIGKILL at call ${n} of ${whole.length} (${whole[n - 1]}), then run again: nothing twice, nothing lost, nothing unmanageable`, async () => {
    const site = await newSite();
    try {
      const killed = await runCli(site, { killAtCall: n });
      assert.ok(killed.killed, 'the child was killed');
      const { code, report } = await runCli(site);
      assert.equal(report.summary.failed, 0, JSON.stringify(report.entities.filter((e) => e.error).map((e) => e.error).slice(0, 3)));
      assert.equal(code, 0);
      const ids = await auditIds(site);
      assert.deepEqual({ duplicates: ids.duplicates, lost: ids.lost, unsynced: ids.unsynced }, { duplicates: 0, lost: 0, unsynced: 0 }, ids.lostList.join('\n'));
      const { unmanageable } = await unmanageableEnrolments(site);
      assert.equal(unmanageable, 0);
    } finally {
      await site.close();
    }
  });
}
