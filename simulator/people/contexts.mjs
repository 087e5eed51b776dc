// Moodle contexts as the people functions need them: look-ups by id or by level + instance, the
// `get_context_from_params()` rules of core_role / core_cohort, and `validate_context()`.
//
// Context rows live in `state.contexts` as `{id, contextlevel, instanceid}`; the system context is
// id 1. The course side creates the rows of categories and courses; like Moodle's
// `context_xxx::instance()`, a missing row of an existing instance (a user's) is created on first use.

import { invalidParameter, requireCourseLogin } from '../errors.mjs';
import { createContext, findContext } from '../functions/contexts.mjs';

export const CONTEXT_LEVEL = { system: 10, user: 30, coursecat: 40, course: 50, module: 70, block: 80 };
export const LEVEL_NAME = Object.fromEntries(Object.entries(CONTEXT_LEVEL).map(([name, level]) => [level, name]));

const SYSTEM_CONTEXT = Object.freeze({ id: 1, contextlevel: CONTEXT_LEVEL.system, instanceid: 0 });

export function systemContext(state) {
  for (const c of state.contexts.values()) if (c.contextlevel === CONTEXT_LEVEL.system) return c;
  return SYSTEM_CONTEXT;
}

export function contextById(state, id) {
  if (id === SYSTEM_CONTEXT.id) return systemContext(state);
  return state.contexts.get(id) ?? null;
}

/** `context_<level>::instance($instanceid, IGNORE_MISSING)`: null when the instance does not exist. */
export function contextOf(state, level, instanceid) {
  if (level === CONTEXT_LEVEL.system) return systemContext(state);
  if (!instanceExists(state, level, instanceid)) return null;
  return findContext(state, level, instanceid) ?? state.contexts.get(createContext(state, level, instanceid));
}

function instanceExists(state, level, instanceid) {
  switch (level) {
    case CONTEXT_LEVEL.coursecat: return state.categories.has(instanceid);
    case CONTEXT_LEVEL.course: return state.courses.has(instanceid);
    case CONTEXT_LEVEL.user: {
      const user = state.users.get(instanceid);
      return Boolean(user && !user.deleted);
    }
    default: return false; // no modules or blocks are simulated
  }
}

export const courseContext = (state, courseid) => contextOf(state, CONTEXT_LEVEL.course, courseid);
export const categoryContext = (state, categoryid) => contextOf(state, CONTEXT_LEVEL.coursecat, categoryid);

/**
 * `get_context_from_params()`: contextid wins when non-zero, else contextlevel (a level name) +
 * instanceid. Returns null for a context that does not exist (validateContext reports it).
 */
export function contextFromParams(state, { contextid, contextlevel, instanceid }) {
  if (contextid) return contextById(state, contextid);
  if (contextlevel && instanceid !== undefined) {
    const level = CONTEXT_LEVEL[contextlevel];
    if (!level) throw invalidParameter(`Invalid context level = ${contextlevel}`);
    return contextOf(state, level, instanceid);
  }
  throw invalidParameter('Missing parameters, please provide either context level with instance id or contextid');
}

/**
 * `external_api::validate_context()`: a missing context is an invalid parameter; course-level
 * contexts need a login to the course, which the no-capability user never has (not enrolled).
 */
export function validateContext(ctx, context) {
  if (!context) throw invalidParameter('Context does not exist');
  if (context.contextlevel >= CONTEXT_LEVEL.course) requireCourseLogin(ctx);
}

/** The contexts above `context`, nearest first, ending with the system context. */
export function parentContexts(state, context) {
  const parents = [];
  let categoryid = null;
  if (context.contextlevel === CONTEXT_LEVEL.course) categoryid = state.courses.get(context.instanceid)?.category;
  if (context.contextlevel === CONTEXT_LEVEL.coursecat) categoryid = state.categories.get(context.instanceid)?.parent;
  for (let guard = 0; categoryid && guard < 1000; guard += 1) {
    const parent = categoryContext(state, categoryid);
    if (parent) parents.push(parent);
    categoryid = state.categories.get(categoryid)?.parent;
  }
  if (context.contextlevel !== CONTEXT_LEVEL.system) parents.push(systemContext(state));
  return parents;
}
