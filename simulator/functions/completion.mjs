// The core_completion_* web-service functions, answering like Moodle 4.5 in completion.jsonl. The
// model (what is complete, when a course becomes complete) is in ../completion/model.mjs.

import { WARNINGS } from '../external-warnings.mjs';
import { formatString } from '../format.mjs';
import { multiple, PARAM, single, value } from '../schema.mjs';
import {
  cannotViewReport, completionNotEnabled, courseModuleOrFail, courseOrFail, liveUserOrFail, overrideNotAllowed,
  requireCourseAccess, systemError, viewProgressNotAllowed,
} from '../completion/checks.mjs';
import {
  CRITERIA, STATE, TRACKING, aggregationOf, completionEnabled, courseModules, criteriaOf, criterionCompletion,
  hasSubmitted, isCompleteState, isCourseComplete, isTrackedUser, markSelfCompleted, moduleCompletion, updateState,
} from '../completion/model.mjs';
import { moodleException } from '../errors.mjs';

const STATUS_ANSWER = single({ status: value(PARAM.BOOL), warnings: WARNINGS });

// ---- core_completion_get_course_completion_status --------------------------------------------------

function criterionAnswer(sim, criterion, userid, settings) {
  const done = criterionCompletion(sim.state, criterion.id, userid);
  const common = { status: done ? 'Yes' : 'No', complete: Boolean(done), timecompleted: done ? done.timecompleted : null };
  if (criterion.criteriatype === CRITERIA.SELF) {
    return { type: CRITERIA.SELF, title: 'Self completion', ...common,
      details: { type: 'Self completion', criteria: 'Self completion', requirement: 'Marking yourself complete', status: '' } };
  }
  const cm = sim.state.courseModules.get(criterion.moduleinstance);
  const link = `<a href="${sim.url}/mod/${cm.modname}/view.php?id=${cm.id}">${formatString(cm.name, settings)}</a>`;
  return { type: CRITERIA.ACTIVITY, title: 'Activity completion', ...common,
    details: { type: 'Activity completion', criteria: link, requirement: cm.completion === TRACKING.MANUAL ? 'Marking yourself complete' : '', status: '' } };
}

function getCourseCompletionStatus(sim, { courseid, userid }, ctx) {
  const { state } = sim;
  const course = courseOrFail(state, courseid);
  liveUserOrFail(state, userid);
  requireCourseAccess(state, ctx, course.id);
  if (!completionEnabled(course) || (!ctx.caller.hasCapabilities && userid !== ctx.caller.userid)) throw cannotViewReport();
  if (!isTrackedUser(state, course.id, userid, ctx.now())) {
    throw userid === ctx.caller.userid
      ? moodleException('notenroled', 'You are not enrolled in this course')
      : moodleException('usernotenroled', 'User is not enrolled in this course');
  }
  const criteria = criteriaOf(state, course.id);
  if (!criteria.length) throw moodleException('nocriteriaset', 'No completion criteria set for this course');
  return {
    completionstatus: {
      completed: isCourseComplete(state, course.id, userid),
      aggregation: aggregationOf(state, course.id),
      completions: criteria.map((c) => criterionAnswer(sim, c, userid, ctx.settings)),
    },
    warnings: [],
  };
}

// ---- core_completion_get_activities_completion_status ----------------------------------------------

/** cm_completion_details: the automatic rules with their status (an override shows as the rule met). */
function ruleDetails(state, cm, userid, row) {
  if (cm.completion !== TRACKING.AUTOMATIC) return [];
  const details = [];
  if (cm.rules.completionsubmit) {
    const status = row?.overrideby ? (isCompleteState(row.completionstate) ? 1 : 0) : (hasSubmitted(state, cm.id, userid) ? 1 : 0);
    details.push({ rulename: 'completionsubmit', rulevalue: { status, description: 'Make a submission' } });
  }
  return details;
}

export function activityStatus(state, cm, userid, tracked) {
  const row = moduleCompletion(state, cm.id, userid);
  const completionstate = row?.completionstate ?? STATE.INCOMPLETE;
  return {
    cmid: cm.id, modname: cm.modname, instance: cm.instance, state: completionstate, timecompleted: row?.timemodified ?? 0,
    tracking: cm.completion, overrideby: row?.overrideby ?? null, valueused: false, hascompletion: true,
    isautomatic: cm.completion === TRACKING.AUTOMATIC, istrackeduser: tracked, uservisible: true,
    details: ruleDetails(state, cm, userid, row), isoverallcomplete: isCompleteState(completionstate),
  };
}

function getActivitiesCompletionStatus(sim, { courseid, userid }, ctx) {
  const { state } = sim;
  const course = courseOrFail(state, courseid);
  liveUserOrFail(state, userid);
  requireCourseAccess(state, ctx, course.id);
  if (!ctx.caller.hasCapabilities && userid !== ctx.caller.userid) throw viewProgressNotAllowed();
  const tracked = isTrackedUser(state, course.id, userid, ctx.now());
  const statuses = courseModules(state, course.id).filter((cm) => cm.completion !== TRACKING.NONE)
    .map((cm) => activityStatus(state, cm, userid, tracked));
  return { statuses, warnings: [] };
}

// ---- writes --------------------------------------------------------------------------------------

function overrideActivityCompletionStatus(sim, { userid, cmid, newstate }, ctx) {
  const { state } = sim;
  const cm = courseModuleOrFail(state, cmid);
  const course = state.courses.get(cm.course);
  requireCourseAccess(state, ctx, course.id);
  if (!course.enablecompletion) throw completionNotEnabled();
  if (cm.completion !== TRACKING.NONE) {
    if (!ctx.caller.hasCapabilities) throw overrideNotAllowed();
    const current = moduleCompletion(state, cm.id, userid)?.completionstate ?? STATE.INCOMPLETE;
    if (newstate !== current && ![STATE.INCOMPLETE, STATE.COMPLETE].includes(newstate)) {
      throw systemError(`Unexpected manual completion state for ${cm.id}: ${newstate}`);
    }
    updateState(state, cm, userid, newstate, { override: true, callerId: ctx.caller.userid, time: ctx.now() });
  }
  const row = moduleCompletion(state, cm.id, userid);
  return { cmid: cm.id, userid, state: row?.completionstate ?? STATE.INCOMPLETE, timecompleted: row?.timemodified ?? 0,
    overrideby: row?.overrideby ?? null, tracking: cm.completion };
}

function updateActivityCompletionStatusManually(sim, { cmid, completed }, ctx) {
  const { state } = sim;
  const cm = courseModuleOrFail(state, cmid);
  const course = state.courses.get(cm.course);
  requireCourseAccess(state, ctx, course.id);
  if (!course.enablecompletion) throw completionNotEnabled();
  if (cm.completion !== TRACKING.MANUAL) throw moodleException('cannotmanualctrack', 'Activity does not provide manual completion tracking');
  updateState(state, cm, ctx.caller.userid, completed ? STATE.COMPLETE : STATE.INCOMPLETE,
    { override: false, callerId: ctx.caller.userid, time: ctx.now() });
  return { status: true, warnings: [] };
}

function markCourseSelfCompleted(sim, { courseid }, ctx) {
  const { state } = sim;
  const course = courseOrFail(state, courseid);
  requireCourseAccess(state, ctx, course.id);
  if (!course.enablecompletion) throw completionNotEnabled();
  const userid = ctx.caller.userid;
  if (!isTrackedUser(state, course.id, userid, ctx.now())) {
    throw moodleException('nottracked', 'You are currently not being tracked by completion in this course');
  }
  const criterion = criteriaOf(state, course.id).find((c) => c.criteriatype === CRITERIA.SELF);
  if (!criterion) throw moodleException('noselfcompletioncriteria', 'completion/noselfcompletioncriteria');
  if (criterionCompletion(state, criterion.id, userid)) throw moodleException('useralreadymarkedcomplete', 'completion/useralreadymarkedcomplete');
  markSelfCompleted(state, criterion, userid, ctx.now());
  return { status: true, warnings: [] };
}

const ONE_USER_IN_COURSE = { courseid: value(PARAM.INT), userid: value(PARAM.INT) };

export const functions = {
  core_completion_get_course_completion_status: {
    params: ONE_USER_IN_COURSE,
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
  core_completion_get_activities_completion_status: {
    params: ONE_USER_IN_COURSE,
    returns: single({
      statuses: multiple(single({
        cmid: value(PARAM.INT), modname: value(PARAM.PLUGIN), instance: value(PARAM.INT), state: value(PARAM.INT),
        timecompleted: value(PARAM.INT), tracking: value(PARAM.INT), overrideby: value(PARAM.INT),
        valueused: value(PARAM.BOOL), hascompletion: value(PARAM.BOOL), isautomatic: value(PARAM.BOOL),
        istrackeduser: value(PARAM.BOOL), uservisible: value(PARAM.BOOL),
        details: multiple(single({ rulename: value(PARAM.TEXT), rulevalue: single({ status: value(PARAM.INT), description: value(PARAM.TEXT) }) })),
        isoverallcomplete: value(PARAM.BOOL),
      })),
      warnings: WARNINGS,
    }),
    readOnly: true,
    run: getActivitiesCompletionStatus,
  },
  core_completion_override_activity_completion_status: {
    params: { userid: value(PARAM.INT), cmid: value(PARAM.INT), newstate: value(PARAM.INT) },
    returns: single({
      cmid: value(PARAM.INT), userid: value(PARAM.INT), state: value(PARAM.INT), timecompleted: value(PARAM.INT),
      overrideby: value(PARAM.INT), tracking: value(PARAM.INT),
    }),
    readOnly: false,
    run: overrideActivityCompletionStatus,
  },
  core_completion_update_activity_completion_status_manually: {
    params: { cmid: value(PARAM.INT), completed: value(PARAM.BOOL) },
    returns: STATUS_ANSWER,
    readOnly: false,
    run: updateActivityCompletionStatusManually,
  },
  core_completion_mark_course_self_completed: {
    params: { courseid: value(PARAM.INT) },
    returns: STATUS_ANSWER,
    readOnly: false,
    run: markCourseSelfCompleted,
  },
};
