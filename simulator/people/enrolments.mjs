// Enrolment records: the manual instance of a course (`enrolInstances`), the user enrolments
// (`userEnrolments` `{id, enrolid, userid, status, timestart, timeend}`) and the role assignments
// that go with them, as enrol_plugin::enrol_user() / unenrol_user() keep them.

import { courseContext } from './contexts.mjs';
import { roleUnassignAll } from './role-assignments.mjs';

export const ENROL_USER_ACTIVE = 0;
export const ENROL_USER_SUSPENDED = 1;
const ENROL_INSTANCE_ENABLED = 0;

/** The course's manual instance; `enabledOnly` as enrol_get_instances($courseid, true) filters. */
export function manualInstance(state, courseid, { enabledOnly = false } = {}) {
  for (const instance of state.enrolInstances.values()) {
    if (instance.courseid !== courseid || instance.enrol !== 'manual') continue;
    if (enabledOnly && instance.status !== ENROL_INSTANCE_ENABLED) continue;
    return instance;
  }
  return null;
}

export function findUserEnrolment(state, enrolid, userid) {
  for (const ue of state.userEnrolments.values()) {
    if (ue.enrolid === enrolid && ue.userid === userid) return ue;
  }
  return null;
}

/** Creates the enrolment, or re-applies status and dates to the existing one when they differ. */
export function saveUserEnrolment(state, instance, userid, { status, timestart, timeend }, now) {
  const ue = findUserEnrolment(state, instance.id, userid);
  if (!ue) {
    const created = { id: state.nextId('userEnrolments'), enrolid: instance.id, userid, status, timestart,
      timeend, timecreated: now, timemodified: now };
    state.userEnrolments.set(created.id, created);
    return created;
  }
  if (ue.status !== status || ue.timestart !== timestart || ue.timeend !== timeend) {
    Object.assign(ue, { status, timestart, timeend, timemodified: now });
  }
  return ue;
}

/**
 * enrol_plugin::unenrol_user(): drops the enrolment and the roles it gave; when it was the user's
 * last enrolment in the course, every role the user holds in the course goes too.
 */
export function unenrolUser(state, instance, userid) {
  const ue = findUserEnrolment(state, instance.id, userid);
  if (!ue) return;
  const context = courseContext(state, instance.courseid);
  const contextid = context?.id;
  roleUnassignAll(state, { userid, contextid, component: `enrol_${instance.enrol}`, itemid: instance.id });
  state.userEnrolments.delete(ue.id);
  const stillEnrolled = [...state.userEnrolments.values()].some((other) => other.userid === userid
    && state.enrolInstances.get(other.enrolid)?.courseid === instance.courseid);
  if (!stillEnrolled) roleUnassignAll(state, { userid, contextid });
}

/** enrol_plugin::delete_instance(): unenrols everybody, then removes the instance. */
export function deleteEnrolInstance(state, instanceid) {
  const instance = state.enrolInstances.get(instanceid);
  if (!instance) return;
  for (const ue of [...state.userEnrolments.values()]) {
    if (ue.enrolid === instanceid) unenrolUser(state, instance, ue.userid);
  }
  state.enrolInstances.delete(instanceid);
}

/**
 * Whether an enrolment counts as active at `now`. Moodle rounds the clock to 100 s in these
 * queries (better DB caching), so a timestart of "now" may not be active yet.
 */
export function isActiveEnrolment(ue, instance, now) {
  const rounded = Math.round(now / 100) * 100;
  return ue.status === ENROL_USER_ACTIVE && instance.status === ENROL_INSTANCE_ENABLED
    && ue.timestart < rounded && (ue.timeend === 0 || ue.timeend > rounded);
}
