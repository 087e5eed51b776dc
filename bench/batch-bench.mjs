// Batch sizes benchmark: the same people sync (courses, users, cohorts, enrolments) into the Moodle
// simulator with its Moodle-like latency model (simulator/latency.mjs: 150 ms per call, and per item
// at 100 items about 15 ms for courses, 9 ms for users, 5 ms for enrolments, 4x that per item at 300),
// once with fixed batches of max_batch_items and once with batch sizes from the measured time per
// item. The latency passes on a clock of the benchmark's own (the simulator and the host share it),
// so the wall times printed are those the model gives, without waiting for them, and the same on
// every run; the CPU time is the machine's.
// Usage: node bench/batch-bench.mjs [courses=1000] [users=2000] [enrolments=6000]
import { mkdtemp, mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../js/core.mjs';
import { startSimulator } from '../simulator/server.mjs';
import { prepareRun, runSync } from '../js/host/sync-run.mjs';
import { generatedPeopleExport } from '../examples/generated-site.mjs';

const COURSES = Number(process.argv[2] ?? 1000);
const USERS = Number(process.argv[3] ?? 2000);
const ENROLMENTS = Number(process.argv[4] ?? 6000);
const COHORTS = 20;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SIM_NOW = 1795609118;  // the simulated site's clock: fixed, so runs are alike

const files = generatedPeopleExport({ categories: 10, courses: COURSES, users: USERS, cohorts: COHORTS, enrolments: ENROLMENTS });
const core = await loadCore();

/** "100, 67, 45 x12, 30" : the sizes of a function's calls in order, repeats counted. */
function sizesText(sizes) {
  const parts = [];
  for (const n of sizes) {
    const last = parts.at(-1);
    if (last && last.n === n) last.count += 1;
    else parts.push({ n, count: 1 });
  }
  return parts.map((p) => (p.count > 1 ? `${p.n} x${p.count}` : `${p.n}`)).join(', ');
}

async function syncOnce(label, moodle) {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-batch-bench-'));
  await mkdir(path.join(dir, 'export'));
  for (const [name, doc] of Object.entries(files)) await writeFile(path.join(dir, 'export', name), JSON.stringify(doc));
  await writeFile(path.join(dir, 'export', 'site.json'), JSON.stringify({ site_url: 'https://learn.northfield.example' }));
  const config = JSON.parse(await readFile(path.join(ROOT, 'examples/northfield/moodle-sync.json'), 'utf8'));
  delete config.components.templates;
  delete config.components.courses.template_field;
  delete config.components.completion;
  delete config.components.enrolments.registration.role_field;
  let now = 0;  // ms on the benchmark's clock
  const sim = await startSimulator({ clock: () => SIM_NOW, latency: { wait: async (ms) => { now += ms; } } });
  try {
    config.moodle = { ...config.moodle, ...moodle, url: sim.url };
    await writeFile(path.join(dir, 'moodle-sync.json'), JSON.stringify(config));
    const prepared = await prepareRun(core, path.join(dir, 'moodle-sync.json'), { env: { MOODLE_TOKEN: sim.tokens.admin } });
    const cpu = process.cpuUsage();
    const report = await runSync(core, prepared, { clockMs: () => now });
    const cpuSeconds = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6;
    const s = report.summary;
    console.log(`${label}: ${(now / 1000).toFixed(1)} s wall (latency model), ${report.calls.total} calls, ${cpuSeconds.toFixed(1)} s CPU; created ${s.created}, failed ${s.failed}`);
    const writes = new Map();
    for (const call of sim.callLog) {
      if (!/_(create|update|enrol|add|assign)_/.test(call.wsfunction ?? '')) continue;
      if (!writes.has(call.wsfunction)) writes.set(call.wsfunction, []);
      writes.get(call.wsfunction).push(call.items);
    }
    for (const [fn, sizes] of writes) console.log(`  ${fn}: ${sizes.length} calls of ${sizesText(sizes)}`);
    return now;
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`${COURSES} courses, ${USERS} users in ${COHORTS} cohorts, ${ENROLMENTS} enrolments; max_batch_items 100`);
const fixed = await syncOnce('fixed batches of 100', { adaptive_batches: false });
const adaptive = await syncOnce('sizes from the time per item', { adaptive_batches: true });
console.log(`adaptive / fixed wall time: ${(adaptive / fixed).toFixed(2)}`);
