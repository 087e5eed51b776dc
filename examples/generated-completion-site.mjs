// A generated site for completions: `users` learners, each registered in one of `courses` courses,
// with the example's completion fields, and the completions set in the Moodle simulator through its
// control API (sim.completion). Used by the completion benchmark and the end-to-end tests.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generatedPeopleExport } from './generated-site.mjs';

export const FIELDS = { completed: 'field_completed', completed_date: 'field_completed_date', activities: 'field_completed_activities' };
export const COURSE_TOTAL_FIELD = 'field_activities_total';

/** The custom report as the README builds it: with the condition "Username is not empty". */
export const COMPLETION_REPORT = { conditions: { 'user:username_operator': 8 } };

/** Export documents: learner i (uid 10 + i) registered in course 1000 + (i % courses). */
export function generatedCompletionExport({ courses, users }) {
  const files = generatedPeopleExport({ categories: 1, courses, users, cohorts: 1, enrolments: users });
  for (const r of files['registrations.json'].data) {
    Object.assign(r.attributes, { [FIELDS.completed]: null, [FIELDS.completed_date]: null, [FIELDS.activities]: null });
  }
  for (const c of files['courses.json'].data) c.attributes[COURSE_TOTAL_FIELD] = null;
  return files;
}

/** The example configuration for the generated site: no templates, every learner a student. */
export function generatedCompletionConfig(base, completion = {}) {
  delete base.components.templates;
  delete base.components.courses.template_field;
  delete base.components.enrolments.registration.role_field;
  Object.assign(base.components.completion, completion);
  return base;
}

/**
 * The learners of each course after a sync wrote the moodle ids back to the export:
 * Map(moodle course id -> { nid, learners: [{ uid, userid (moodle) }] }), in registration order.
 */
export async function learnersByCourse(exportDir) {
  const read = async (name) => JSON.parse(await readFile(path.join(exportDir, name), 'utf8')).data;
  const ids = (data, key) => new Map(data.map((e) => [e.attributes[key], Number(e.attributes.field_moodle_id)]));
  const users = await read('users.json');
  const courseIds = ids(await read('courses.json'), 'drupal_internal__nid');
  const userIds = ids(users, 'drupal_internal__uid');
  const uidByUuid = new Map(users.map((u) => [u.id, u.attributes.drupal_internal__uid]));
  const courses = new Map();
  for (const r of await read('registrations.json')) {
    const nid = r.attributes.entity_id;
    const uid = uidByUuid.get(r.relationships.user_uid.data.id);
    const courseid = courseIds.get(nid);
    if (!courses.has(courseid)) courses.set(courseid, { nid, learners: [] });
    courses.get(courseid).learners.push({ uid, userid: userIds.get(uid) });
  }
  return courses;
}

/** What learner j of a course has done: both activities (complete), the page only, or nothing. */
export const activitiesDone = (j) => (j % 4 === 0 ? 2 : j % 4 === 1 ? 1 : 0);

/**
 * Gives each course two tracked activities (a manual page, an assignment) that are its criteria
 * (all of them), then completes them as activitiesDone(j) says for learner j, at `time(j)`.
 * `courses`: learnersByCourse's answer. Returns the cmids per course.
 */
export async function setCompletions(control, courses, { time }) {
  const activities = new Map();
  for (const [courseid, { learners }] of courses) {
    const page = await control.addActivity(courseid, { modname: 'page', name: 'Read me', tracking: 1 });
    const assign = await control.addActivity(courseid, { modname: 'assign', name: 'Hand in', tracking: 2 });
    await control.setCriteria(courseid, { activities: [page, assign], aggregation: 1 });
    for (const [j, { userid }] of learners.entries()) {
      for (const cmid of [page, assign].slice(0, activitiesDone(j))) await control.complete(userid, cmid, { time: time(j) });
    }
    activities.set(courseid, { page, assign });
  }
  return activities;
}

/** The values Drupal should end with for learner j (the contract's forms). */
export function expectedFields(j, time) {
  const done = activitiesDone(j);
  return {
    [FIELDS.completed]: done === 2,
    [FIELDS.completed_date]: done === 2 ? new Date(time(j) * 1000).toISOString().replace('.000Z', '+00:00') : null,
    [FIELDS.activities]: done,
  };
}

/** local_completion_push's payload for the same completions: every course with its total and users. */
export function pluginPayload(courses, { time }) {
  const payload = {};
  for (const { nid, learners } of courses.values()) {
    const users = {};
    for (const [j, { uid }] of learners.entries()) {
      const done = activitiesDone(j);
      users[`user-${uid}`] = { course_completed: done === 2, course_completed_date: done === 2 ? time(j) : 0, completed: done };
    }
    payload[`course-${nid}`] = { total: 2, users };
  }
  return payload;
}
