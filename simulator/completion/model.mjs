// Activity and course completion as Moodle 4.5 keeps it (completion.jsonl, README-completion.md):
//   courseSections         {id, course, section (number), name}: section 0 comes with the course, others
//                          with the first activity placed in them (as the recorded ids show)
//   courseModules          {id (cmid), course, modname, instance, section (number), sectionid, name,
//                          completion (tracking 0|1|2), rules, added}; each has a module context
//   completionCriteria     {id, course, criteriatype (1 self, 4 activity), module, moduleinstance (cmid)}
//   completionAggregations {id (= course id), course, method (1 ALL, 2 ANY)}
//   moduleCompletions      {id, coursemoduleid, userid, completionstate, overrideby, timemodified}
//   criteriaCompletions    {id, userid, course, criteriaid, timecompleted}      (never taken back)
//   courseCompletions      {id, userid, course, timeenrolled, timestarted, timecompleted, reaggregate}
// The rules: an activity completion of a tracked user marks its criterion and re-aggregates that
// user's course at once; self completion and criteria added later wait for the completion task; the
// course time is the latest criterion time.

import { isActiveEnrolment } from '../people/enrolments.mjs';
import { CONTEXT_LEVEL, createContext, deleteContext, findContext } from '../functions/contexts.mjs';
import { rolesWithCapability } from '../people/role-capabilities.mjs';

export const TRACKING = { NONE: 0, MANUAL: 1, AUTOMATIC: 2 };
export const STATE = { INCOMPLETE: 0, COMPLETE: 1, COMPLETE_PASS: 2, COMPLETE_FAIL: 3 };
export const CRITERIA = { SELF: 1, ACTIVITY: 4 };
export const AGGREGATION = { ALL: 1, ANY: 2 };
/** The site course: its completion checks answer like a course with completion on (course-status-site-course). */
const SITE_COURSE_ID = 1;

function nextInstanceId(state, modname) {
  const key = `instances:${modname}`;
  state.sequences[key] ??= 0;
  state.sequences[key] += 1;
  return state.sequences[key];
}

export function completionEnabled(course) {
  return Boolean(course.enablecompletion) || course.id === SITE_COURSE_ID;
}

/** The course's modules in course order (section, then creation), as get_fast_modinfo lists them. */
export function courseModules(state, courseid) {
  return [...state.courseModules.values()].filter((cm) => cm.course === courseid)
    .sort((a, b) => a.section - b.section || a.id - b.id);
}

/**
 * Adds an activity. A course with completion off stores tracking 0 whatever was asked (the course
 * form offers no completion settings there, as tu_cmp_off's page shows). An automatic assignment
 * without rules completes on submission.
 */
export function addActivity(state, course, { modname, name, tracking = TRACKING.NONE, rules, section = 1, now }) {
  if (!['page', 'assign', 'forum'].includes(modname)) throw new TypeError(`addActivity: modname must be page, assign or forum, not ${JSON.stringify(modname)}`);
  if (![0, 1, 2].includes(tracking)) throw new TypeError('addActivity: tracking must be 0, 1 or 2');
  const completion = course.enablecompletion ? tracking : TRACKING.NONE;
  const cm = {
    id: state.nextId('courseModules'), course: course.id, modname, instance: nextInstanceId(state, modname), section,
    sectionid: courseSection(state, course.id, section).id, name: String(name ?? modname), completion,
    rules: completion === TRACKING.AUTOMATIC ? (rules ?? (modname === 'assign' ? { completionsubmit: 1 } : {})) : {},
    visible: 1, added: now,
  };
  state.courseModules.set(cm.id, cm);
  createContext(state, CONTEXT_LEVEL.MODULE, cm.id);
  return cm;
}

/** The course's section of that number, created when missing (course_create_sections_if_missing). */
export function courseSection(state, courseid, number) {
  for (const row of state.courseSections.values()) if (row.course === courseid && row.section === number) return row;
  const row = { id: state.nextId('courseSections'), course: courseid, section: number, name: null };
  state.courseSections.set(row.id, row);
  return row;
}

export function courseSections(state, courseid) {
  return [...state.courseSections.values()].filter((s) => s.course === courseid).sort((a, b) => a.section - b.section);
}

/** Section 0 and the Announcements forum every new course gets (tracking 0). */
export function addNewsForum(state, course, now) {
  courseSection(state, course.id, 0);
  return addActivity(state, course, { modname: 'forum', name: 'Announcements', tracking: TRACKING.NONE, section: 0, now });
}

/** Everything completion keeps about a deleted course. */
export function deleteCourseCompletion(state, courseid) {
  const cmids = new Set(courseModules(state, courseid).map((cm) => cm.id));
  const drop = (table, test) => { for (const row of [...state[table].values()]) if (test(row)) state[table].delete(row.id); };
  drop('moduleCompletions', (r) => cmids.has(r.coursemoduleid));
  drop('assignSubmissions', (r) => cmids.has(r.coursemoduleid));
  for (const cmid of cmids) deleteContext(state, CONTEXT_LEVEL.MODULE, cmid);
  drop('courseModules', (r) => r.course === courseid);
  drop('courseSections', (r) => r.course === courseid);
  for (const table of ['completionCriteria', 'criteriaCompletions', 'courseCompletions']) drop(table, (r) => r.course === courseid);
  state.completionAggregations.delete(courseid);
}

// ---- criteria ------------------------------------------------------------------------------------

export function criteriaOf(state, courseid) {
  return [...state.completionCriteria.values()].filter((c) => c.course === courseid).sort((a, b) => a.id - b.id);
}

export function aggregationOf(state, courseid) {
  return state.completionAggregations.get(courseid)?.method ?? AGGREGATION.ALL;
}

/**
 * Replaces the course's criteria like course/completion.php saves the form: activities in course
 * order, then self completion. Existing criterion completions of a removed criterion go with it.
 */
export function setCriteria(state, course, { activities = [], self = false, aggregation = AGGREGATION.ALL }) {
  if (![AGGREGATION.ALL, AGGREGATION.ANY].includes(aggregation)) throw new TypeError('setCriteria: aggregation must be 1 (all) or 2 (any)');
  const modules = courseModules(state, course.id);
  for (const cmid of activities) {
    const cm = state.courseModules.get(cmid);
    if (!cm || cm.course !== course.id) throw new TypeError(`setCriteria: activity ${cmid} is not in course ${course.id}`);
    if (cm.completion === TRACKING.NONE) throw new TypeError(`setCriteria: activity ${cmid} has no completion tracking`);
  }
  const kept = new Set();
  const existing = criteriaOf(state, course.id);
  const wanted = modules.filter((cm) => activities.includes(cm.id)).map((cm) => ({ criteriatype: CRITERIA.ACTIVITY, module: cm.modname, moduleinstance: cm.id }));
  if (self) wanted.push({ criteriatype: CRITERIA.SELF, module: null, moduleinstance: null });
  for (const want of wanted) {
    const same = existing.find((c) => c.criteriatype === want.criteriatype && c.moduleinstance === want.moduleinstance);
    if (same) { kept.add(same.id); continue; }
    const id = state.nextId('completionCriteria');
    state.completionCriteria.set(id, { id, course: course.id, ...want });
    kept.add(id);
  }
  for (const old of existing) {
    if (kept.has(old.id)) continue;
    state.completionCriteria.delete(old.id);
    for (const row of [...state.criteriaCompletions.values()]) if (row.criteriaid === old.id) state.criteriaCompletions.delete(row.id);
  }
  state.completionAggregations.set(course.id, { id: course.id, course: course.id, method: aggregation });
  return criteriaOf(state, course.id);
}

// ---- who is tracked ------------------------------------------------------------------------------

export function hasActiveEnrolment(state, courseid, userid, now) {
  for (const ue of state.userEnrolments.values()) {
    if (ue.userid !== userid) continue;
    const instance = state.enrolInstances.get(ue.enrolid);
    if (instance?.courseid === courseid && isActiveEnrolment(ue, instance, now)) return true;
  }
  return false;
}

/**
 * completion_info::is_tracked_user(): an active enrolment and a role with
 * moodle/course:isincompletionreports (students) in the course. A suspended account still counts.
 */
export function isTrackedUser(state, courseid, userid, now) {
  const user = state.users.get(userid);
  if (!user || user.deleted) return false;
  if (!hasActiveEnrolment(state, courseid, userid, now)) return false;
  const contextId = findContext(state, CONTEXT_LEVEL.COURSE, courseid)?.id;
  const tracked = rolesWithCapability('moodle/course:isincompletionreports');
  return [...state.roleAssignments.values()].some((ra) => ra.contextid === contextId && ra.userid === userid && tracked.has(ra.roleid));
}

/**
 * Whose activity completions mark course criteria: anyone with an active enrolment, whatever the
 * role (a teacher too, as observed on Moodle 4.5); not the admin or other users without one.
 */
function marksCriteria(state, courseid, userid, now) {
  const user = state.users.get(userid);
  return Boolean(user && !user.deleted && hasActiveEnrolment(state, courseid, userid, now));
}

// ---- module completion ---------------------------------------------------------------------------

export function moduleCompletion(state, cmid, userid) {
  for (const row of state.moduleCompletions.values()) if (row.coursemoduleid === cmid && row.userid === userid) return row;
  return null;
}

export const isCompleteState = (s) => s === STATE.COMPLETE || s === STATE.COMPLETE_PASS;

export function hasSubmitted(state, cmid, userid) {
  return [...state.assignSubmissions.values()].some((s) => s.coursemoduleid === cmid && s.userid === userid && s.status === 'submitted');
}

/**
 * completion_info::internal_set_data(): stores the new state, then, for an enrolled user, marks the
 * activity's criterion and re-aggregates the course at once.
 */
export function setModuleState(state, cm, userid, { completionstate, overrideby = null, time }) {
  let row = moduleCompletion(state, cm.id, userid);
  if (!row) {
    row = { id: state.nextId('moduleCompletions'), coursemoduleid: cm.id, userid, completionstate, overrideby, timemodified: time };
    state.moduleCompletions.set(row.id, row);
  } else {
    Object.assign(row, { completionstate, overrideby, timemodified: time });
  }
  if (isCompleteState(completionstate) && marksCriteria(state, cm.course, userid, time)) {
    const criterion = criteriaOf(state, cm.course).find((c) => c.criteriatype === CRITERIA.ACTIVITY && c.moduleinstance === cm.id);
    if (criterion && !criterionCompletion(state, criterion.id, userid)) {
      markCriterion(state, criterion, userid, row.timemodified, { reaggregate: 0 });
      aggregateUser(state, cm.course, userid);
    }
  }
  return row;
}

/**
 * completion_info::update_state() with a wanted state: nothing when the activity has no tracking or
 * the user already has that state. Returns 'unchanged' or the stored row.
 */
export function updateState(state, cm, userid, wanted, { override, callerId, time }) {
  const current = moduleCompletion(state, cm.id, userid)?.completionstate ?? STATE.INCOMPLETE;
  if (wanted === current || (wanted === STATE.COMPLETE && isCompleteState(current))) return 'unchanged';
  return setModuleState(state, cm, userid, { completionstate: wanted, overrideby: override ? callerId : null, time });
}

// ---- criteria and course completion --------------------------------------------------------------

export function criterionCompletion(state, criteriaid, userid) {
  for (const row of state.criteriaCompletions.values()) if (row.criteriaid === criteriaid && row.userid === userid) return row;
  return null;
}

export function courseCompletion(state, courseid, userid) {
  for (const row of state.courseCompletions.values()) if (row.course === courseid && row.userid === userid) return row;
  return null;
}

/**
 * completion_criteria_completion::mark_complete(): the criterion row, and the course completion row
 * started at that time (created on the first criterion; enrolment creates none).
 */
export function markCriterion(state, criterion, userid, time, { reaggregate }) {
  const id = state.nextId('criteriaCompletions');
  state.criteriaCompletions.set(id, { id, userid, course: criterion.course, criteriaid: criterion.id, timecompleted: time });
  let course = courseCompletion(state, criterion.course, userid);
  if (!course) {
    course = { id: state.nextId('courseCompletions'), userid, course: criterion.course, timeenrolled: 0, timestarted: time,
      timecompleted: null, reaggregate };
    state.courseCompletions.set(course.id, course);
  } else {
    if (!course.timestarted) course.timestarted = time;
    if (reaggregate) course.reaggregate = reaggregate;
  }
  return course;
}

/** Whether the user's met criteria satisfy the course aggregation, and the latest criterion time. */
function aggregation(state, courseid, userid) {
  const criteria = criteriaOf(state, courseid);
  const times = criteria.map((c) => criterionCompletion(state, c.id, userid)?.timecompleted ?? null);
  const met = times.filter((t) => t !== null);
  const complete = criteria.length > 0 && (aggregationOf(state, courseid) === AGGREGATION.ANY ? met.length > 0 : met.length === criteria.length);
  return { complete, time: met.length ? Math.max(...met) : null };
}

/** completion_completion aggregation of one user: complete at the latest criterion time. */
export function aggregateUser(state, courseid, userid) {
  const row = courseCompletion(state, courseid, userid);
  if (!row) return null;
  if (!row.timecompleted) {
    const { complete, time } = aggregation(state, courseid, userid);
    if (complete) row.timecompleted = time;
  }
  row.reaggregate = 0;
  return row;
}

/**
 * completion_criteria_self::complete via mark_course_self_completed: the criterion only, with the
 * course row flagged for the completion task.
 */
export function markSelfCompleted(state, criterion, userid, time) {
  return markCriterion(state, criterion, userid, time, { reaggregate: time });
}

/**
 * \core\task\completion_regular_task at `start`: first the activity criteria of enrolled users whose
 * activity is complete but whose criterion is not marked yet (reaggregate = start), then the
 * aggregation of rows whose reaggregate is set and OLDER than start (so a row flagged by this same
 * run waits for the next one).
 */
export function runCompletionTask(state, start) {
  let marked = 0;
  for (const criterion of [...state.completionCriteria.values()].sort((a, b) => a.id - b.id)) {
    if (criterion.criteriatype !== CRITERIA.ACTIVITY) continue;
    const course = state.courses.get(criterion.course);
    if (!course?.enablecompletion) continue;
    for (const row of [...state.moduleCompletions.values()].sort((a, b) => a.id - b.id)) {
      if (row.coursemoduleid !== criterion.moduleinstance || !isCompleteState(row.completionstate)) continue;
      if (criterionCompletion(state, criterion.id, row.userid) || !marksCriteria(state, course.id, row.userid, start)) continue;
      markCriterion(state, criterion, row.userid, row.timemodified, { reaggregate: start });
      marked += 1;
    }
  }
  let completed = 0;
  for (const row of [...state.courseCompletions.values()].sort((a, b) => a.id - b.id)) {
    if (!(row.reaggregate > 0 && row.reaggregate < start)) continue;
    const wasComplete = Boolean(row.timecompleted);
    aggregateUser(state, row.course, row.userid);
    if (!wasComplete && row.timecompleted) completed += 1;
  }
  return { marked, completed };
}

/** Whether the course completion row says complete. */
export function isCourseComplete(state, courseid, userid) {
  return Boolean(courseCompletion(state, courseid, userid)?.timecompleted);
}

/**
 * core_completion\progress::get_course_progress_percentage(): null when completion is off, the user
 * is not tracked or nothing is tracked; 100 once the course is complete; else the share of tracked
 * activities completed (a float, as PHP computes it).
 */
export function progressPercentage(state, course, userid, now) {
  if (!course.enablecompletion || !isTrackedUser(state, course.id, userid, now)) return null;
  if (isCourseComplete(state, course.id, userid)) return 100;
  const tracked = courseModules(state, course.id).filter((cm) => cm.completion !== TRACKING.NONE);
  if (!tracked.length) return null;
  const done = tracked.filter((cm) => {
    const s = moduleCompletion(state, cm.id, userid)?.completionstate ?? STATE.INCOMPLETE;
    return s !== STATE.INCOMPLETE && s !== STATE.COMPLETE_FAIL;
  }).length;
  return (done / tracked.length) * 100;
}
