// A Drupal export in a temporary folder, the simulator, and runs of the sync between them.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../../../simulator/server.mjs';
import { loadCore } from '../../../js/core.mjs';
import { prepareRun, runSync } from '../../../js/host/sync-run.mjs';
import { testClock } from '../test-clock.mjs';
import { generatedPeopleExport } from '../../../examples/generated-site.mjs';

export const EXAMPLE = fileURLToPath(new URL('../../../examples/northfield/', import.meta.url));
export const core = await loadCore();

export const SITE_URL = 'https://learn.northfield.example';

/** The example configuration limited to what this engine syncs, with `patch` applied. */
export async function exampleConfig(patch = (c) => c) {
  const config = JSON.parse(await readFile(path.join(EXAMPLE, 'moodle-sync.json'), 'utf8'));
  for (const c of ['users', 'cohorts', 'enrolments', 'completion']) delete config.components[c];
  return patch(config) ?? config;
}

/** The whole example configuration (people too), with `patch` applied. */
export async function fullConfig(patch = (c) => c) {
  const config = JSON.parse(await readFile(path.join(EXAMPLE, 'moodle-sync.json'), 'utf8'));
  return patch(config) ?? config;
}

/**
 * A site: `files` maps export file names to JSON:API documents (default: the example export).
 * Returns helpers to run the sync and to read both sides.
 */
export async function makeSite({ config, files, simOptions = {} } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-test-'));
  const exportDir = path.join(dir, 'export');
  if (files) {
    await mkdir(exportDir);
    await writeFile(path.join(exportDir, 'site.json'), JSON.stringify({ site_url: SITE_URL }));
    for (const [name, doc] of Object.entries(files)) await writeFile(path.join(exportDir, name), JSON.stringify(doc));
  } else {
    await cp(path.join(EXAMPLE, 'export'), exportDir, { recursive: true });
  }
  const sim = await startSimulator({ clock: testClock, ...simOptions });
  const cfg = config ?? await exampleConfig();
  cfg.moodle.url = sim.url;
  const configFile = path.join(dir, 'moodle-sync.json');
  await writeFile(configFile, JSON.stringify(cfg, null, 2));
  const env = { [cfg.moodle.token_env ?? 'MOODLE_TOKEN']: sim.tokens.admin };

  const site = {
    dir, exportDir, sim, configFile, env,
    // The time of each call is data the core sizes batches from: a frozen clock (every call takes
    // 0 ms, which tells nothing) keeps the batches of every run alike.
    async run({ dryRun = false, allowRemovals = false, onAction, afterAction, clockMs = () => 0 } = {}) {
      const prepared = await prepareRun(core, configFile, { env });
      return runSync(core, prepared, { dryRun, allowRemovals, onAction, afterAction, clockMs });
    },
    async readExport(name) {
      return JSON.parse(await readFile(path.join(exportDir, name), 'utf8'));
    },
    async writeExport(name, doc) {
      await writeFile(path.join(exportDir, name), JSON.stringify(doc));
    },
    async editExport(name, edit) {
      const doc = await site.readExport(name);
      edit(doc);
      await site.writeExport(name, doc);
    },
    /** Calls the simulator like a client would; returns the decoded JSON. */
    async moodle(wsfunction, params = {}) {
      const { body } = core.encodeCall(wsfunction, params);
      const response = await fetch(`${sim.url}/webservice/rest/server.php`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `wstoken=${sim.tokens.admin}&${body}`,
      });
      return response.json();
    },
    async courses() {
      return (await site.moodle('core_course_get_courses')).filter((c) => c.format !== 'site');
    },
    async categories() {
      return site.moodle('core_course_get_categories');
    },
    async users(field, values) {
      return site.moodle('core_user_get_users_by_field', { field, values });
    },
    async cohorts() {
      return site.moodle('core_cohort_get_cohorts');
    },
    async members(cohortids) {
      const answer = await site.moodle('core_cohort_get_cohort_members', { cohortids });
      return Object.fromEntries(answer.map((c) => [c.cohortid, [...c.userids].sort((a, b) => a - b)]));
    },
    async enrolled(courseid, options = []) {
      return site.moodle('core_enrol_get_enrolled_users', { courseid, options });
    },
    writeCalls() {
      return sim.callLog.filter((c) => !/_get_|get_site_info/.test(c.wsfunction ?? ''));
    },
    close: () => sim.close(),
  };
  return site;
}

/** A site for one test (makeSite's options); the simulator and the temporary folder go when `body` ends. */
export async function withSite(options, body) {
  const site = await makeSite(options);
  try {
    return await body(site);
  } finally {
    await site.close();
    await rm(site.dir, { recursive: true, force: true });
  }
}

export function entity(report, resource, id) {
  return report.entities.find((e) => e.resource === resource && e.id === id);
}

export function moodleIdOf(doc, id) {
  const revision = new Set(['drupal_internal__vid', 'drupal_internal__revision_id']);
  const r = doc.data.find((x) => Object.entries(x.attributes).some(([k, v]) => k.startsWith('drupal_internal__') && !revision.has(k) && v === id));
  return r?.attributes.field_moodle_id;
}

/**
 * A generated people site (`sizes`: the generator's counts of categories, courses, users, cohorts
 * and enrolments) with the example configuration without templates, completion or registration
 * roles, `patch` applied.
 */
export async function makePeopleSite(sizes, patch = (c) => c) {
  const config = await fullConfig((c) => {
    delete c.components.templates;
    delete c.components.courses.template_field;
    delete c.components.completion;
    delete c.components.enrolments.registration.role_field;
    patch(c);
  });
  return makeSite({ config, files: generatedPeopleExport(sizes) });
}
