// Course rows (mdl_course plus the course format options the recordings show) and what comes with
// a course: its context, its manual enrolment instance, and on deletion everything that hangs on it.

import { CONTEXT_LEVEL, createContext, deleteContext, ensureSystemContext, findContext } from './contexts.mjs';
import { markCoursesUnsorted, SITEID } from './course-tree.mjs';
import { addNewsForum, deleteCourseCompletion } from '../completion/model.mjs';

const WEEKSECS = 604800;

/** Course format options per format: what get_format_options() returns (ints, stored per course). */
export const FORMAT_OPTION_NAMES = {
  topics: ['hiddensections', 'coursedisplay'],
  weeks: ['hiddensections', 'coursedisplay', 'automaticenddate'],
};
const FORMAT_OPTION_DEFAULTS = { hiddensections: 1, coursedisplay: 0, automaticenddate: 1 };

/** An unknown format plugin behaves like the site default (topics), as course_get_format() falls back. */
export function effectiveFormat(format) {
  return Object.hasOwn(FORMAT_OPTION_NAMES, format) || format === 'site' ? format : 'topics';
}

export function formatOptions(course) {
  if (course.format === 'site') return { numsections: course.numsections ?? 1 };
  const out = {};
  for (const name of FORMAT_OPTION_NAMES[effectiveFormat(course.format)]) {
    out[name] = course.formatoptions?.[name] ?? FORMAT_OPTION_DEFAULTS[name];
  }
  return out;
}

/** Stores `courseformatoptions[]` / top-level option values that the course's format knows. */
export function applyFormatOptions(course, values) {
  const known = FORMAT_OPTION_NAMES[effectiveFormat(course.format)] ?? [];
  course.formatoptions ??= {};
  for (const [name, value] of Object.entries(values)) {
    if (known.includes(name) && value !== undefined) course.formatoptions[name] = Number.parseInt(value, 10) || 0;
  }
}

/**
 * format_weeks keeps enddate = startdate + one week per section while automaticenddate is on
 * (create_full, create_weeks_numsections_10, create_weeks_no_dates).
 */
export function applyAutomaticEndDate(course) {
  if (effectiveFormat(course.format) !== 'weeks') return;
  if (formatOptions(course).automaticenddate !== 1) return;
  const sections = course.numsections === undefined || course.numsections === null ? 1 : course.numsections;
  course.enddate = (course.startdate ?? 0) + sections * WEEKSECS;
}

/** The site course (id 1, format "site") that every Moodle has. */
export function seedSiteCourse(state, { fullname = 'Lab', shortname = 'lab' }, now) {
  if (state.courses.has(SITEID)) return;
  ensureSystemContext(state);
  state.courses.set(SITEID, {
    ...courseDefaults(now), id: SITEID, category: 0, sortorder: 1, fullname, shortname, format: 'site',
    summaryformat: 0, newsitems: 3, enablecompletion: 0, numsections: 1, showcompletionconditions: null,
  });
  if (state.sequences.courses < SITEID) state.sequences.courses = SITEID;
  createContext(state, CONTEXT_LEVEL.COURSE, SITEID);
}

export function courseDefaults(now) {
  return {
    category: 0, sortorder: 0, fullname: '', shortname: '', idnumber: '', summary: '', summaryformat: 1,
    format: 'topics', showgrades: 1, newsitems: 5, startdate: 0, enddate: 0, marker: 0, maxbytes: 0,
    legacyfiles: 0, showreports: 0, visible: 1, visibleold: 1, groupmode: 0, groupmodeforce: 0,
    defaultgroupingid: 0, lang: '', calendartype: '', theme: '', timecreated: now, timemodified: now,
    requested: 0, enablecompletion: 1, completionnotify: 0, cacherev: now, showactivitydates: false,
    showcompletionconditions: true, formatoptions: {}, customfields: {},
  };
}

/**
 * The enrolment instances enrol_course_updated() adds to a new course on the recorded site
 * (enrolments.jsonl setup-create-courses): manual enabled (welcome message on), guest and self disabled.
 */
const DEFAULT_ENROL_INSTANCES = [
  { enrol: 'manual', status: 0, roleid: 5, customint1: 1 },
  { enrol: 'guest', status: 1, roleid: 0, customint1: null },
  { enrol: 'self', status: 1, roleid: 5, customint1: 0 },
];

/** insert_record('course') + its context, its default enrolment instances, section 0 and Announcements forum. */
export function insertCourse(state, data, now) {
  const id = state.nextId('courses');
  const course = { ...courseDefaults(now), ...data, id, sortorder: 0 };
  state.courses.set(id, course);
  createContext(state, CONTEXT_LEVEL.COURSE, id);
  DEFAULT_ENROL_INSTANCES.forEach((instance, sortorder) => {
    const enrolId = state.nextId('enrolInstances');
    state.enrolInstances.set(enrolId, { id: enrolId, courseid: id, ...instance, sortorder });
  });
  markCoursesUnsorted(state, course.category);
  addNewsForum(state, course, now);
  return course;
}

/** delete_course(): the course, its context, enrolment instances, enrolments and role assignments. */
export function deleteCourseRow(state, course) {
  const context = findContext(state, CONTEXT_LEVEL.COURSE, course.id);
  const instanceIds = new Set();
  for (const instance of [...state.enrolInstances.values()]) {
    if (instance.courseid === course.id) {
      instanceIds.add(instance.id);
      state.enrolInstances.delete(instance.id);
    }
  }
  for (const ue of [...state.userEnrolments.values()]) {
    if (instanceIds.has(ue.enrolid)) state.userEnrolments.delete(ue.id);
  }
  if (context) {
    for (const ra of [...state.roleAssignments.values()]) {
      if (ra.contextid === context.id) state.roleAssignments.delete(ra.id);
    }
  }
  deleteCourseCompletion(state, course.id);
  state.courses.delete(course.id);
  deleteContext(state, CONTEXT_LEVEL.COURSE, course.id);
  markCoursesUnsorted(state, course.category);
}

export function findCourseBy(state, field, value) {
  for (const course of state.courses.values()) if (course[field] === value) return course;
  return undefined;
}

export function coursesBy(state, field, value) {
  return [...state.courses.values()].filter((c) => c[field] === value).sort((a, b) => a.id - b.id);
}
