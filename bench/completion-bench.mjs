// Completion benchmark. Pull: 1,000 registrations in 20 courses read from the Moodle simulator with
// 25 ms of latency per call (a recorded status call's median), once with one status call per
// registration and once through the custom report; prints the calls, the wall time, and for the
// report the retrieve_report calls per course filter against ceil(N / page size). Push: one payload
// of 1,000 users applied to the file export; prints the time, then the writes made when the same
// payload is sent again (0). Figures only: nothing here asserts a time.
import { cp, mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../js/core.mjs';
import { startSimulator } from '../simulator/server.mjs';
import { prepareRun, runSync } from '../js/host/sync-run.mjs';
import { runCompletionPull, runCompletionPush } from '../js/host/completion-run.mjs';
import {
  COMPLETION_REPORT, generatedCompletionConfig, generatedCompletionExport, learnersByCourse, pluginPayload, setCompletions,
} from '../examples/generated-completion-site.mjs';

const USERS = Number(process.argv[2] ?? 1000);
const COURSES = Number(process.argv[3] ?? 20);
const LATENCY_MS = 25;
const REGISTRATION_TYPE = 'registration--course_registration';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
// The simulated site's clock is fixed, so that every run sets and reads the same completions.
const NOW = 1796515000;
const completedAt = (j) => NOW - 86400 + 60 * j + 7;

const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-completion-bench-'));
const exportDir = path.join(dir, 'export');
await mkdir(exportDir);
for (const [name, doc] of Object.entries(generatedCompletionExport({ courses: COURSES, users: USERS }))) {
  await writeFile(path.join(exportDir, name), JSON.stringify(doc));
}
await writeFile(path.join(exportDir, 'site.json'), JSON.stringify({ site_url: 'https://learn.northfield.example' }));
const baseConfig = generatedCompletionConfig(JSON.parse(await readFile(path.join(ROOT, 'examples/northfield/moodle-sync.json'), 'utf8')));
const configFile = path.join(dir, 'moodle-sync.json');
const writeConfig = (completion) => writeFile(configFile, JSON.stringify({
  ...baseConfig, components: { ...baseConfig.components, completion: { ...baseConfig.components.completion, ...completion } },
}));

const sim = await startSimulator({ clock: () => NOW });
baseConfig.moodle.url = sim.url;
const env = { MOODLE_TOKEN: sim.tokens.admin, MOODLE_SYNC_COMPLETION_SECRET: 'b'.repeat(40) };
const core = await loadCore();
const seconds = (start) => ((performance.now() - start) / 1000).toFixed(1);
const byFunction = (calls) => Object.entries(calls).map(([f, n]) => `${f} ${n}`).join(', ');

try {
  // The site: synced into Moodle without latency, then the completions set in the simulator.
  await writeConfig({});
  let start = performance.now();
  const sync = await runSync(core, await prepareRun(core, configFile, { env }));
  if (sync.summary.failed) throw new Error(`the set-up sync failed for ${sync.summary.failed} entities`);
  const learners = await learnersByCourse(exportDir);
  await setCompletions(sim.completion, learners, { time: completedAt });
  const reportId = sim.completion.createReport(COMPLETION_REPORT);
  // A copy of the synced export, restored before each run so that every run writes the same fields.
  const pristine = path.join(dir, 'pristine');
  await cp(exportDir, pristine, { recursive: true });
  const restore = async () => { await rm(exportDir, { recursive: true }); await cp(pristine, exportDir, { recursive: true }); };
  console.log(`set-up: ${USERS} learners in ${COURSES} courses synced into the simulator and their completions set in ${seconds(start)} s`);

  sim.setFaults({ latencyMs: LATENCY_MS });
  const pull = async (label, completion, { fresh = true } = {}) => {
    if (fresh) await restore();
    await writeConfig(completion);
    sim.resetCallLog();
    start = performance.now();
    const { report } = await runCompletionPull(core, await prepareRun(core, configFile, { env }), { now: NOW });
    console.log(`pull ${label}: ${USERS} registrations in ${COURSES} courses, ${LATENCY_MS} ms per call: ${seconds(start)} s wall, ${report.calls.total} Moodle calls`);
    console.log(`  outcomes: ${Object.entries(report.summary).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(`  by function: ${byFunction(report.calls.by_function)}`);
    return { calls: report.calls.total, seconds: (performance.now() - start) / 1000 };
  };

  const withoutReport = await pull('without a report (one status call, and one activities call, per registration)', {});
  for (const pageSize of [100, 20]) {
    const withReport = await pull(`with the report (page size ${pageSize})`, { report_id: reportId, report_page_size: pageSize });
    console.log(`  against one status call per registration: ${(withoutReport.calls / withReport.calls).toFixed(1)}x fewer calls, ${(withoutReport.seconds / withReport.seconds).toFixed(1)}x less wall time`);
    // The call log in order: each set_filters on a course is followed by that course's pages.
    const perFilter = [];
    for (const { wsfunction } of sim.callLog) {
      if (wsfunction === 'core_reportbuilder_set_filters') perFilter.push(0);
      else if (wsfunction === 'core_reportbuilder_retrieve_report' && perFilter.length) perFilter[perFilter.length - 1] += 1;
    }
    const courseFilters = perFilter.slice(0, -1);  // the last set_filters resets the filter ("{}")
    const expected = [...learners.values()].map(({ learners: l }) => Math.ceil(l.length / pageSize));
    const same = courseFilters.length === expected.length && courseFilters.every((n, i) => n === expected[i]);
    console.log(`  retrieve_report calls per course filter: expected ceil(${USERS / COURSES} / ${pageSize}) = ${expected[0]} for each of ${expected.length} courses (${expected.reduce((a, b) => a + b, 0)} in all); measured ${summarise(courseFilters)} over ${courseFilters.length} course filters (${courseFilters.reduce((a, b) => a + b, 0)} in all)${same ? '' : ' — DIFFERENT'}`);
  }

  // Once Drupal holds the dates, a report row in the same minute needs no status call (each course
  // keeps its one call that checks it has criteria).
  await pull('with the report again, Drupal holding what the last pull wrote (page size 20)', { report_id: reportId, report_page_size: 20 }, { fresh: false });

  // Push: no Moodle call is needed for the plugin's form, so the latency does not matter here.
  await restore();
  await writeConfig({});
  const body = JSON.stringify(pluginPayload(learners, { time: completedAt }));
  for (const label of ['push', 'the same push again']) {
    const before = await stat(path.join(exportDir, 'registrations.json'));
    start = performance.now();
    const { report, answer } = await runCompletionPush(core, await prepareRun(core, configFile, { env }), { body, contentType: 'application/json', now: NOW });
    const after = await stat(path.join(exportDir, 'registrations.json'));
    const writes = report.entities.filter((e) => e.resource === REGISTRATION_TYPE && e.outcome === 'updated').length;
    console.log(`${label}: ${USERS} users in one payload (${(body.length / 1024).toFixed(0)} KiB) applied to the file export in ${seconds(start)} s: HTTP ${answer.status} "${answer.body.message}"; registrations written: ${writes}; export rewritten: ${after.mtimeMs !== before.mtimeMs ? 'yes' : 'no'}`);
  }
} finally {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}

function summarise(counts) {
  if (!counts.length) return 'none';
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  return min === max ? `${min} for each` : `${min} to ${max}`;
}
