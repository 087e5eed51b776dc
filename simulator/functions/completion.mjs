// core_completion_get_course_completion_status, part of the recorded moodle_sync service. The
// simulated site has no completion criteria, so for a tracked user the answer is always Moodle's
// "nocriteriaset" error; the checks before it follow core_completion_external.

import { missingRecord, moodleException } from '../errors.mjs';
import { WARNINGS } from '../external-warnings.mjs';
import { multiple, PARAM, single, value } from '../schema.mjs';
import { CONTEXT_LEVEL, findContext } from './contexts.mjs';
import { requireLoginError } from './course-checks.mjs';

/** Roles whose holders appear in completion reports (moodle/course:isincompletionreports). */
const TRACKED_ROLES = new Set([5]);

function isTrackedUser(state, course, userid, now) {
  const instanceIds = new Set([...state.enrolInstances.values()].filter((i) => i.courseid === course.id && i.status === 0).map((i) => i.id));
  const active = [...state.userEnrolments.values()].some((ue) => instanceIds.has(ue.enrolid) && ue.userid === userid
    && ue.status === 0 && (ue.timestart ?? 0) <= now && (!ue.timeend || ue.timeend > now));
  const contextId = findContext(state, CONTEXT_LEVEL.COURSE, course.id)?.id;
  const tracked = [...state.roleAssignments.values()].some((ra) => ra.contextid === contextId && ra.userid === userid && TRACKED_ROLES.has(ra.roleid));
  return active && tracked;
}

function getCourseCompletionStatus(sim, { courseid, userid }, ctx) {
  const { state } = sim;
  const course = state.courses.get(courseid);
  if (!course) throw missingRecord('course');
  const user = state.users.get(userid);
  if (!user || user.deleted) throw missingRecord('user');
  if (!ctx.caller.hasCapabilities) throw requireLoginError();
  if (!course.enablecompletion) throw moodleException('cannotviewreport', 'You can not view this report');
  if (!isTrackedUser(state, course, userid, ctx.now())) {
    throw moodleException(userid === ctx.caller.userid ? 'notenroled' : 'usernotenroled',
      userid === ctx.caller.userid ? 'You are not enrolled in this course' : 'User is not enrolled in this course');
  }
  throw moodleException('nocriteriaset', 'No completion criteria set for this course');
}

export const functions = {
  core_completion_get_course_completion_status: {
    params: { courseid: value(PARAM.INT), userid: value(PARAM.INT) },
    returns: single({
      completionstatus: single({
        completed: value(PARAM.BOOL),
        aggregation: value(PARAM.INT),
        completions: multiple(single({
          type: value(PARAM.INT), title: value(PARAM.TEXT), status: value(PARAM.TEXT), complete: value(PARAM.BOOL),
          timecompleted: value(PARAM.INT),
          details: single({ type: value(PARAM.RAW), criteria: value(PARAM.RAW), requirement: value(PARAM.RAW), status: value(PARAM.RAW) }),
        })),
      }),
      warnings: WARNINGS,
    }),
    readOnly: true,
    run: getCourseCompletionStatus,
  },
};
