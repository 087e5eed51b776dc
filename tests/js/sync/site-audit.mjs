// A generated site of courses (some copied from templates), users in cohorts and registrations,
// and the three figures that say whether a sync under faults or kills left Moodle right:
// duplicates, lost ids (a Moodle object made for an entity whose id is not in the export) and
// unmanageable enrolments (one the sync can no longer find and remove).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedPeopleExport } from '../../../examples/generated-site.mjs';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../../examples/northfield/moodle-sync.json', import.meta.url));

/** About `entities` entities: 10 categories, 2 templates, 10 cohorts, courses 10 %, users 25 %, the rest registrations. */
export function peopleSiteFiles(entities) {
  const courses = Math.max(10, Math.round(entities * 0.1));
  const users = Math.max(10, Math.round(entities * 0.25));
  const enrolments = Math.max(10, entities - courses - users - 22);
  return generatedPeopleExport({ categories: 10, courses, users, cohorts: 10, enrolments, templates: 2 });
}

/** The example's configuration for that site (no completion), retries without waiting. */
export async function peopleSiteConfig(patch = (c) => c) {
  const config = JSON.parse(await readFile(EXAMPLE_CONFIG, 'utf8'));
  delete config.components.completion;
  delete config.components.enrolments.registration.role_field;
  config.moodle.retries = 3;
  config.moodle.retry_delay_ms = 0;
  return patch(config) ?? config;
}

const EXPORT_TABLES = {
  'course_categories.json': 'categories', 'course_templates.json': 'courses', 'courses.json': 'courses',
  'users.json': 'users', 'groups.json': 'cohorts',
};
const MANAGED = /^(category|course|template|user|group)-\d+$/;

/**
 * Duplicates and lost ids, from the simulator's tables and the export files. A duplicate is a
 * second object with one entity's idnumber, or a course copy no entity holds (a copy made twice);
 * a lost id is an object made for an entity (it has the entity's idnumber) whose id is
 * not that entity's field_moodle_id.
 */
export async function auditIds(site) {
  const state = site.sim.state;
  const exported = { categories: new Map(), courses: new Map(), users: new Map(), cohorts: new Map() };
  const unsynced = [];
  for (const [file, table] of Object.entries(EXPORT_TABLES)) {
    let doc;
    try { doc = await site.readExport(file); } catch { continue; }
    for (const e of doc.data) {
      const id = e.attributes.field_moodle_id;
      if (id === '' || id == null) unsynced.push(`${e.type} ${e.id}`);
      else exported[table].set(Number(id), e);
    }
  }
  const objects = {
    categories: [...state.categories.values()],
    courses: [...state.courses.values()].filter((c) => c.id !== 1),
    users: [...state.users.values()].filter((u) => !u.deleted),
    cohorts: [...state.cohorts.values()],
  };
  let duplicates = 0;
  const lost = [];
  for (const [table, rows] of Object.entries(objects)) {
    const seen = new Map();
    for (const row of rows) {
      const key = row.idnumber;
      if (key && MANAGED.test(key)) {
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (!exported[table].has(row.id)) lost.push(`${table} ${row.id} (${key})`);
      } else if (table === 'courses' && /^K-\d+$/.test(row.shortname) && !exported.courses.has(row.id)) {
        duplicates += 1;  // a copy of a course page that no entity holds
      }
    }
    for (const n of seen.values()) duplicates += n - 1;
  }
  return { duplicates, lost: lost.length, lostList: lost, unsynced: unsynced.length };
}

/**
 * Cancels every registration and syncs (no faults): each enrolment a registration made must be
 * suspended, and none may stay active. Returns how many stay active (unmanageable).
 */
export async function unmanageableEnrolments(site) {
  site.sim.setFaults({});
  site.sim.finishRunningCalls();
  await site.editExport('registrations.json', (doc) => { for (const r of doc.data) r.attributes.state = 'canceled'; });
  const report = await site.run({ allowRemovals: true });
  const managedCourses = new Set([...site.sim.state.courses.values()].filter((c) => /^course-\d+$/.test(c.idnumber ?? '')).map((c) => c.id));
  const manual = new Set([...site.sim.state.enrolInstances.values()].filter((i) => i.enrol === 'manual' && managedCourses.has(i.courseid)).map((i) => i.id));
  const active = [...site.sim.state.userEnrolments.values()].filter((ue) => manual.has(ue.enrolid) && ue.status === 0);
  return { unmanageable: active.length, failed: report.summary.failed };
}
