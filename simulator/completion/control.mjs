// Simulator-only control of completion: what a Moodle site does without a web-service function
// (activities, criteria, submissions, the completion task, a custom report), for tests, the demo and
// other processes. In-process as `sim.completion.<op>(…)`, over HTTP as
// POST <sim.url>/simulator/completion {op, ...args} with the admin token as bearer.

import {
  STATE, TRACKING, addActivity, courseModules, criteriaOf, isTrackedUser, runCompletionTask, setCriteria, setModuleState,
  moduleCompletion, markSelfCompleted, criterionCompletion, CRITERIA,
} from './model.mjs';
import { createReport } from './reports.mjs';

const ADMIN_USER_ID = 2;

function needCourse(state, courseid) {
  const course = state.courses.get(courseid);
  if (!course) throw new ControlError(`no course with id ${courseid}`);
  return course;
}

function needModule(state, cmid) {
  const cm = state.courseModules.get(cmid);
  if (!cm) throw new ControlError(`no course module with id ${cmid}`);
  return cm;
}

function needUser(state, userid) {
  const user = state.users.get(userid);
  if (!user || user.deleted) throw new ControlError(`no user with id ${userid}`);
  return user;
}

/** A refused control call (bad arguments): the HTTP route answers it with 400. */
export class ControlError extends Error {}

const asControlError = (fn) => (...args) => {
  try {
    return fn(...args);
  } catch (e) {
    if (e instanceof TypeError) throw new ControlError(e.message);
    throw e;
  }
};

/**
 * The control operations over `sim` (its state and clock). Every time defaults to the site clock.
 * Each returns plain JSON data.
 */
export function completionControl(sim) {
  const ops = {
    /** An activity in a course; returns its cmid. tracking 0 none, 1 manual, 2 automatic. */
    addActivity(courseid, { modname = 'page', name, tracking = TRACKING.MANUAL, rules, time } = {}) {
      const course = needCourse(sim.state, courseid);
      return addActivity(sim.state, course, { modname, name: name ?? `${modname} ${courseModules(sim.state, courseid).length}`, tracking, rules, now: time ?? sim.now() }).id;
    },
    /** The course completion criteria (activities by cmid, self completion) and aggregation (1 all, 2 any). */
    setCriteria(courseid, { activities = [], self = false, aggregation = 1 } = {}) {
      const course = needCourse(sim.state, courseid);
      return setCriteria(sim.state, course, { activities, self, aggregation }).map((c) => ({ id: c.id, criteriatype: c.criteriatype, moduleinstance: c.moduleinstance }));
    },
    /** Completes an activity for a user as an administrator's override does (overrideby admin). */
    complete(userid, cmid, { time, state: completionstate = STATE.COMPLETE } = {}) {
      const cm = needModule(sim.state, cmid);
      if (cm.completion === TRACKING.NONE) throw new ControlError(`course module ${cmid} has no completion tracking`);
      const row = setModuleState(sim.state, cm, userid, { completionstate, overrideby: ADMIN_USER_ID, time: time ?? sim.now() });
      return { cmid, userid, state: row.completionstate, timecompleted: row.timemodified };
    },
    /** An assignment submission, which completes an automatic "submit" activity (overrideby null). */
    submit(userid, cmid, { time } = {}) {
      const cm = needModule(sim.state, cmid);
      if (cm.modname !== 'assign') throw new ControlError(`course module ${cmid} is not an assignment`);
      const at = time ?? sim.now();
      const id = sim.state.nextId('assignSubmissions');
      sim.state.assignSubmissions.set(id, { id, coursemoduleid: cm.id, userid, status: 'submitted', timemodified: at });
      if (cm.completion === TRACKING.AUTOMATIC && cm.rules.completionsubmit && moduleCompletion(sim.state, cm.id, userid)?.completionstate !== STATE.COMPLETE) {
        setModuleState(sim.state, cm, userid, { completionstate: STATE.COMPLETE, overrideby: null, time: at });
      }
      return { cmid, userid, submitted: true };
    },
    /** The user marks the course complete (self completion criterion); the course waits for runTask. */
    selfComplete(userid, courseid, { time } = {}) {
      const course = needCourse(sim.state, courseid);
      needUser(sim.state, userid);
      const criterion = criteriaOf(sim.state, course.id).find((c) => c.criteriatype === CRITERIA.SELF);
      if (!criterion) throw new ControlError(`course ${courseid} has no self completion criterion`);
      const at = time ?? sim.now();
      if (!isTrackedUser(sim.state, course.id, userid, at)) throw new ControlError(`user ${userid} is not tracked in course ${courseid}`);
      if (!criterionCompletion(sim.state, criterion.id, userid)) markSelfCompleted(sim.state, criterion, userid, at);
      return { courseid, userid, selfcompleted: true };
    },
    /** One run of the completion task starting at `time`; returns { marked, completed }. */
    runTask({ time } = {}) {
      return runCompletionTask(sim.state, time ?? sim.now());
    },
    /** The custom report of the recordings ("Course participants" + completion columns); returns its id. */
    createReport(options = {}) {
      return createReport(sim.state, { ...options, now: sim.now() }).id;
    },
    /** A web-service token of a user on the moodle_sync service (e.g. a student's own token). */
    createUserToken(userid, { name } = {}) {
      needUser(sim.state, userid);
      return sim.createUserToken(userid, name);
    },
  };
  for (const [name, fn] of Object.entries(ops)) ops[name] = asControlError(fn);
  return ops;
}

const ARGUMENTS = {
  addActivity: (a) => [a.courseid, a],
  setCriteria: (a) => [a.courseid, a],
  complete: (a) => [a.userid, a.cmid, a],
  submit: (a) => [a.userid, a.cmid, a],
  selfComplete: (a) => [a.userid, a.courseid, a],
  runTask: (a) => [a],
  createReport: (a) => [a],
  createUserToken: (a) => [a.userid, a],
};

/**
 * POST /simulator/completion: { op, ...args } with `Authorization: Bearer <admin token>`.
 * Returns { status, body } (body is JSON data): 200 { result }, 400 { error }, 401, 405.
 */
export function controlRoute(sim, { method, authorization, body }) {
  if (method !== 'POST') return { status: 405, body: { error: 'POST only' } };
  if (authorization !== `Bearer ${sim.tokens.admin}`) return { status: 401, body: { error: 'the admin token is required as bearer' } };
  let request;
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch {
    return { status: 400, body: { error: 'the body is not JSON' } };
  }
  if (!request || typeof request !== 'object' || Array.isArray(request)) return { status: 400, body: { error: 'the body must be an object {op, ...}' } };
  const { op, ...args } = request;
  if (!Object.hasOwn(ARGUMENTS, op)) return { status: 400, body: { error: `unknown op ${JSON.stringify(op)}; known: ${Object.keys(ARGUMENTS).join(', ')}` } };
  try {
    return { status: 200, body: { result: sim.completion[op](...ARGUMENTS[op](args)) } };
  } catch (e) {
    if (e instanceof ControlError) return { status: 400, body: { error: `${op}: ${e.message}` } };
    throw e;
  }
}
