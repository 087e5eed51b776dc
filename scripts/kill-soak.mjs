// Kill soak: the moodle-sync command syncing a generated people site is killed with SIGKILL at
// random calls (the simulator kills the child as it receives call N), then run again; prints for
// each point the call killed and the figures after the re-run: failed, duplicates, lost ids,
// unmanageable enrolments. Exit code 1 when any is not 0.
//   node scripts/kill-soak.mjs [points=20] [entities=1000] [seed]   (batches of 20 items: more calls to kill at)
import { makeSite } from '../tests/js/sync/harness.mjs';
import { runCli } from '../tests/js/sync/kill.mjs';
import { auditIds, peopleSiteConfig, peopleSiteFiles, unmanageableEnrolments } from '../tests/js/sync/site-audit.mjs';

const points = Number(process.argv[2] ?? 20);
const entities = Number(process.argv[3] ?? 1000);
let seed = Number(process.argv[4] ?? Math.floor(Math.random() * 2 ** 31));
const random = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
console.log(`seed ${seed} (give it again to repeat these points)`);

const newSite = async () => makeSite({ config: await peopleSiteConfig((c) => { c.moodle.max_batch_items = 20; }), files: peopleSiteFiles(entities) });
const probe = await newSite();
await runCli(probe);
const whole = probe.sim.callLog.map((c) => c.wsfunction);
await probe.close();
console.log(`a whole sync of ${entities} entities makes ${whole.length} Moodle calls`);

const totals = { failed: 0, duplicates: 0, lost: 0, unmanageable: 0 };
const at = Array.from({ length: points }, () => 1 + Math.floor(random() * whole.length)).sort((a, b) => a - b);
for (const n of at) {
  const site = await newSite();
  try {
    await runCli(site, { killAtCall: n });
    const { report } = await runCli(site);
    const ids = await auditIds(site);
    const { unmanageable } = await unmanageableEnrolments(site);
    const f = { failed: report.summary.failed, duplicates: ids.duplicates, lost: ids.lost + ids.unsynced, unmanageable };
    for (const k of Object.keys(totals)) totals[k] += f[k];
    console.log(`killed at call ${n} (${whole[n - 1]}): re-run failed ${f.failed}, duplicates ${f.duplicates}, lost ids ${f.lost}, unmanageable enrolments ${f.unmanageable}`);
  } finally {
    await site.close();
  }
}
console.log(`${points} kill points: failed ${totals.failed}, duplicates ${totals.duplicates}, lost ids ${totals.lost}, unmanageable enrolments ${totals.unmanageable}`);
process.exitCode = Object.values(totals).some(Boolean) ? 1 : 0;
