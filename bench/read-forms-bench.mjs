// Reads by id list: a Moodle holding many courses moodle-sync does not manage (made by hand, other
// departments) and a Drupal site of a few dozen courses. After the first sync every course has its
// moodle id, and the journal knows the course table's size: a run that plans only those courses reads
// them by options[ids] instead of the whole table. Prints, per read function, the calls, the bytes
// sent and the bytes received of a re-sync after one edit, read whole (the journal without the
// table's size, as every run did before) and read by id list. The simulator runs in a process of its own.
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../js/core.mjs';
import { startSimulatorProcess } from './simulator-process.mjs';
import { prepareRun, runSync, journalPathFor } from '../js/host/sync-run.mjs';
import { generatedConfig, generatedExport } from '../examples/generated-site.mjs';

const OTHER_COURSES = Number(process.argv[2] ?? 5000);
const MANAGED_COURSES = Number(process.argv[3] ?? 50);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-reads-'));
const exportDir = path.join(dir, 'export');
await mkdir(exportDir);
const files = generatedExport({ categories: 5, courses: MANAGED_COURSES });
for (const [name, doc] of Object.entries(files)) await writeFile(path.join(exportDir, name), JSON.stringify(doc));
await writeFile(path.join(exportDir, 'site.json'), JSON.stringify({ site_url: 'https://learn.northfield.example' }));
const config = generatedConfig(JSON.parse(await readFile(path.join(ROOT, 'examples/northfield/moodle-sync.json'), 'utf8')));
for (const c of ['users', 'cohorts', 'enrolments', 'completion']) delete config.components[c];
const configFile = path.join(dir, 'moodle-sync.json');

const sim = await startSimulatorProcess();
config.moodle.url = sim.url;
await writeFile(configFile, JSON.stringify(config));
const core = await loadCore();
const env = { MOODLE_TOKEN: sim.tokens.admin };

async function moodle(wsfunction, params) {
  const { body } = core.encodeCall(wsfunction, params);
  const r = await fetch(`${sim.url}/webservice/rest/server.php`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `wstoken=${sim.tokens.admin}&${body}`,
  });
  return r.json();
}

// Courses made in Moodle by others: a summary of a few paragraphs, as real courses have.
const summary = `<p>${'Course outline, assessment and reading list. '.repeat(12)}</p>`;
for (let start = 0; start < OTHER_COURSES; start += 200) {
  const courses = [];
  for (let i = start; i < Math.min(OTHER_COURSES, start + 200); i++) courses.push({ fullname: `Hand-made course ${i}`, shortname: `hand-${i}`, categoryid: 1, summary, summaryformat: 1 });
  await moodle('core_course_create_courses', { courses });
}

/** Runs a sync and counts its reads per function: calls, bytes sent (the whole form body), bytes received. */
async function measuredSync() {
  const reads = {};
  const fetchImpl = async (url, init) => {
    const response = await fetch(url, init);
    const text = await response.text();
    const fn = /wsfunction=([a-z_]+)/.exec(init.body)?.[1] ?? '?';
    if (/_get_/.test(fn)) {
      const r = (reads[fn] ??= { calls: 0, sent: 0, received: 0 });
      r.calls += 1;
      r.sent += Buffer.byteLength(init.body);
      r.received += Buffer.byteLength(text);
    }
    return new Response(text, { status: response.status, headers: response.headers });
  };
  const prepared = await prepareRun(core, configFile, { env, fetchImpl });
  const report = await runSync(core, prepared);
  if (report.exit_code !== 0) throw new Error(`sync failed: ${JSON.stringify(report.summary)}`);
  return { reads, report };
}

async function editOneCourse(title) {
  const doc = JSON.parse(await readFile(path.join(exportDir, 'courses.json'), 'utf8'));
  doc.data[0].attributes.title = title;
  await writeFile(path.join(exportDir, 'courses.json'), JSON.stringify(doc));
}

const journal = journalPathFor(exportDir);
async function forgetTableSizes() {
  const lines = (await readFile(journal, 'utf8')).split('\n').filter((l) => l && !l.includes('"table_size"'));
  await writeFile(journal, lines.map((l) => `${l}\n`).join(''));
}

function print(label, { reads, report }) {
  let calls = 0; let sent = 0; let received = 0;
  console.log(`${label}: ${report.summary.updated} updated, ${report.summary.unchanged} unchanged`);
  for (const [fn, r] of Object.entries(reads)) {
    console.log(`  ${fn.padEnd(28)} ${String(r.calls).padStart(4)} calls ${String(r.sent).padStart(9)} bytes sent ${String(r.received).padStart(11)} bytes received`);
    calls += r.calls; sent += r.sent; received += r.received;
  }
  console.log(`  ${'all reads'.padEnd(28)} ${String(calls).padStart(4)} calls ${String(sent).padStart(9)} bytes sent ${String(received).padStart(11)} bytes received`);
  return sent + received;
}

try {
  console.log(`Moodle: ${OTHER_COURSES} courses made by hand + ${MANAGED_COURSES} synced courses in 5 categories`);
  await measuredSync();  // the first sync: every course created, the course table read whole and its size kept
  await editOneCourse('Edited once');
  await forgetTableSizes();
  const before = print('re-sync after one edit, course table read whole (no size known: every run before)', await measuredSync());
  await editOneCourse('Edited twice');
  const after = print('re-sync after one edit, courses read by id list (the size the last run kept)', await measuredSync());
  console.log(`bytes of the reads: ${before} -> ${after} (${(before / after).toFixed(1)}x fewer)`);
} finally {
  sim.stop();
}
