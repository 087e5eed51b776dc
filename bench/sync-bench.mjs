// Sync benchmark: 10,000 courses in 200 categories, from a generated Drupal export into the Moodle
// simulator (run as its own process, so that the figures below are the sync's alone). Prints the
// calls made against one call per entity, the wall time and the peak memory, for the first sync and
// for a second one with nothing to change.
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../js/core.mjs';
import { startSimulatorProcess } from './simulator-process.mjs';
import { prepareRun, runSync } from '../js/host/sync-run.mjs';
import { generatedConfig, generatedExport } from '../examples/generated-site.mjs';

const COURSES = Number(process.argv[2] ?? 10000);
const CATEGORIES = Number(process.argv[3] ?? 200);
const ROOT = fileURLToPath(new URL('../', import.meta.url));


const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-bench-'));
await mkdir(path.join(dir, 'export'));
const files = generatedExport({ categories: CATEGORIES, courses: COURSES });
for (const [name, doc] of Object.entries(files)) await writeFile(path.join(dir, 'export', name), JSON.stringify(doc));
await writeFile(path.join(dir, 'export', 'site.json'), JSON.stringify({ site_url: 'https://learn.northfield.example' }));
const config = generatedConfig(JSON.parse(await readFile(path.join(ROOT, 'examples/northfield/moodle-sync.json'), 'utf8')));
for (const c of ['users', 'cohorts', 'enrolments', 'completion']) delete config.components[c];

const sim = await startSimulatorProcess();
config.moodle.url = sim.url;
await writeFile(path.join(dir, 'moodle-sync.json'), JSON.stringify(config));
const core = await loadCore();
const entities = COURSES + CATEGORIES;
try {
  for (const label of ['initial sync', 'no-change re-sync']) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const prepared = await prepareRun(core, path.join(dir, 'moodle-sync.json'), { env: { MOODLE_TOKEN: sim.tokens.admin } });
    const report = await runSync(core, prepared);
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const s = report.summary;
    console.log(`${label}: ${entities} entities (${CATEGORIES} categories, ${COURSES} courses) in ${seconds.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU in the sync process (the rest is the simulator)`);
    console.log(`  outcomes: created ${s.created}, unchanged ${s.unchanged}, updated ${s.updated}, failed ${s.failed}`);
    console.log(`  Moodle calls: ${report.calls.total} (one call per entity would be ${entities}: ${(entities / report.calls.total).toFixed(0)}x fewer)`);
    console.log(`  by function: ${Object.entries(report.calls.by_function).map(([f, n]) => `${f} ${n}`).join(', ')}`);
    console.log(`  peak RSS of the sync process so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  }
} finally {
  sim.stop();
}
