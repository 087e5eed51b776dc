// core_enrol_get_users_courses: one user's courses with an active enrolment, each with its
// completion keys (completion.jsonl users-courses-*): enablecompletion, completionhascriteria,
// completionusertracked, progress (null when completion is off) and completed. No completion time.

import { formatString, formatText } from '../format.mjs';
import { multiple, optional, PARAM, single, value } from '../schema.mjs';
import { CONTEXT_LEVEL, findContext } from './contexts.mjs';
import { liveUserOrFail } from '../completion/checks.mjs';
import {
  criteriaOf, hasActiveEnrolment, isCourseComplete, isTrackedUser, progressPercentage,
} from '../completion/model.mjs';

const SITE_COURSE_ID = 1;

/** count_enrolled_users(): users with an enrolment in the course (suspended ones too), deleted ones not. */
function enrolledUserCount(state, courseid) {
  const instances = new Set([...state.enrolInstances.values()].filter((i) => i.courseid === courseid).map((i) => i.id));
  const users = new Set();
  for (const ue of state.userEnrolments.values()) {
    if (instances.has(ue.enrolid) && state.users.get(ue.userid) && !state.users.get(ue.userid).deleted) users.add(ue.userid);
  }
  return users.size;
}

function courseAnswer(sim, course, userid, { returnusercount, settings, now }) {
  const { state } = sim;
  const completion = course.enablecompletion
    ? { completionhascriteria: criteriaOf(state, course.id).length > 0, completionusertracked: isTrackedUser(state, course.id, userid, now),
      progress: progressPercentage(state, course, userid, now), completed: isCourseComplete(state, course.id, userid) }
    : { completionhascriteria: false, completionusertracked: false, progress: null, completed: null };
  const [summary, summaryformat] = formatText(course.summary, course.summaryformat, settings);
  return {
    id: course.id, shortname: formatString(course.shortname, settings), fullname: formatString(course.fullname, settings),
    displayname: formatString(course.fullname, settings),
    enrolledusercount: returnusercount ? enrolledUserCount(state, course.id) : undefined,
    idnumber: course.idnumber, visible: course.visible, summary, summaryformat, format: course.format,
    courseimage: `${sim.url}/pluginfile.php/${findContext(state, CONTEXT_LEVEL.COURSE, course.id)?.id}/course/generated/course.svg`,
    showgrades: Boolean(course.showgrades), lang: course.lang, enablecompletion: Boolean(course.enablecompletion),
    ...completion, category: course.category, startdate: course.startdate, enddate: course.enddate, marker: course.marker,
    lastaccess: null, isfavourite: false, hidden: false, overviewfiles: [], showactivitydates: course.showactivitydates,
    showcompletionconditions: course.showcompletionconditions, timemodified: course.timemodified,
  };
}

function getUsersCourses(sim, { userid, returnusercount }, ctx) {
  const { state } = sim;
  liveUserOrFail(state, userid);
  const now = ctx.now();
  // Another user's courses are listed only where the caller may see participants (administrators).
  if (!ctx.caller.hasCapabilities && userid !== ctx.caller.userid) return [];
  const courses = [...state.courses.values()].filter((c) => c.id !== SITE_COURSE_ID && hasActiveEnrolment(state, c.id, userid, now))
    .sort((a, b) => (b.visible - a.visible) || (a.sortorder - b.sortorder) || (a.id - b.id));
  return courses.map((course) => courseAnswer(sim, course, userid, { returnusercount, settings: ctx.settings, now }));
}

export const functions = {
  core_enrol_get_users_courses: {
    params: { userid: value(PARAM.INT), returnusercount: value(PARAM.BOOL, { default: true }) },
    returns: multiple(single({
      id: value(PARAM.INT), shortname: value(PARAM.RAW), fullname: value(PARAM.RAW), displayname: optional(PARAM.RAW),
      enrolledusercount: optional(PARAM.INT), idnumber: value(PARAM.RAW), visible: value(PARAM.INT), summary: optional(PARAM.RAW),
      summaryformat: optional(PARAM.INT), format: optional(PARAM.PLUGIN), courseimage: optional(PARAM.URL),
      showgrades: optional(PARAM.BOOL), lang: optional(PARAM.LANG), enablecompletion: optional(PARAM.BOOL),
      completionhascriteria: optional(PARAM.BOOL), completionusertracked: optional(PARAM.BOOL), category: optional(PARAM.INT),
      progress: optional(PARAM.FLOAT), completed: optional(PARAM.BOOL), startdate: optional(PARAM.INT), enddate: optional(PARAM.INT),
      marker: optional(PARAM.INT), lastaccess: optional(PARAM.INT), isfavourite: optional(PARAM.BOOL), hidden: optional(PARAM.BOOL),
      overviewfiles: multiple(single({ filename: optional(PARAM.RAW), fileurl: optional(PARAM.URL) }), { required: false }), showactivitydates: optional(PARAM.BOOL), showcompletionconditions: optional(PARAM.BOOL),
      timemodified: optional(PARAM.INT),
    })),
    readOnly: true,
    run: getUsersCourses,
  },
};
