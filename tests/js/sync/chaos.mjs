// A sync of a generated site against a simulator that fails a share of its calls (every fault
// kind, seeded), run until a run ends without a failure (at most `maxRuns`), then audited.
import { FAULT_KINDS } from '../../../simulator/faults.mjs';
import { makeSite } from './harness.mjs';
import { auditIds, peopleSiteConfig, peopleSiteFiles, unmanageableEnrolments } from './site-audit.mjs';

// Batches of 25 items (not 100): four times the calls, so that 10 % of them is many faults.
export async function chaosRun({ entities, seed, rate = 0.1, kinds = FAULT_KINDS, maxRuns = 3, lateBy = 2, maxBatchItems = 25 }) {
  const files = peopleSiteFiles(entities);
  const count = Object.values(files).reduce((n, doc) => n + doc.data.length, 0);
  const config = await peopleSiteConfig((c) => { c.moodle.max_batch_items = maxBatchItems; });
  const site = await makeSite({ config, files, simOptions: { faults: { rate, seed, kinds, lateBy } } });
  try {
    const runs = [];
    while (runs.length < maxRuns && !runs.at(-1)?.clean) {
      const report = await site.run();
      const failed = report.entities.filter((e) => e.outcome === 'failed');
      runs.push({ calls: report.calls.total, failed: failed.length, exit: report.exit_code, clean: failed.length === 0 && report.exit_code === 0,
        errors: [...new Set(failed.map((e) => e.error?.message))].slice(0, 3) });
    }
    const faults = {};
    for (const c of site.sim.callLog) if (c.fault) faults[c.fault] = (faults[c.fault] ?? 0) + 1;
    const calls = site.sim.callLog.length;
    site.sim.setFaults({});
    site.sim.finishRunningCalls();
    const ids = await auditIds(site);
    const { unmanageable } = await unmanageableEnrolments(site);
    return { entities: count, seed, runs, converged: runs.at(-1).clean, calls, faults, ...ids, unmanageable };
  } finally {
    await site.close();
  }
}

/** One line of figures. */
export function chaosLine(r) {
  const faults = Object.entries(r.faults).map(([k, n]) => `${k} ${n}`).join(', ');
  return `seed ${r.seed}: ${r.entities} entities, ${r.runs.length} run(s) (${r.runs.map((x) => `${x.calls} calls, ${x.failed} failed`).join('; ')}), `
    + `${r.calls} calls in all, faults: ${faults}; converged ${r.converged ? 'yes' : 'NO'}, duplicates ${r.duplicates}, lost ids ${r.lost}, `
    + `unsynced ${r.unsynced}, unmanageable enrolments ${r.unmanageable}`;
}
