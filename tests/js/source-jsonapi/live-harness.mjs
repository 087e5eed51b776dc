// A live Drupal source for the tests: the example export served by the Drupal simulator, the Moodle
// simulator, and runs of the sync between them (a configuration with source.type "jsonapi" in a
// temporary folder, the credentials in the run's environment only).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDrupalSimulator } from '../../../drupal-simulator/server.mjs';
import { startSimulator } from '../../../simulator/server.mjs';
import { prepareRun, runSync } from '../../../js/host/sync-run.mjs';
import { EXAMPLE, core, fullConfig } from '../sync/harness.mjs';
import { TEST_NOW, testClock } from '../test-clock.mjs';

export { core };
export const EXPORT_DIR = path.join(EXAMPLE, 'export');
export const noWait = async () => {};

/**
 * A live site. `config(c)` patches the configuration; `auth`: 'basic' | 'oauth'; `drupal` are the
 * Drupal simulator's options. The Drupal clock starts at the test clock and moves with `tick()`.
 */
export async function makeLiveSite({ config: patch = (c) => c, auth = 'basic', drupal = {}, moodle = {} } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-live-'));
  let now = TEST_NOW;
  const drupalSim = await startDrupalSimulator({ exportDir: EXPORT_DIR, clock: () => now, ...drupal });
  const sim = await startSimulator({ clock: testClock, ...moodle });
  const cfg = await fullConfig();
  cfg.site.urls = [drupalSim.url];
  cfg.source = { type: 'jsonapi', url: drupalSim.url, auth, ...(auth === 'oauth' ? { scope: 'moodle_sync' } : {}) };
  cfg.moodle.url = sim.url;
  const configFile = path.join(dir, 'moodle-sync.json');
  await writeFile(configFile, JSON.stringify(patch(cfg) ?? cfg, null, 2));
  const { credentials } = drupalSim;
  const env = {
    [cfg.moodle.token_env ?? 'MOODLE_TOKEN']: sim.tokens.admin,
    DRUPAL_USERNAME: credentials.username, DRUPAL_PASSWORD: credentials.password,
    DRUPAL_CLIENT_ID: credentials.client_id, DRUPAL_CLIENT_SECRET: credentials.client_secret,
  };
  const site = {
    dir, configFile, env, drupal: drupalSim, sim,
    journalFile: `${configFile}.moodle-sync-journal.jsonl`,
    tick(seconds = 60) { now += seconds; },
    /** The Drupal site's clock (unix seconds): where tick() has moved it. */
    now: () => now,
    async run(options = {}, { env: runEnv = env } = {}) {
      const prepared = await prepareRun(core, configFile, { env: runEnv, wait: noWait });
      return runSync(core, prepared, options);
    },
    async journal() {
      try {
        return (await readFile(site.journalFile, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
      } catch (e) {
        if (e.code === 'ENOENT') return [];
        throw e;
      }
    },
    /** Drupal's calls since `from` (an index into the call log). */
    callsSince(from) { return drupalSim.calls.slice(from); },
    patches(from = 0) { return drupalSim.calls.slice(from).filter((c) => c.method === 'PATCH'); },
    moodleWrites() { return sim.callLog.filter((c) => !/_get_|get_site_info/.test(c.wsfunction ?? '')); },
    async close() {
      await Promise.allSettled([drupalSim.close(), sim.close()]);
    },
  };
  return site;
}

/**
 * A live site (makeLiveSite's options) already synced: a first full run without a failure, a second
 * that reads back its own PATCHes (the high-water marks pass them), then the clock an hour on.
 */
export async function syncedSite(options) {
  const live = await makeLiveSite(options);
  const first = await live.run();
  assert.equal(first.summary.failed, 0, JSON.stringify(first.entities.filter((e) => e.outcome === 'failed')));
  live.tick();
  await live.run();
  live.tick(3600);
  return live;
}

/** Fails when a text holds the Drupal password or client secret of the site. */
export function assertNoCredentials(live, text) {
  const { password, client_secret: secret } = live.drupal.credentials;
  assert.ok(!text.includes(password), 'the password is not in the text');
  assert.ok(!text.includes(secret), 'the client secret is not in the text');
}

/** One web-service call to the Moodle simulator, as its administrator. */
export async function moodleCall(sim, wsfunction, params = {}) {
  const { body } = core.encodeCall(wsfunction, params);
  const response = await fetch(`${sim.url}/webservice/rest/server.php`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `wstoken=${sim.tokens.admin}&${body}`,
  });
  return response.json();
}

/** Moodle's state as the tests compare it: ids left out (they depend on the order of creation). */
export async function moodleState(sim) {
  const call = (wsfunction, params) => moodleCall(sim, wsfunction, params);
  const categories = await call('core_course_get_categories');
  const catIdnumber = new Map(categories.map((c) => [c.id, c.idnumber]));
  const courses = (await call('core_course_get_courses')).filter((c) => c.format !== 'site');
  const cohorts = await call('core_cohort_get_cohorts');
  const members = cohorts.length ? await call('core_cohort_get_cohort_members', { cohortids: cohorts.map((c) => c.id) }) : [];
  const usersById = new Map();
  const enrolments = {};
  for (const course of courses) {
    const enrolled = await call('core_enrol_get_enrolled_users', { courseid: course.id });
    enrolments[course.idnumber] = enrolled.map((u) => `${u.username}:${(u.roles ?? []).map((r) => r.roleid).sort().join(',')}`).sort();
    for (const u of enrolled) usersById.set(u.id, u.username);
  }
  const idnumbers = [...new Set(courses.map((c) => c.idnumber))];
  return {
    categories: categories.map((c) => ({ idnumber: c.idnumber, name: c.name, parent: catIdnumber.get(c.parent) ?? c.parent, description: c.description })).sort((a, b) => a.idnumber.localeCompare(b.idnumber)),
    courses: courses.map((c) => ({ idnumber: c.idnumber, shortname: c.shortname, fullname: c.fullname, category: catIdnumber.get(c.categoryid), visible: c.visible, summary: c.summary })).sort((a, b) => a.idnumber.localeCompare(b.idnumber)),
    cohorts: cohorts.map((c) => ({ idnumber: c.idnumber, name: c.name, members: (members.find((m) => m.cohortid === c.id)?.userids ?? []).length })).sort((a, b) => a.idnumber.localeCompare(b.idnumber)),
    enrolments,
    courseCount: idnumbers.length,
  };
}
