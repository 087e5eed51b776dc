// core_course_create_courses, core_course_update_courses, core_course_get_courses_by_field,
// core_course_get_courses, core_course_delete_courses (see README-courses.md "Courses").

import { MoodleError, PhpEngineError, invalidParameter, missingRecord, moodleException } from '../errors.mjs';
import { WARNINGS } from '../external-warnings.mjs';
import { multiple, optional, PARAM, single, value, withDefault } from '../schema.mjs';
import { applyCustomFields } from './course-customfields.mjs';
import {
  COURSE_BY_FIELD_STRUCTURE, GET_COURSES_STRUCTURE, courseByField, courseForGetCourses, isInstalledLang, publicCourseInfo,
} from './course-export.mjs';
import {
  applyAutomaticEndDate, applyFormatOptions, deleteCourseRow, FORMAT_OPTION_NAMES, insertCourse, seedSiteCourse,
} from './course-store.mjs';
import { markCoursesUnsorted, placeCourseLast, SITEID, sortMarkedCategories } from './course-tree.mjs';
import { dmlWriteError, requireCapabilityNamed, requireLoginError, validateFormat } from './course-checks.mjs';
import { phpIntval, textLength } from './php-values.mjs';

const phpTrim = (s) => String(s).replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');
const invalidParam = (name) => moodleException('errorinvalidparam', `The param "${name}" is invalid.`);
const shortnameTaken = (what) => moodleException('shortnametaken', `Short name is already used for another course (${what})`);

/** course_validate_dates() */
function validateDates({ startdate, enddate }) {
  if (startdate && enddate && enddate < startdate) {
    throw moodleException('enddatebeforestartdate', 'The course end date must be after the start date.');
  }
  if (!startdate && enddate) {
    throw moodleException('nostartdatenoenddate', 'This course has no start date but has an end date.');
  }
}

/** The mdl_course columns are varchar(254/255/100): PostgreSQL refuses longer values. */
export function checkColumnLengths(course) {
  if (textLength(course.fullname ?? '') > 254) throw dmlWriteError('value too long for type character varying(254)');
  if (textLength(course.shortname ?? '') > 255) throw dmlWriteError('value too long for type character varying(255)');
  if (textLength(course.idnumber ?? '') > 100) throw dmlWriteError('value too long for type character varying(100)');
}

const COURSE_FIELDS = ['fullname', 'shortname', 'idnumber', 'summary', 'summaryformat', 'format', 'showgrades', 'newsitems',
  'startdate', 'enddate', 'numsections', 'maxbytes', 'showreports', 'visible', 'groupmode', 'groupmodeforce',
  'defaultgroupingid', 'enablecompletion', 'completionnotify', 'lang'];

/** Values sent through courseformatoptions[] land on the course data like top-level keys do. */
function formatOptionValues(item) {
  const values = {};
  if (item.hiddensections !== undefined) values.hiddensections = item.hiddensections;
  for (const { name, value: v } of item.courseformatoptions ?? []) values[name] = v;
  return values;
}

function createCourses(sim, { courses }, ctx) {
  const { state } = sim;
  // One pass over the site for the uniqueness checks, kept up to date as the batch inserts.
  const shortnames = new Set();
  const idnumbers = new Set();
  for (const c of state.courses.values()) {
    shortnames.add(c.shortname);
    if (c.idnumber) idnumbers.add(c.idnumber);
  }
  return state.transaction(() => courses.map((item) => {
    if (!state.categories.has(item.categoryid)) {
      throw moodleException('errorcatcontextnotvalid',
        `You cannot execute functions in the category context (category id:${item.categoryid}). The context error message was: Invalid parameter value detected`);
    }
    requireCapabilityNamed(ctx, 'Create courses');
    if (phpTrim(item.fullname) === '') throw invalidParam('fullname');
    if (phpTrim(item.shortname) === '') throw invalidParam('shortname');
    if (item.lang !== undefined && !isInstalledLang(item.lang)) throw invalidParam('lang');
    const summaryformat = validateFormat(item.summaryformat);

    const data = { category: item.categoryid, summaryformat };
    for (const field of COURSE_FIELDS) if (item[field] !== undefined && field !== 'summaryformat') data[field] = item[field];
    if (data.visible === undefined) data.visible = state.categories.get(item.categoryid).visible;
    data.visibleold = data.visible;
    // A course created with completion off has no "show completion conditions" setting (completion.jsonl tu_cmp_off).
    if (data.enablecompletion !== undefined && Number(data.enablecompletion) === 0) data.showcompletionconditions = null;
    const options = formatOptionValues(item);
    if (options.numsections !== undefined) data.numsections = phpIntval(options.numsections);

    // create_course(): uniqueness, dates, then the insert (which consumes an id even if it fails).
    if (data.shortname && shortnames.has(data.shortname)) throw shortnameTaken(data.shortname);
    if (data.idnumber && idnumbers.has(data.idnumber)) {
      throw moodleException('courseidnumbertaken', `ID number is already used for another course (${data.idnumber})`);
    }
    validateDates(data);
    try {
      checkColumnLengths(data);
    } catch (e) {
      state.nextId('courses');
      throw e;
    }
    const course = insertCourse(state, data, ctx.now());
    shortnames.add(course.shortname);
    if (course.idnumber) idnumbers.add(course.idnumber);
    applyFormatOptions(course, options);
    applyAutomaticEndDate(course);
    applyCustomFields(sim, course, item.customfields);
    return { id: course.id, shortname: item.shortname };
  }));
}

/** update_course() for one item; throws what Moodle would turn into a warning. */
function updateOne(sim, item, ctx) {
  const { state } = sim;
  const course = state.courses.get(item.id);
  if (!course) throw missingRecord('course');
  if (!ctx.caller.hasCapabilities) {
    if (course.id !== SITEID) throw requireLoginError();
    requireCapabilityNamed(ctx, 'Update course settings');
  }

  if (item.fullname !== undefined && item.fullname !== course.fullname && phpTrim(item.fullname) === '') throw invalidParam('fullname');
  if (item.shortname !== undefined && item.shortname !== course.shortname && phpTrim(item.shortname) === '') throw invalidParam('shortname');
  if (item.summaryformat !== undefined && item.summaryformat !== course.summaryformat) validateFormat(item.summaryformat);
  if (item.lang !== undefined && item.lang !== course.lang && !isInstalledLang(item.lang)) throw invalidParam('lang');
  if (course.id === SITEID) throw moodleException('invalidcourse', 'Invalid course');

  const data = {};
  for (const field of COURSE_FIELDS) if (item[field] !== undefined) data[field] = item[field];
  if (item.categoryid) data.category = item.categoryid;
  const moving = data.category !== undefined && data.category !== course.category;
  if (data.visible === undefined) data.visible = course.visible;
  if (data.visible !== course.visible) data.visibleold = data.visible;
  else if (moving && state.categories.get(data.category)?.visible === 0) data.visible = 0;

  if (data.shortname && data.shortname !== course.shortname
    && [...state.courses.values()].some((c) => c.shortname === data.shortname && c.id !== course.id)) {
    throw shortnameTaken(data.shortname);
  }
  if (data.idnumber && data.idnumber !== course.idnumber
    && [...state.courses.values()].some((c) => c.idnumber === data.idnumber && c.id !== course.id)) {
    throw moodleException('courseidnumbertaken', `ID number is already used for another course (${data.idnumber})`);
  }
  validateDates({ startdate: data.startdate ?? course.startdate, enddate: data.enddate ?? course.enddate });
  // Custom fields are saved before the course row (instance_form_save runs first, outside any transaction).
  applyCustomFields(sim, course, item.customfields);
  checkColumnLengths({ ...course, ...data });

  const oldCategory = course.category;
  Object.assign(course, data, { timemodified: ctx.now(), cacherev: ctx.now() });
  applyFormatOptions(course, formatOptionValues(item));
  applyAutomaticEndDate(course);
  if (moving) {
    placeCourseLast(state, course);
    markCoursesUnsorted(state, course.category);
    markCoursesUnsorted(state, oldCategory);
    // context_coursecat::instance() of the new category runs after the row was saved: a missing
    // category is reported, but the course has already moved (update_nonexistent_category).
    if (!state.categories.has(course.category)) throw missingRecord('course_categories');
  }
}

function updateCourses(sim, { courses }, ctx) {
  const warnings = [];
  for (const item of courses) {
    try {
      updateOne(sim, item, ctx);
    } catch (e) {
      if (!(e instanceof MoodleError)) throw e;
      warnings.push({ item: 'course', itemid: item.id, warningcode: e.errorcode, message: e.message });
    }
  }
  return { warnings };
}

function deleteCourses(sim, { courseids }, ctx) {
  const { state } = sim;
  const warnings = [];
  // Not transactional: courses deleted before a failing id stay deleted (delete_course_in_missing_category).
  // Each deletion renumbers its category, which is what the final fix_course_sortorder() achieves.
  for (const id of courseids) {
    const course = state.courses.get(id);
    if (!course) {
      warnings.push({ item: 'course', itemid: id, warningcode: 'unknowncourseidnumber', message: `Unknown course ID ${id}` });
      continue;
    }
    if (!ctx.caller.hasCapabilities && id !== SITEID) throw requireLoginError();
    if (id !== SITEID && !state.categories.has(course.category)) throw missingRecord('course_categories');
    if (!ctx.caller.hasCapabilities) {
      warnings.push({ item: 'course', itemid: id, warningcode: 'cannotdeletecourse', message: `You do not have the permission to delete this course${id}` });
      continue;
    }
    if (id === SITEID) {
      warnings.push({ item: 'course', itemid: id, warningcode: 'cannotdeletecategorycourse', message: `Course ${id} failed to be deleted` });
      continue;
    }
    deleteCourseRow(state, course);
  }
  return { warnings };
}

function getCoursesByField(sim, { field, value: rawValue }, ctx) {
  const { state } = sim;
  const admin = ctx.caller.hasCapabilities;
  let courses;
  const warnings = [];
  if (field === '') {
    courses = [...state.courses.values()].sort((a, b) => a.id - b.id);
  } else if (field === 'ids') {
    const ids = [...new Set(rawValue.replace(/[^0-9,]/g, '').split(','))];
    courses = ids.map((id) => {
      const course = /^\d+$/.test(id) ? state.courses.get(Number(id)) : undefined;
      // util::validate_courses() sets ->contextvalidated on a course it could not load (a Moodle bug).
      if (!course) throw new PhpEngineError('Error', 'Attempt to assign property "contextvalidated" on null');
      if (!admin && course.id !== SITEID) {
        warnings.push({ item: 'course', itemid: course.id, warningcode: '1', message: 'No access rights in course context' });
      }
      return course;
    });
  } else {
    let match;
    switch (field) {
      case 'id':
      case 'category': {
        const v = phpIntval(rawValue);
        match = (c) => (field === 'id' ? c.id : c.category) === v;
        break;
      }
      case 'shortname': {
        const v = PARAM.TEXT.clean(rawValue);
        match = (c) => c.shortname === v;
        break;
      }
      case 'idnumber':
        match = (c) => c.idnumber === rawValue;
        break;
      default:
        throw invalidParameter('Invalid field name');
    }
    courses = [...state.courses.values()].filter(match).sort((a, b) => a.id - b.id);
  }

  const out = [];
  for (const course of courses) {
    if (!course.visible && !admin) continue;
    // A caller who cannot enter the course still gets its public information.
    if (!admin && course.id !== SITEID) out.push(publicCourseInfo(sim, course, ctx.settings));
    else out.push(courseByField(sim, course, { manager: admin, settings: ctx.settings }));
  }
  return { courses: out, warnings };
}

function getCourses(sim, { options }, ctx) {
  const { state } = sim;
  const admin = ctx.caller.hasCapabilities;
  const ids = options.ids ?? [];
  const courses = (ids.length ? [...new Set(ids)].map((id) => state.courses.get(id)).filter(Boolean) : [...state.courses.values()])
    .sort((a, b) => a.id - b.id);
  const out = [];
  for (const course of courses) {
    if (!admin && course.id !== SITEID) {
      throw moodleException('errorcoursecontextnotvalid',
        `You cannot execute functions in the course context (course id:${course.id}). The context error message was: Course or activity not accessible.`);
    }
    if (admin || course.visible) out.push(courseForGetCourses(sim, course, { manager: admin, settings: ctx.settings }));
  }
  return out;
}

const COURSE_ITEM_KEYS = {
  idnumber: optional(PARAM.RAW),
  summary: optional(PARAM.RAW),
};

export const functions = {
  core_course_create_courses: {
    params: {
      courses: multiple(single({
        fullname: value(PARAM.TEXT),
        shortname: value(PARAM.TEXT),
        categoryid: value(PARAM.INT),
        ...COURSE_ITEM_KEYS,
        summaryformat: withDefault(PARAM.INT, 1),
        format: withDefault(PARAM.PLUGIN, 'topics'),
        showgrades: withDefault(PARAM.INT, 1),
        newsitems: withDefault(PARAM.INT, 5),
        startdate: optional(PARAM.INT),
        enddate: optional(PARAM.INT),
        numsections: optional(PARAM.INT),
        maxbytes: withDefault(PARAM.INT, 0),
        showreports: withDefault(PARAM.INT, 0),
        visible: optional(PARAM.INT),
        hiddensections: optional(PARAM.INT),
        groupmode: withDefault(PARAM.INT, 0),
        groupmodeforce: withDefault(PARAM.INT, 0),
        defaultgroupingid: withDefault(PARAM.INT, 0),
        enablecompletion: optional(PARAM.INT),
        completionnotify: optional(PARAM.INT),
        lang: optional(PARAM.SAFEDIR),
        forcetheme: optional(PARAM.PLUGIN),
        courseformatoptions: multiple(single({ name: value(PARAM.ALPHANUMEXT), value: value(PARAM.RAW) }), { required: false }),
        customfields: multiple(single({ shortname: value(PARAM.ALPHANUMEXT), value: value(PARAM.RAW) }), { required: false }),
      })),
    },
    returns: multiple(single({ id: value(PARAM.INT), shortname: value(PARAM.RAW) })),
    run: createCourses,
  },
  core_course_update_courses: {
    params: {
      courses: multiple(single({
        id: value(PARAM.INT),
        fullname: optional(PARAM.TEXT),
        shortname: optional(PARAM.TEXT),
        categoryid: optional(PARAM.INT),
        ...COURSE_ITEM_KEYS,
        summaryformat: optional(PARAM.INT),
        format: optional(PARAM.PLUGIN),
        showgrades: optional(PARAM.INT),
        newsitems: optional(PARAM.INT),
        startdate: optional(PARAM.INT),
        enddate: optional(PARAM.INT),
        numsections: optional(PARAM.INT),
        maxbytes: optional(PARAM.INT),
        showreports: optional(PARAM.INT),
        visible: optional(PARAM.INT),
        hiddensections: optional(PARAM.INT),
        groupmode: optional(PARAM.INT),
        groupmodeforce: optional(PARAM.INT),
        defaultgroupingid: optional(PARAM.INT),
        enablecompletion: optional(PARAM.INT),
        completionnotify: optional(PARAM.INT),
        lang: optional(PARAM.SAFEDIR),
        forcetheme: optional(PARAM.PLUGIN),
        courseformatoptions: multiple(single({ name: value(PARAM.ALPHANUMEXT), value: value(PARAM.RAW) }), { required: false }),
        customfields: multiple(single({ shortname: value(PARAM.ALPHANUMEXT), value: value(PARAM.RAW) }), { required: false }),
      })),
    },
    returns: single({ warnings: WARNINGS }),
    run: updateCourses,
  },
  core_course_delete_courses: {
    params: { courseids: multiple(value(PARAM.INT)) },
    returns: single({ warnings: WARNINGS }),
    run: deleteCourses,
  },
  core_course_get_courses_by_field: {
    params: { field: withDefault(PARAM.ALPHA, ''), value: withDefault(PARAM.RAW, '') },
    returns: single({ courses: multiple(COURSE_BY_FIELD_STRUCTURE), warnings: WARNINGS }),
    readOnly: true,
    // With field=ids the main list is the comma-separated value.
    mainList: (params) => (params.get('field') === 'ids' && typeof params.get('value') === 'string'
      ? params.get('value').split(',').length : undefined),
    run: getCoursesByField,
  },
  core_course_get_courses: {
    params: { options: single({ ids: multiple(value(PARAM.INT), { required: false }) }, { default: {} }) },
    returns: multiple(GET_COURSES_STRUCTURE),
    readOnly: true,
    mainList: 'options.ids',
    run: getCourses,
  },
};

/** A fresh site has the site course (id 1). Its context is the second context row, as on Moodle. */
export function seed(state, { now, siteName = 'Lab' }) {
  seedSiteCourse(state, { fullname: siteName, shortname: siteName.toLowerCase() }, now);
}

/** After each call: number the courses of categories whose course list changed. */
export function settle(state) {
  sortMarkedCategories(state);
}

export { FORMAT_OPTION_NAMES };
