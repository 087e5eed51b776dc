// A small in-process harness for the people function modules: a seeded site, a course maker and
// `call()`, which runs any simulator function on plain JS parameters the way the REST server does.

import { SimState } from '../../../simulator/state.mjs';
import { validate } from '../../../simulator/schema.mjs';
import { cleanReturn } from '../../../simulator/returns.mjs';
import { functions as FUNCTIONS, seedState } from '../../../simulator/functions/index.mjs';
import { DEFAULT_COURSE_CUSTOM_FIELDS } from '../../../simulator/functions/course-customfields.mjs';
import { TEST_NOW } from '../test-clock.mjs';

export const ADMIN = { userid: 2, hasCapabilities: true };
export const NOCAP = { userid: 3, hasCapabilities: false };
export const NOW = TEST_NOW;
const SETTINGS = { raw: false, fileurl: true, filter: false, lang: '', timezone: '' };

/** A freshly seeded site; `config` as the server's (`mailBroken` among others). */
export function newSim(config = {}) {
  const state = new SimState();
  seedState(state, { now: NOW });
  return { state, url: '', config: { siteName: 'Lab', courseCustomFields: DEFAULT_COURSE_CUSTOM_FIELDS, ...config } };
}

/** A course in Category 1, created through core_course_create_courses (context, manual instance). */
export function addCourse(sim, shortname, { customint1 = 1 } = {}) {
  const [{ id }] = call(sim, 'core_course_create_courses', { courses: [{ fullname: `Course ${shortname}`, shortname, categoryid: 1 }] });
  const context = [...sim.state.contexts.values()].find((c) => c.contextlevel === 50 && c.instanceid === id);
  const instance = [...sim.state.enrolInstances.values()].find((i) => i.courseid === id && i.enrol === 'manual');
  instance.customint1 = customint1;
  return { id, contextid: context.id, instanceid: instance.id };
}

/**
 * Calls a function as the REST server would (parameters validated, answer cleaned against the
 * return description); returns the answer, or `{error, debuginfo}` for a Moodle error.
 */
export function call(sim, wsfunction, params, { caller = ADMIN, now = NOW } = {}) {
  const def = FUNCTIONS[wsfunction];
  const ctx = { caller, now: () => now, sim, settings: SETTINGS };
  try {
    const cleaned = {};
    for (const [key, desc] of Object.entries(def.params)) {
      if (key in params) cleaned[key] = validate(desc, toRaw(params[key]), `${key} => `);
      else if (desc.presence === 'default') cleaned[key] = desc.def;
    }
    const result = def.run(sim, cleaned, ctx);
    return def.returns ? cleanReturn(def.returns, result) : null;
  } catch (e) {
    if (typeof e.toJSON === 'function') return { error: e.toJSON(), debuginfo: e.debuginfo };
    throw e;
  }
}

export function createUsers(sim, names) {
  return call(sim, 'core_user_create_users', {
    users: names.map((name) => ({ username: name, password: 'Tu-pass-1!', firstname: 'Tu', lastname: name, email: `${name}@example.com` })),
  }).map((u) => u.id);
}

function toRaw(value) {
  if (Array.isArray(value)) return new Map(value.map((v, i) => [String(i), toRaw(v)]));
  if (value !== null && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, toRaw(v)]));
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}
