// core_course_duplicate_course: a backup and restore of a (template) course into a new course
// (see README-courses.md "Templates").

import { missingRecord, moodleException } from '../errors.mjs';
import { multiple, PARAM, single, value, withDefault } from '../schema.mjs';
import { insertCourse } from './course-store.mjs';
import { checkColumnLengths } from './courses.mjs';
import { requireLoginError } from './course-checks.mjs';
import { phpIntval } from './php-values.mjs';

const BACKUP_OPTIONS = ['activities', 'blocks', 'filters', 'users', 'enrolments', 'role_assignments', 'comments',
  'userscompletion', 'logs', 'grade_histories'];

/** What a restore brings over from the source course; idnumber is left out (it must stay unique). */
const RESTORED_FIELDS = ['summary', 'summaryformat', 'format', 'showgrades', 'newsitems', 'startdate', 'enddate',
  'numsections', 'maxbytes', 'showreports', 'groupmode', 'groupmodeforce', 'lang', 'theme', 'enablecompletion',
  'completionnotify', 'showactivitydates', 'showcompletionconditions'];

function duplicateCourse(sim, params, ctx) {
  const { state } = sim;
  const source = state.courses.get(params.courseid);
  if (!source) throw moodleException('invalidcourseid', 'You are trying to use an invalid course ID');
  if (!state.categories.has(params.categoryid)) throw missingRecord('course_categories');
  // validate_context() of the source course: require_login() fails for a user not enrolled there.
  if (!ctx.caller.hasCapabilities) throw requireLoginError();
  for (const option of params.options) {
    const v = phpIntval(option.value);
    if (v !== 0 && v !== 1) throw moodleException('invalidextparam', `Invalid external api parameter: ${option.name}`);
    if (!BACKUP_OPTIONS.includes(option.name)) throw moodleException('invalidextparam', `Invalid external api parameter: ${option.name}`);
  }
  const holders = [...state.courses.values()].filter((c) => c.shortname === params.shortname);
  if (holders.length) {
    throw moodleException('shortnametaken', `Short name is already used for another course (${holders.map((c) => c.fullname).join(',')})`);
  }
  return state.transaction(() => {
    const data = { category: params.categoryid, fullname: params.fullname, shortname: params.shortname, idnumber: '' };
    checkColumnLengths(data);
    for (const field of RESTORED_FIELDS) if (source[field] !== undefined) data[field] = source[field];
    const copy = insertCourse(state, data, ctx.now());
    copy.formatoptions = structuredClone(source.formatoptions ?? {});
    copy.customfields = structuredClone(source.customfields ?? {});
    copy.visible = params.visible;
    copy.visibleold = params.visible;
    return { id: copy.id, shortname: copy.shortname };
  });
}

export const functions = {
  core_course_duplicate_course: {
    params: {
      courseid: value(PARAM.INT),
      fullname: value(PARAM.TEXT),
      shortname: value(PARAM.TEXT),
      categoryid: value(PARAM.INT),
      visible: withDefault(PARAM.INT, 1),
      options: multiple(single({ name: value(PARAM.ALPHAEXT), value: value(PARAM.RAW) }), { default: [] }),
    },
    returns: single({ id: value(PARAM.INT), shortname: value(PARAM.RAW) }),
    mainList: 'options',
    run: duplicateCourse,
  },
};
