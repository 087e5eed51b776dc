// Live-source benchmark: a generated Drupal site (10,000 courses in 200 categories, 5,000 users in
// 50 cohorts, 20,000 registrations) served by the Drupal simulator in a process of its own with
// 50 ms per request. Prints the Drupal requests (from the simulator's call log), the wall time and
// the peak RSS of: a full read at half and at full size (the memory must not grow with the pages),
// a full plan against an empty Moodle simulator, an incremental run after 10 edits, and a deletion
// scan (id-only census). Each measurement runs in a fresh process, so each peak RSS is its own.
//   node bench/drupal-bench.mjs [courses] [latencyMs]
import { fork } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../js/core.mjs';
import { prepareRun, runSync } from '../js/host/sync-run.mjs';
import { startDrupalSimulatorProcess, startSimulatorProcess } from './simulator-process.mjs';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MiB = (kib) => `${(kib / 1024).toFixed(0)} MiB`;

// ---- one measurement, in a child process -------------------------------------------------------

/** A fetch that also counts the resources of each page it read (for the incremental check). */
function countingFetch(pages) {
  return async (url, init = {}) => {
    const response = await fetch(url, init);
    if ((init.method ?? 'GET') === 'GET' && response.ok) {
      const body = await response.clone().text();
      try {
        const data = JSON.parse(body).data;
        pages.push({ target: decodeURIComponent(new URL(url).pathname + new URL(url).search), count: Array.isArray(data) ? data.length : 1 });
      } catch { /* not JSON: the source reports it */ }
    }
    return response;
  };
}

async function measure({ phase, configFile, since }) {
  const core = await loadCore();
  const pages = [];
  const prepared = await prepareRun(core, configFile, { drupalFetch: phase === 'incremental' ? countingFetch(pages) : undefined });
  const baseRssKiB = process.memoryUsage().rss / 1024;
  const started = performance.now();
  const out = {};
  if (phase === 'read') {
    const docs = await prepared.source.read([{ mode: 'full' }]);
    docs.delete();
  } else {
    const options = { dryRun: true, ...(phase === 'plan' ? { full: true } : { since: String(since) }), scanDeletions: phase === 'census' };
    const report = await runSync(core, prepared, options);
    out.summary = report.summary;
    out.moodleCalls = report.calls?.total;
    out.exitCode = report.exit_code;
  }
  return { ...out, pages, seconds: (performance.now() - started) / 1000, baseRssKiB, peakRssKiB: process.resourceUsage().maxRSS };
}

if (process.argv[2] === '--measure') {
  process.send(await measure(JSON.parse(process.argv[3])));
  process.exit(0);
}

// ---- the benchmark -----------------------------------------------------------------------------

const COURSES = Number(process.argv[2] ?? 10000);
const LATENCY_MS = Number(process.argv[3] ?? 50);
const sizes = (scale) => ({
  categories: Math.max(1, Math.round(200 * scale)), courses: Math.round(COURSES * scale),
  users: Math.round(COURSES * scale / 2), cohorts: 50, enrolments: Math.round(COURSES * scale * 2),
});
const describe = (s) => `${s.courses} courses, ${s.users} users, ${s.enrolments} registrations, ${s.categories} categories, ${s.cohorts} cohorts`;

/** Runs one measurement in a fresh process with the Drupal credentials in its environment. */
function inChild(args, drupal, moodle) {
  const env = { ...process.env, MOODLE_TOKEN: moodle.tokens.admin, DRUPAL_USERNAME: drupal.credentials.username, DRUPAL_PASSWORD: drupal.credentials.password };
  const child = fork(SELF, ['--measure', JSON.stringify(args)], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => { if (code) reject(new Error(`the ${args.phase} measurement exited with ${code}`)); });
  });
}

async function configFor(drupal, moodle) {
  const config = JSON.parse(await readFile(path.join(ROOT, 'examples/northfield/moodle-sync.json'), 'utf8'));
  delete config.components.templates;
  delete config.components.courses.template_field;
  delete config.components.completion;
  delete config.components.enrolments.registration.role_field;
  config.site.urls = [drupal.url];
  config.source = { type: 'jsonapi', url: drupal.url };
  config.moodle.url = moodle.url;
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'moodle-sync-drupal-bench-')), 'moodle-sync.json');
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

/** Runs a measurement and counts Drupal's requests during it from the simulator's call log. */
async function timed(label, args, drupal, moodle) {
  const { end: from } = await drupal.ask('calls', { from: Number.MAX_SAFE_INTEGER });
  const result = await inChild(args, drupal, moodle);
  const { calls } = await drupal.ask('calls', { from, paths: args.phase === 'incremental' });
  const gets = calls.filter((c) => c.method === 'GET').length;
  console.log(`${label}: ${calls.length} Drupal requests (${gets} GET), ${result.seconds.toFixed(1)} s wall, peak RSS ${MiB(result.peakRssKiB)} (${MiB(result.baseRssKiB)} once the core was loaded)`);
  if (result.summary) {
    const s = result.summary;
    console.log(`  plan: created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, failed ${s.failed}; ${result.moodleCalls} Moodle calls (reads only: a dry run)`);
  }
  return { ...result, calls };
}

const moodle = await startSimulatorProcess();
console.log(`Drupal JSON:API benchmark: the Drupal simulator in its own process with ${LATENCY_MS} ms per request, 50 resources per page, source.parallel_reads 4`);
const reads = [];
try {
  for (const scale of [0.5, 1]) {
    const site = sizes(scale);
    const drupal = await startDrupalSimulatorProcess({ site, latencyMs: LATENCY_MS });
    try {
      const configFile = await configFor(drupal, moodle);
      reads.push(await timed(`full read (${describe(site)})`, { phase: 'read', configFile }, drupal, moodle));
      if (scale !== 1) continue;
      await timed('full plan against an empty Moodle simulator', { phase: 'plan', configFile }, drupal, moodle);

      const since = await drupal.ask('now');  // after the export, before the edits
      await drupal.ask('tick', { seconds: 600 });
      const edits = [
        ['node--course', 4, 'title', 'Geändert', true], ['user--user', 3, 'field_city', 'Southfield', false],
        ['registration--course_registration', 3, 'state', 'canceled', false],
      ];
      for (const [type, count, attribute, value, numbered] of edits) await drupal.ask('editSpread', { type, count, attribute, value, numbered });
      const incremental = await timed('incremental run after 10 edits (4 courses, 3 users, 3 registrations)', { phase: 'incremental', configFile, since }, drupal, moodle);
      reportIncremental(incremental, 10);

      // An hour later, nothing changed since: the scan is the census and one empty listing per collection.
      await drupal.ask('tick', { seconds: 3600 });
      await timed('deletion scan (id-only census, and an incremental read that finds nothing changed)', { phase: 'census', configFile, since: await drupal.ask('now') }, drupal, moodle);
    } finally {
      await drupal.stop();
    }
  }
  const [half, full] = reads;
  const growth = (r) => r.peakRssKiB - r.baseRssKiB;
  console.log(`memory of the full read above the loaded core: ${MiB(growth(half))} at half size, ${MiB(growth(full))} at full size`
    + ` (${growth(full) > 1.5 * growth(half) ? 'GROWS with the number of pages' : 'flat: the pages are not kept in JavaScript'})`);
} finally {
  moodle.stop();
}

/**
 * The incremental run's bound: one request per collection (its `changed` listing, one page with
 * fewer than 50 changed; or the whole listing of a small type without `changed`), plus follow-up
 * reads (by id, IN filters) that bring the changed entities' dependents and references, each
 * read bringing at least one entity. Prints the breakdown and whether the bound holds.
 */
function reportIncremental({ calls, pages }, changed) {
  const collectionOf = (target) => target.split('?')[0].split('/').slice(0, 4).join('/');
  const isFollowup = (target) => /\[operator\]=IN|\[value\]\[\]=/.test(target) || target.split('?')[0].split('/').length > 4;
  const reads = pages.filter((p) => p.target.startsWith('/jsonapi/'));
  const perCollection = {};
  for (const p of reads.filter((r) => !isFollowup(r.target))) perCollection[collectionOf(p.target)] = (perCollection[collectionOf(p.target)] ?? 0) + 1;
  const followups = reads.filter((r) => isFollowup(r.target));
  const followupEntities = followups.reduce((n, p) => n + p.count, 0);
  const collections = Object.keys(perCollection).length;
  const drupalGets = calls.filter((c) => c.method === 'GET' && c.path.startsWith('/jsonapi/')).length;
  const ok = Object.values(perCollection).every((n) => n === 1) && followups.every((p) => p.count > 0)
    && drupalGets <= collections + followupEntities && drupalGets === reads.length;
  console.log(`  listings: ${collections} collections, ${Object.values(perCollection).reduce((a, b) => a + b, 0)} requests (${Object.entries(perCollection).map(([c, n]) => `${c.replace('/jsonapi/', '')} ${n}`).join(', ')})`);
  console.log(`  follow-ups: ${followups.length} requests bringing ${followupEntities} entities: the ${changed} changed entities' dependents and references`);
  console.log(`  bound (one request per collection + the reads of the changed entities and their dependents): ${ok ? 'holds' : 'EXCEEDED'} (${drupalGets} GETs of collections and resources)`);
}
