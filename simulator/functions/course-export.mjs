// The course records read functions return, with their return descriptions. Names go through
// format_string and summaries through format_text, so reads differ from writes like on Moodle.

import { formatString, formatText } from '../format.mjs';
import { multiple, optional, PARAM, single, value } from '../schema.mjs';
import { CONTEXT_LEVEL, findContext } from './contexts.mjs';
import { exportCustomFields } from './course-customfields.mjs';
import { formatOptions } from './course-store.mjs';

const FILTERS = ['displayh5p', 'activitynames', 'mathjaxloader', 'emoticon', 'urltolink', 'mediaplugin'];
const INSTALLED_LANGS = new Set(['en']);
const INSTALLED_THEMES = new Set(['boost', 'classic']);

export const cleanLang = (lang) => (INSTALLED_LANGS.has(lang) ? lang : '');
export const cleanTheme = (theme) => (INSTALLED_THEMES.has(theme) ? theme : '');
export const isInstalledLang = (lang) => INSTALLED_LANGS.has(lang);

/** core_external\external_files (the simulated site stores no files, so these lists stay empty). */
const FILES = (required) => multiple(single({
  filename: optional(PARAM.RAW), filepath: optional(PARAM.RAW), filesize: optional(PARAM.INT),
  fileurl: optional(PARAM.URL), timemodified: optional(PARAM.INT), mimetype: optional(PARAM.RAW),
  isexternalfile: optional(PARAM.BOOL), repositorytype: optional(PARAM.PLUGIN), icon: optional(PARAM.RAW),
}), { required });

const CUSTOMFIELDS_BY_FIELD = multiple(single({
  name: value(PARAM.RAW), shortname: value(PARAM.RAW), type: value(PARAM.ALPHANUMEXT),
  valueraw: value(PARAM.RAW), value: value(PARAM.RAW),
}), { required: false });

/** core_course_external::get_course_structure(false) */
export const COURSE_BY_FIELD_STRUCTURE = single({
  id: value(PARAM.INT), fullname: value(PARAM.RAW), displayname: value(PARAM.RAW), shortname: value(PARAM.RAW),
  courseimage: optional(PARAM.URL), categoryid: value(PARAM.INT), categoryname: value(PARAM.RAW),
  sortorder: optional(PARAM.INT), summary: value(PARAM.RAW), summaryformat: value(PARAM.INT),
  summaryfiles: FILES(false), overviewfiles: FILES(true), showactivitydates: value(PARAM.BOOL),
  showcompletionconditions: value(PARAM.BOOL),
  contacts: multiple(single({ id: value(PARAM.INT), fullname: value(PARAM.NOTAGS) })),
  enrollmentmethods: multiple(value(PARAM.PLUGIN)),
  customfields: CUSTOMFIELDS_BY_FIELD,
  idnumber: optional(PARAM.RAW), format: optional(PARAM.PLUGIN), showgrades: optional(PARAM.INT),
  newsitems: optional(PARAM.INT), startdate: optional(PARAM.INT), enddate: optional(PARAM.INT),
  maxbytes: optional(PARAM.INT), showreports: optional(PARAM.INT), visible: optional(PARAM.INT),
  groupmode: optional(PARAM.INT), groupmodeforce: optional(PARAM.INT), defaultgroupingid: optional(PARAM.INT),
  enablecompletion: optional(PARAM.INT), completionnotify: optional(PARAM.INT), lang: optional(PARAM.SAFEDIR),
  theme: optional(PARAM.PLUGIN), marker: optional(PARAM.INT), legacyfiles: optional(PARAM.INT),
  calendartype: optional(PARAM.PLUGIN), timecreated: optional(PARAM.INT), timemodified: optional(PARAM.INT),
  requested: optional(PARAM.INT), cacherev: optional(PARAM.INT),
  filters: multiple(single({ filter: value(PARAM.PLUGIN), localstate: value(PARAM.INT), inheritedstate: value(PARAM.INT) }), { required: false }),
  courseformatoptions: multiple(single({ name: value(PARAM.RAW), value: value(PARAM.RAW) }), { required: false }),
  communicationroomname: optional(PARAM.TEXT), communicationroomurl: optional(PARAM.RAW),
});

/** core_course_external::get_courses_returns() item */
export const GET_COURSES_STRUCTURE = single({
  id: value(PARAM.INT), shortname: value(PARAM.RAW), categoryid: value(PARAM.INT), categorysortorder: optional(PARAM.INT),
  fullname: value(PARAM.RAW), displayname: value(PARAM.RAW), idnumber: optional(PARAM.RAW), summary: value(PARAM.RAW),
  summaryformat: value(PARAM.INT), format: value(PARAM.PLUGIN), showgrades: optional(PARAM.INT),
  newsitems: optional(PARAM.INT), startdate: value(PARAM.INT), enddate: value(PARAM.INT), numsections: optional(PARAM.INT),
  maxbytes: optional(PARAM.INT), showreports: optional(PARAM.INT), visible: optional(PARAM.INT),
  hiddensections: optional(PARAM.INT), groupmode: optional(PARAM.INT), groupmodeforce: optional(PARAM.INT),
  defaultgroupingid: optional(PARAM.INT), timecreated: optional(PARAM.INT), timemodified: optional(PARAM.INT),
  enablecompletion: optional(PARAM.INT), completionnotify: optional(PARAM.INT), lang: optional(PARAM.SAFEDIR),
  forcetheme: optional(PARAM.PLUGIN),
  courseformatoptions: multiple(single({ name: value(PARAM.ALPHANUMEXT), value: value(PARAM.RAW) }), { required: false }),
  showactivitydates: value(PARAM.BOOL), showcompletionconditions: value(PARAM.BOOL),
  customfields: multiple(single({
    name: value(PARAM.RAW), shortname: value(PARAM.ALPHANUMEXT), type: value(PARAM.COMPONENT),
    valueraw: value(PARAM.RAW), value: value(PARAM.RAW),
  }), { required: false }),
});

function contextId(state, course) {
  return findContext(state, CONTEXT_LEVEL.COURSE, course.id)?.id ?? 0;
}

/** Course contacts ($CFG->coursecontact = editingteacher): role 3 holders with an active enrolment. */
function contacts(site, course, settings) {
  const { state } = site;
  const ctxId = contextId(state, course);
  const instanceIds = new Set([...state.enrolInstances.values()].filter((i) => i.courseid === course.id && i.status === 0).map((i) => i.id));
  const enrolled = new Set([...state.userEnrolments.values()].filter((ue) => instanceIds.has(ue.enrolid) && ue.status === 0).map((ue) => ue.userid));
  const ids = [...new Set([...state.roleAssignments.values()].filter((ra) => ra.contextid === ctxId && ra.roleid === 3 && enrolled.has(ra.userid)).map((ra) => ra.userid))];
  return ids.sort((a, b) => a - b).map((id) => {
    const user = state.users.get(id) ?? {};
    return { id, fullname: formatString(`${user.firstname ?? ''} ${user.lastname ?? ''}`.trim(), settings) };
  });
}

function enrolmentMethods(state, course) {
  return [...state.enrolInstances.values()]
    .filter((i) => i.courseid === course.id && i.status === 0)
    .sort((a, b) => (a.sortorder ?? 0) - (b.sortorder ?? 0) || a.id - b.id)
    .map((i) => i.enrol);
}

/** get_course_public_information(): what anyone who may see the course in a list gets. */
export function publicCourseInfo(site, course, settings) {
  const { state } = site;
  const category = state.categories.get(course.category);
  const [summary, summaryformat] = formatText(course.summary, course.summaryformat, settings);
  return {
    id: course.id,
    fullname: formatString(course.fullname, settings),
    displayname: formatString(course.fullname, settings),
    shortname: formatString(course.shortname, settings),
    categoryid: course.category,
    categoryname: category ? formatString(category.name, settings) : '',
    summary,
    summaryformat,
    summaryfiles: [],
    overviewfiles: [],
    contacts: contacts(site, course, settings),
    enrollmentmethods: enrolmentMethods(state, course),
    sortorder: course.sortorder,
    showactivitydates: course.showactivitydates,
    showcompletionconditions: course.showcompletionconditions,
    customfields: exportCustomFields(site, course, settings),
    courseimage: `${site.url}/pluginfile.php/${contextId(state, course)}/course/generated/course.svg`,
  };
}

/** One course of get_courses_by_field for a caller who can access (and, if `manager`, update) it. */
export function courseByField(site, course, { manager, settings }) {
  const out = publicCourseInfo(site, course, settings);
  out.filters = FILTERS.map((filter) => ({ filter, localstate: 0, inheritedstate: 1 }));
  for (const field of ['format', 'showgrades', 'newsitems', 'startdate', 'enddate', 'maxbytes', 'showreports', 'visible',
    'groupmode', 'groupmodeforce', 'defaultgroupingid', 'enablecompletion', 'completionnotify', 'lang', 'theme', 'marker']) {
    out[field] = course[field];
  }
  if (manager) {
    for (const field of ['idnumber', 'legacyfiles', 'calendartype', 'timecreated', 'timemodified', 'requested', 'cacherev']) {
      out[field] = course[field];
    }
  }
  out.theme = cleanTheme(out.theme);
  out.lang = cleanLang(out.lang);
  if (course.format !== 'site') {
    // get_config_for_external(): the format options plus the site-wide indentation setting (a string).
    out.courseformatoptions = [
      ...Object.entries(formatOptions(course)).map(([name, v]) => ({ name, value: v })),
      { name: 'indentation', value: '1' },
    ];
  }
  return out;
}

/** One course of core_course_get_courses (admin view when `manager`). */
export function courseForGetCourses(site, course, { manager, settings }) {
  const [summary, summaryformat] = formatText(course.summary, course.summaryformat, settings);
  const options = formatOptions(course);
  const out = {
    id: course.id,
    fullname: formatString(course.fullname, settings),
    shortname: formatString(course.shortname, settings),
    displayname: formatString(course.fullname, settings),
    categoryid: course.category,
    summary,
    summaryformat,
    format: course.format,
    startdate: course.startdate,
    enddate: course.enddate,
    showactivitydates: course.showactivitydates,
    showcompletionconditions: course.showcompletionconditions,
  };
  if ('numsections' in options) out.numsections = options.numsections;
  out.customfields = exportCustomFields(site, course, settings);
  if (manager) {
    Object.assign(out, {
      categorysortorder: course.sortorder, idnumber: course.idnumber, showgrades: course.showgrades,
      showreports: course.showreports, newsitems: course.newsitems, visible: course.visible, maxbytes: course.maxbytes,
    });
    if ('hiddensections' in options) out.hiddensections = options.hiddensections;
    out.numsections = course.format === 'site' ? options.numsections : (course.numsections ?? 0);
    Object.assign(out, {
      groupmode: course.groupmode, groupmodeforce: course.groupmodeforce, defaultgroupingid: course.defaultgroupingid,
      lang: cleanLang(course.lang), timecreated: course.timecreated, timemodified: course.timemodified,
      forcetheme: cleanTheme(course.theme), enablecompletion: course.enablecompletion,
      completionnotify: course.completionnotify,
      courseformatoptions: Object.entries(options).map(([name, v]) => ({ name, value: v })),
    });
  }
  return out;
}
