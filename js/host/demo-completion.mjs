// The demo's completion step: after the sync, learners complete activities in the simulated Moodle
// (set through the simulator's control API, as a test would), then `completion pull` reads them
// back and writes the registration fields of the demo's export copy.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { completionSettings, runCompletionPull } from './completion-run.mjs';
import { prepareRun } from './sync-run.mjs';

const ONE_HOUR = 3600;

/**
 * What happens in Moodle, per example course (by its Drupal id): the activities that are the
 * course's completion criteria, and per learner (Drupal user id) the activities completed, so
 * that one learner completes a course, one completes part of another, and one more completes a
 * third. The teacher of the first course is not tracked by completion: the pull skips it.
 */
const SCENARIO = [
  { nid: 100, activities: [['page', 'Greetings'], ['assign', 'Introduce yourself']], done: { 20: 2 } },
  { nid: 101, activities: [['page', 'Les verbes'], ['assign', 'Devoir 1']], done: { 21: 1 } },
  { nid: 104, activities: [['page', 'Data protection basics']], done: { 23: 1 } },
];

const readData = async (exportDir, name) => JSON.parse(await readFile(path.join(exportDir, name), 'utf8')).data;
const moodleIdsBy = (data, key) => new Map(data.map((e) => [e.attributes[key], Number(e.attributes.field_moodle_id)]));

/** Sets the scenario's completions in `sim` (the simulator, after the sync), at times before `now`. */
async function completeInMoodle(sim, exportDir, now) {
  const courses = moodleIdsBy(await readData(exportDir, 'courses.json'), 'drupal_internal__nid');
  const users = moodleIdsBy(await readData(exportDir, 'users.json'), 'drupal_internal__uid');
  let hoursAgo = 2 * SCENARIO.length;
  for (const { nid, activities, done } of SCENARIO) {
    const courseid = courses.get(nid);
    const cmids = [];
    for (const [modname, name] of activities) {
      cmids.push(await sim.completion.addActivity(courseid, { modname, name, tracking: modname === 'assign' ? 2 : 1 }));
    }
    await sim.completion.setCriteria(courseid, { activities: cmids, aggregation: 1 });
    for (const [uid, count] of Object.entries(done)) {
      for (const cmid of cmids.slice(0, count)) {
        await sim.completion.complete(users.get(Number(uid)), cmid, { time: now - hoursAgo * ONE_HOUR });
        hoursAgo -= 1;
      }
    }
  }
}

/** Per registration whose completion fields changed: its label and the fields' new values. */
async function changedRegistrations(exportDir, before, fieldNames) {
  const users = new Map((await readData(exportDir, 'users.json')).map((u) => [u.id, u.attributes.name]));
  const courses = new Map((await readData(exportDir, 'courses.json')).map((c) => [c.attributes.drupal_internal__nid, c.attributes.field_code]));
  const old = new Map(before.map((r) => [r.id, r.attributes]));
  const changed = [];
  for (const r of await readData(exportDir, 'registrations.json')) {
    const fields = Object.fromEntries(fieldNames.filter((f) => JSON.stringify(r.attributes[f]) !== JSON.stringify(old.get(r.id)?.[f]))
      .map((f) => [f, r.attributes[f] ?? null]));
    if (!Object.keys(fields).length) continue;
    const user = users.get(r.relationships.user_uid.data.id);
    changed.push({ label: `registration ${r.attributes.drupal_internal__registration_id} (${user}, ${courses.get(r.attributes.entity_id)})`, fields });
  }
  return changed;
}

/**
 * Completes the scenario in `sim`, pulls, and resolves to `{report, changed}`: the pull's report
 * and the registrations whose fields appeared in the export copy.
 */
export async function runCompletionDemo(core, sim, { configFile, exportDir, env, clock }) {
  const now = clock();
  await completeInMoodle(sim, exportDir, now);
  const before = await readData(exportDir, 'registrations.json');
  const prepared = await prepareRun(core, configFile, { env });
  const { report } = await runCompletionPull(core, prepared, { now });
  const fieldNames = Object.values(completionSettings(prepared.config)?.fields ?? {});
  return { report, changed: await changedRegistrations(exportDir, before, fieldNames) };
}

/** The lines that show which registration fields appeared. */
export function changedRegistrationLines(changed) {
  if (!changed.length) return ['No registration field changed in the export copy.'];
  return [
    'Registration fields that appeared in the export copy (registrations.json):',
    ...changed.map(({ label, fields }) => `  ${label}: ${Object.entries(fields).map(([f, v]) => `${f} ${JSON.stringify(v)}`).join(', ')}`),
  ];
}
