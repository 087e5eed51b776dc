// Every function module of the simulator, merged into one table keyed by wsfunction. Each module
// exports `functions` and may export `seed(state)`, called once on a fresh state in this order
// (the site course and Category 1 first, so their contexts get Moodle's usual ids 2 and 3).

import * as site from './site.mjs';
import * as courses from './courses.mjs';
import * as categories from './categories.mjs';
import * as templates from './templates.mjs';
import * as completion from './completion.mjs';
import * as reportbuilder from './reportbuilder.mjs';
import * as usersCourses from './users-courses.mjs';
import * as courseContents from './course-contents.mjs';
import * as users from './users.mjs';
import * as cohorts from './cohorts.mjs';
import * as enrol from './enrol.mjs';
import * as roles from './roles.mjs';

export const modules = { site, courses, categories, templates, completion, reportbuilder, users, cohorts, enrol, roles, usersCourses, courseContents };

export const functions = {};
for (const [moduleName, mod] of Object.entries(modules)) {
  for (const [name, definition] of Object.entries(mod.functions ?? {})) {
    if (Object.hasOwn(functions, name)) throw new Error(`${name} is defined twice (again in ${moduleName}.mjs)`);
    functions[name] = definition;
  }
}

/**
 * Seeds a fresh SimState with what every Moodle site has before anyone calls it.
 * `site` ({ now, siteName }) is passed on for modules that want it; `now` (seconds) is the caller's
 * clock, because the simulator never reads the machine's.
 */
export function seedState(state, site) {
  if (!Number.isInteger(site?.now)) throw new TypeError('seedState: site.now is required (seconds since the epoch)');
  for (const mod of Object.values(modules)) mod.seed?.(state, site);
}

/**
 * Lets modules finish deferred bookkeeping after each call (e.g. course sortorders, which Moodle
 * also fixes after the inserts), so that the state is consistent between calls.
 */
export function settleState(state) {
  for (const mod of Object.values(modules)) mod.settle?.(state);
}
