// Chaos soak: a generated site (default 10,000 entities: courses, some copied from templates,
// users in cohorts, registrations) against the simulator failing 10 % of its calls with every
// fault kind, for each seed: runs until a run ends without a failure (at most 3), then prints the
// runs, calls, faults, duplicates, lost ids and unmanageable enrolments. Exit code 1 when a seed
// does not converge or leaves a duplicate, a lost id or an unmanageable enrolment.
//   node scripts/chaos-soak.mjs [entities=10000] [seeds=1,2,3] [rate=0.1] [kinds=every kind, comma-separated]
import { FAULT_KINDS } from '../simulator/faults.mjs';
import { chaosLine, chaosRun } from '../tests/js/sync/chaos.mjs';

const entities = Number(process.argv[2] ?? 10000);
const seeds = (process.argv[3] ?? '1,2,3').split(',').map(Number);
const rate = Number(process.argv[4] ?? 0.1);
const kinds = process.argv[5] ? process.argv[5].split(',') : FAULT_KINDS;
let bad = 0;
for (const seed of seeds) {
  const cpu = process.cpuUsage();
  const r = await chaosRun({ entities, seed, rate, kinds });
  const spent = process.cpuUsage(cpu);
  console.log(`${chaosLine(r)} (${((spent.user + spent.system) / 1e6).toFixed(1)} s CPU)`);
  if (!r.converged || r.duplicates || r.lost || r.unsynced || r.unmanageable) bad += 1;
}
console.log(`${seeds.length} seed(s) at ${entities} entities, ${Math.round(rate * 100)} % of calls failing: ${bad === 0 ? 'every one converged with 0 duplicates, 0 lost ids, 0 unmanageable enrolments' : `${bad} did not`}`);
process.exitCode = bad ? 1 : 0;
