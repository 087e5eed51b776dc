// End-to-end completion: a generated site synced into the simulator (fixed clock) with completions
// set through the simulator's control API, and a real `moodle-sync serve` process in front of it.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { core, EXAMPLE, makeSite } from '../sync/harness.mjs';
import { TEST_NOW } from '../test-clock.mjs';
import {
  generatedCompletionConfig, generatedCompletionExport, learnersByCourse, setCompletions,
} from '../../../examples/generated-completion-site.mjs';
import { runCompletionPull } from '../../../js/host/completion-run.mjs';
import { prepareRun } from '../../../js/host/sync-run.mjs';

export { core, TEST_NOW };
const CLI = fileURLToPath(new URL('../../../cli/moodle-sync.mjs', import.meta.url));

export const SECRET = 's3cret-'.padEnd(48, 'x');
export const SECRET_ENV = 'MOODLE_SYNC_COMPLETION_SECRET';
/** When learner j did what it did: the day before the fixed clock, a minute apart, on a 7th second. */
export const completedAt = (j) => TEST_NOW - 86400 + 60 * j + 7;

/**
 * `users` learners in `courses` courses, synced into a fresh simulator; with `complete`, the
 * completions set (activitiesDone of each learner). Resolves to the site with `learners`
 * (learnersByCourse), `setCompletion(patch)` to change the completion configuration, `pull()`.
 */
export async function completionSite({ courses, users, complete = true, sync = true, completion = {} }) {
  const config = generatedCompletionConfig(JSON.parse(await readFile(path.join(EXAMPLE, 'moodle-sync.json'), 'utf8')), completion);
  const site = await makeSite({ config, files: generatedCompletionExport({ courses, users }) });
  site.env[SECRET_ENV] = SECRET;
  if (sync) {
    const report = await site.run();
    if (report.summary.failed) throw new Error(`the set-up sync failed: ${JSON.stringify(report.summary)}`);
    site.learners = await learnersByCourse(site.exportDir);
    if (complete) site.activities = await setCompletions(site.sim.completion, site.learners, { time: completedAt });
  }
  site.setCompletion = async (patch) => {
    const cfg = JSON.parse(await readFile(site.configFile, 'utf8'));
    Object.assign(cfg.components.completion, patch);
    await writeFile(site.configFile, JSON.stringify(cfg, null, 2));
  };
  site.pull = async (options = {}) => (await runCompletionPull(core, await prepareRun(core, site.configFile, { env: site.env }), { now: TEST_NOW, ...options })).report;
  site.registrations = async () => (await site.readExport('registrations.json')).data;
  return site;
}

/** The registrations of the export by (drupal user id, drupal course id): `${uid}:${nid}`. */
export async function registrationsByPair(site) {
  const users = new Map((await site.readExport('users.json')).data.map((u) => [u.id, u.attributes.drupal_internal__uid]));
  return new Map((await site.registrations()).map((r) => [`${users.get(r.relationships.user_uid.data.id)}:${r.attributes.entity_id}`, r]));
}

/**
 * `moodle-sync serve -c configFile --port 0` in a process of its own: resolves once it prints
 * where it serves to `{ url (the completion route with the secret), base, lines, stop() }`.
 */
export async function startServe(configFile, env) {
  const child = spawn(process.execPath, [CLI, 'serve', '-c', configFile, '--port', '0'], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const first = await Promise.race([
    new Promise((resolve) => createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (lines.length === 1) resolve(line);
    })),
    exited.then((code) => { throw new Error(`serve exited (${code}) before serving: ${stderr}`); }),
  ]);
  const base = /(http:\/\/[^/\s]+)\/completion/.exec(first)?.[1];
  if (!base) throw new Error(`serve printed no URL: ${first}`);
  return {
    base, url: `${base}/completion/${SECRET}`, lines, first, stderr: () => stderr,
    stop: () => { child.kill('SIGTERM'); return exited; },
  };
}

/** POSTs `body` to `url`; resolves to `{ status, body (decoded JSON) }`. */
export async function post(url, body, { contentType = 'application/json', headers = {} } = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
  const text = await response.text();
  let decoded;
  try { decoded = JSON.parse(text); } catch { decoded = text; }
  return { status: response.status, body: decoded };
}
