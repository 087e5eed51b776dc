// Events benchmark: a bulk edit of 500 courses in Drupal within 10 seconds, each save posting its
// entity event like the contrib webhooks module to a `moodle-sync serve` process, against the
// Moodle simulator at 25 ms per call (a recorded call's median). Prints the Moodle calls the burst
// made next to one batched (incremental) sync of the same 500 edits (target: within 1.2x), the wall
// time from the first save until Moodle has every change, the webhook answers, and the serve
// process's peak memory (VmHWM).
//   node bench/events-bench.mjs [courses] [burstSeconds]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../js/core.mjs';
import { prepareRun, runSync } from '../js/host/sync-run.mjs';
import { startSimulator } from '../simulator/server.mjs';
import { startDrupalSimulatorProcess } from './simulator-process.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = path.join(ROOT, 'cli/moodle-sync.mjs');
const COURSES = Number(process.argv[2] ?? 500);
const BURST_SECONDS = Number(process.argv[3] ?? 10);
const MOODLE_LATENCY_MS = 25;
const SECRET = 'bench-events-secret-'.padEnd(48, 'b');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MiB = (kib) => `${(kib / 1024).toFixed(0)} MiB`;

async function configFor(drupal, moodle) {
  const config = JSON.parse(await readFile(path.join(ROOT, 'examples/northfield/moodle-sync.json'), 'utf8'));
  delete config.components.templates;
  delete config.components.courses.template_field;
  delete config.components.completion;
  delete config.components.enrolments.registration.role_field;
  config.site.urls = [drupal.url];
  config.source = { type: 'jsonapi', url: drupal.url, auth: 'basic' };
  config.moodle.url = moodle.url;
  config.events = {};
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'moodle-sync-events-bench-')), 'moodle-sync.json');
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

/** `moodle-sync serve` in its own process: `{ base, pid, stop() }` once it prints where it listens. */
async function startServe(configFile, env) {
  const child = spawn(process.execPath, [CLI, 'serve', '-c', configFile, '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const first = await Promise.race([
    new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve)),
    exited.then((code) => { throw new Error(`serve exited (${code}): ${stderr}`); }),
  ]);
  const base = /(http:\/\/[^/\s]+)/.exec(first)?.[1];
  if (!base) throw new Error(`serve printed no URL: ${first}`);
  return { base, pid: child.pid, stderr: () => stderr, stop: () => { child.kill('SIGTERM'); return exited; } };
}

/** Peak resident memory of a process (Linux /proc VmHWM), in KiB; null elsewhere. */
function peakRssKiB(pid) {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  } catch {
    return null;
  }
}

const byFunction = (calls) => {
  const counts = {};
  for (const c of calls) counts[c.wsfunction] = (counts[c.wsfunction] ?? 0) + 1;
  return Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ');
};

/** Waits until Moodle's courses all carry `title <i>`-style names from `prefix` and its call log is quiet for `quietMs`. */
async function settled(moodle, prefix, { quietMs = 3000, timeoutMs = 300000 } = {}) {
  const started = performance.now();
  let doneAt = null;
  let last = moodle.callLog.length;
  let quietSince = performance.now();
  for (;;) {
    const courses = [...moodle.state.courses.values()].filter((c) => c.idnumber?.startsWith('course-'));
    if (doneAt === null && courses.length >= COURSES && courses.every((c) => c.fullname.startsWith(prefix))) doneAt = performance.now();
    if (moodle.callLog.length !== last) { last = moodle.callLog.length; quietSince = performance.now(); }
    if (doneAt !== null && performance.now() - quietSince >= quietMs) return doneAt;
    if (performance.now() - started > timeoutMs) throw new Error(`Moodle did not get every "${prefix}" title within ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

const core = await loadCore();
const moodle = await startSimulator({ clock: () => Math.floor(Date.now() / 1000) });
const site = { categories: 10, courses: COURSES, users: 20, cohorts: 2, enrolments: 40 };
const drupal = await startDrupalSimulatorProcess({ site });
let serve;
try {
  const configFile = await configFor(drupal, moodle);
  const env = {
    MOODLE_TOKEN: moodle.tokens.admin, DRUPAL_USERNAME: drupal.credentials.username, DRUPAL_PASSWORD: drupal.credentials.password,
    MOODLE_SYNC_EVENTS_SECRET: SECRET,
  };
  const sync = async () => runSync(core, await prepareRun(core, configFile, { env }), {});
  console.log(`Events benchmark: ${COURSES} course edits within ${BURST_SECONDS} s, posted like the webhooks module to \`moodle-sync serve\`; Moodle simulator at ${MOODLE_LATENCY_MS} ms per call`);
  const initial = await sync();
  if (initial.exit_code !== 0) throw new Error(`the set-up sync ended with exit code ${initial.exit_code}`);

  moodle.setFaults({ latencyMs: MOODLE_LATENCY_MS });
  // One batched sync of the same 500 edits: the yardstick.
  await drupal.ask('tick', { seconds: 600 });
  await drupal.ask('editBurst', { type: 'node--course', count: COURSES, attribute: 'title', value: 'Batched', durationMs: 0 });
  await drupal.ask('tick', { seconds: 60 });
  let from = moodle.callLog.length;
  let started = performance.now();
  const batched = await sync();
  const batchedSeconds = (performance.now() - started) / 1000;
  const batchedCalls = moodle.callLog.slice(from);
  console.log(`one batched sync of the ${COURSES} edits: ${batchedCalls.length} Moodle calls (${byFunction(batchedCalls)}), ${batchedSeconds.toFixed(1)} s wall, exit code ${batched.exit_code}`);

  // The burst: every save posts its event to serve while the bulk edit goes on.
  serve = await startServe(configFile, env);
  await drupal.ask('webhook', { url: `${serve.base}/events`, secret: SECRET, events: ['entity:node:create', 'entity:node:update', 'entity:node:delete'] });
  await drupal.ask('tick', { seconds: 60 });
  from = moodle.callLog.length;
  started = performance.now();
  const burst = await drupal.ask('editBurst', { type: 'node--course', count: COURSES, attribute: 'title', value: 'Burst', durationMs: BURST_SECONDS * 1000 });
  const doneAt = await settled(moodle, 'Burst');
  const burstCalls = moodle.callLog.slice(from);
  const ratio = burstCalls.length / batchedCalls.length;
  console.log(`burst: ${COURSES} saves in ${burst.seconds.toFixed(1)} s, webhook answers ${JSON.stringify(burst.statuses)}`);
  console.log(`burst: ${burstCalls.length} Moodle calls (${byFunction(burstCalls)}): ${ratio.toFixed(2)}x the batched sync (target <= 1.2x: ${ratio <= 1.2 ? 'met' : 'MISSED'})`);
  console.log(`burst: ${((doneAt - started) / 1000).toFixed(1)} s wall from the first save until Moodle had every change`);
  const peak = peakRssKiB(serve.pid);
  console.log(`serve process: peak RSS ${peak === null ? 'unknown (no /proc)' : MiB(peak)}`);
} finally {
  await serve?.stop();
  await drupal.stop();
  await moodle.close();
}
