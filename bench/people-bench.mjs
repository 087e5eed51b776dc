// People benchmark: 5,000 users in 50 cohorts with 20,000 enrolments (and the 100 courses they
// are in), from a generated Drupal export into the Moodle simulator (its own process, so the
// figures are the sync's). Prints calls, wall time and peak memory of the initial sync and of a
// re-sync with nothing to change.
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../js/core.mjs';
import { startSimulatorProcess } from './simulator-process.mjs';
import { prepareRun, runSync } from '../js/host/sync-run.mjs';
import { generatedPeopleExport } from '../examples/generated-site.mjs';

const USERS = Number(process.argv[2] ?? 5000);
const COHORTS = Number(process.argv[3] ?? 50);
const ENROLMENTS = Number(process.argv[4] ?? 20000);
const COURSES = 100;
const ROOT = fileURLToPath(new URL('../', import.meta.url));


const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-people-bench-'));
await mkdir(path.join(dir, 'export'));
const files = generatedPeopleExport({ categories: 10, courses: COURSES, users: USERS, cohorts: COHORTS, enrolments: ENROLMENTS });
for (const [name, doc] of Object.entries(files)) await writeFile(path.join(dir, 'export', name), JSON.stringify(doc));
await writeFile(path.join(dir, 'export', 'site.json'), JSON.stringify({ site_url: 'https://learn.northfield.example' }));
const config = JSON.parse(await readFile(path.join(ROOT, 'examples/northfield/moodle-sync.json'), 'utf8'));
delete config.components.templates;
delete config.components.courses.template_field;
delete config.components.completion;
delete config.components.enrolments.registration.role_field;

const sim = await startSimulatorProcess();
config.moodle.url = sim.url;
await writeFile(path.join(dir, 'moodle-sync.json'), JSON.stringify(config));
const core = await loadCore();
const entities = USERS + COHORTS + ENROLMENTS + COURSES + 10;
try {
  for (const label of ['initial sync', 'no-change re-sync']) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const report = await runSync(core, await prepareRun(core, path.join(dir, 'moodle-sync.json'), { env: { MOODLE_TOKEN: sim.tokens.admin } }));
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const s = report.summary;
    console.log(`${label}: ${USERS} users, ${COHORTS} cohorts, ${ENROLMENTS} enrolments (+${COURSES} courses in 10 categories) in ${seconds.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU in the sync process`);
    console.log(`  outcomes: created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, failed ${s.failed}`);
    console.log(`  Moodle calls: ${report.calls.total} for ${entities} entities`);
    console.log(`  by function: ${Object.entries(report.calls.by_function).map(([f, n]) => `${f} ${n}`).join(', ')}`);
    console.log(`  peak RSS of the sync process so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  }
} finally {
  sim.stop();
}
