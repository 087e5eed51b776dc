// core_course_create_categories, core_course_get_categories, core_course_update_categories,
// core_course_delete_categories (see README-courses.md "Categories").

import { missingRecord, moodleException } from '../errors.mjs';
import { formatString, formatText } from '../format.mjs';
import { multiple, optional, PARAM, single, value, withDefault } from '../schema.mjs';
import { CONTEXT_LEVEL, ensureSystemContext, findContext } from './contexts.mjs';
import { cleanTheme } from './course-export.mjs';
import { deleteCourseRow } from './course-store.mjs';
import {
  courseCount, deleteCategoryRow, descendants, fixSortorder, insertCategory, moveCategory,
  moveCohortsToContext, placeCourseLast, SITEID,
} from './course-tree.mjs';
import { requireCapabilityNamed, unknownCategory, validateFormat } from './course-checks.mjs';
import { phpEmpty, phpIntval, textLength } from './php-values.mjs';

const MANAGE = 'Manage categories';

const criteriaError = (debuginfo) => moodleException('criteriaerror', 'Missing permissions to search on a criterion.', debuginfo);

function checkIdnumber(state, idnumber) {
  if (textLength(idnumber) > 100) throw moodleException('idnumbertoolong', 'ID number is too long');
  if (String(idnumber) !== '' && [...state.categories.values()].some((c) => c.idnumber === idnumber)) {
    throw moodleException('categoryidnumbertaken', 'ID number is already used for another category');
  }
}

function createCategories(sim, { categories }, ctx) {
  const { state } = sim;
  return state.transaction(() => categories.map((item) => {
    if (item.parent && !state.categories.has(item.parent)) throw moodleException('unknowcategory', 'Category not known!');
    requireCapabilityNamed(ctx, MANAGE);
    validateFormat(item.descriptionformat);
    // core_course_category::create()
    if (phpEmpty(item.name)) throw moodleException('categorynamerequired', 'Category name is required');
    if (textLength(item.name) > 255) throw moodleException('categorytoolong', 'Category name too long');
    if (item.idnumber !== undefined) checkIdnumber(state, item.idnumber);
    // Category themes are off on the recorded site (allowcategorythemes = 0): `theme` is ignored.
    const row = insertCategory(state, { ...item, theme: undefined }, ctx.now());
    return { id: row.id, name: formatString(row.name, ctx.settings) };
  }));
}

/** Moodle sorts the answer with strcmp() on sortorder: a string comparison, as PHP does it. */
const byStringSortorder = (a, b) => (String(a.sortorder) < String(b.sortorder) ? -1 : String(a.sortorder) > String(b.sortorder) ? 1 : 0);

function getCategories(sim, { criteria, addsubcategories }, ctx) {
  const { state } = sim;
  const admin = ctx.caller.hasCapabilities;
  let matched;
  if (criteria.length) {
    const conditions = new Map();
    const filters = [];
    for (const crit of criteria) {
      const key = crit.key.trim();
      if (conditions.has(key)) continue;
      switch (key) {
        case 'id':
        case 'parent': {
          const v = phpIntval(crit.value);
          conditions.set(key, v);
          filters.push((c) => c[key] === v);
          break;
        }
        case 'ids': {
          const ids = crit.value.replace(/[^0-9,]/g, '').split(',').map(Number);
          filters.push((c) => ids.includes(c.id));
          break;
        }
        case 'name': {
          const v = PARAM.TEXT.clean(crit.value);
          conditions.set(key, v);
          filters.push((c) => c.name === v);
          break;
        }
        case 'idnumber':
          if (!admin) throw criteriaError('You don\'t have the permissions to search on the "idnumber" field.');
          conditions.set(key, crit.value);
          filters.push((c) => c.idnumber === crit.value);
          break;
        case 'visible': {
          if (!admin) throw criteriaError('You don\'t have the permissions to search on the "visible" field.');
          const v = phpIntval(crit.value);
          conditions.set(key, v);
          filters.push((c) => c.visible === v);
          break;
        }
        case 'theme': {
          if (!admin) throw criteriaError('You don\'t have the permissions to search on the "theme" field.');
          const v = cleanTheme(crit.value);
          conditions.set(key, v);
          // SQL `theme = :theme`: a category without a theme has NULL there, which never matches.
          filters.push((c) => c.theme === v);
          break;
        }
        default:
          throw criteriaError(`You can not search on this criteria: ${key}`);
      }
    }
    matched = [...state.categories.values()].filter((c) => filters.every((f) => f(c)));
    if (matched.length && addsubcategories) {
      const extra = (c) => (!conditions.has('visible') || c.visible === conditions.get('visible'))
        && (!conditions.has('theme') || c.theme === conditions.get('theme'));
      const seen = new Set(matched.map((c) => c.id));
      for (const cat of [...matched]) {
        for (const sub of descendants(state, cat)) {
          if (!seen.has(sub.id) && extra(sub)) { seen.add(sub.id); matched.push(sub); }
        }
      }
    }
  } else {
    matched = [...state.categories.values()];
  }

  // Parents first, so that a category under an excluded (hidden) one is excluded too.
  matched.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const excluded = new Set();
  const out = [];
  for (const cat of matched) {
    if (cat.path.split('/').slice(1).some((p) => excluded.has(Number(p)))) { excluded.add(cat.id); continue; }
    if (!cat.visible && !admin) { excluded.add(cat.id); continue; }
    const [description, descriptionformat] = formatText(cat.description, cat.descriptionformat, ctx.settings);
    const info = {
      id: cat.id, name: formatString(cat.name, ctx.settings), description, descriptionformat, parent: cat.parent,
      sortorder: cat.sortorder, coursecount: courseCount(state, cat.id), depth: cat.depth, path: cat.path,
    };
    if (admin) {
      Object.assign(info, { idnumber: cat.idnumber, visible: cat.visible, visibleold: cat.visibleold, timemodified: cat.timemodified, theme: cleanTheme(cat.theme) });
    }
    out.push(info);
  }
  return out.sort(byStringSortorder);
}

function updateCategories(sim, { categories }, ctx) {
  const { state } = sim;
  state.transaction(() => {
    for (const item of categories) {
      const category = state.categories.get(item.id);
      if (!category) throw unknownCategory();
      requireCapabilityNamed(ctx, MANAGE);
      if (item.parent !== undefined && item.parent !== category.parent && item.parent !== 0) {
        if (!state.categories.has(item.parent)) throw missingRecord('course_categories');
      }
      validateFormat(item.descriptionformat);
      // core_course_category::update(): description* fields always; descriptionformat defaults to 1.
      const changes = { descriptionformat: item.descriptionformat };
      if (item.description !== undefined) changes.description = item.description;
      if (item.name !== undefined && phpEmpty(item.name)) throw moodleException('categorynamerequired', 'Category name is required');
      if (!phpEmpty(item.name) && item.name !== category.name) {
        if (textLength(item.name) > 255) throw moodleException('categorytoolong', 'Category name too long');
        changes.name = item.name;
      }
      if (item.idnumber !== undefined && item.idnumber !== category.idnumber) {
        checkIdnumber(state, item.idnumber);
        changes.idnumber = item.idnumber;
      }
      if (item.parent !== undefined && item.parent !== category.parent) {
        if (item.parent !== 0) {
          const parent = state.categories.get(item.parent);
          if (parent.id === category.id || parent.path.split('/').includes(String(category.id))) {
            throw moodleException('cannotmovecategory', 'Cannot move category');
          }
        }
        moveCategory(state, category, item.parent);
      }
      Object.assign(category, changes, { timemodified: ctx.now() });
      fixSortorder(state);
    }
  });
}

/** delete_full(): subcategories first, then the courses, then the category itself. */
function deleteFull(state, category) {
  for (const child of [...state.categories.values()].filter((c) => c.parent === category.id).sort((a, b) => a.id - b.id)) {
    deleteFull(state, child);
  }
  const courses = [...state.courses.values()].filter((c) => c.category === category.id && c.id !== SITEID)
    .sort((a, b) => a.sortorder - b.sortorder);
  for (const course of courses) deleteCourseRow(state, course);
  deleteCategoryRow(state, category);
}

/** delete_move(): children and courses go (last) into the new parent, then the category is deleted. */
function deleteMove(state, category, newParent) {
  for (const child of [...state.categories.values()].filter((c) => c.parent === category.id).sort((a, b) => a.sortorder - b.sortorder)) {
    if (child.id === newParent.id || newParent.path.split('/').includes(String(child.id))) {
      throw moodleException('cannotmovecategory', 'Cannot move category');
    }
    moveCategory(state, child, newParent.id);
  }
  const courses = [...state.courses.values()].filter((c) => c.category === category.id && c.id !== SITEID)
    .sort((a, b) => a.sortorder - b.sortorder);
  courses.forEach((course, i) => {
    course.category = newParent.id;
    placeCourseLast(state, course);
    course.sortorder -= i;
    if (!newParent.visible) course.visible = 0;
  });
  const from = findContext(state, CONTEXT_LEVEL.COURSECAT, category.id);
  const to = findContext(state, CONTEXT_LEVEL.COURSECAT, newParent.id);
  if (from && to) moveCohortsToContext(state, from.id, to.id);
  deleteCategoryRow(state, category);
  fixSortorder(state);
}

function deleteCategories(sim, { categories }, ctx) {
  const { state } = sim;
  state.transaction(() => {
    for (const item of categories) {
      const category = state.categories.get(item.id);
      if (!category) throw unknownCategory();
      requireCapabilityNamed(ctx, MANAGE);
      if (item.recursive) {
        deleteFull(state, category);
        fixSortorder(state);
        continue;
      }
      let newParent;
      if (item.newparent) {
        newParent = state.categories.get(item.newparent);
        if (!newParent) throw unknownCategory();
      } else if (category.parent) {
        newParent = state.categories.get(category.parent);
        if (!newParent) throw unknownCategory();
      } else {
        throw moodleException('movecatcontentstoroot',
          'Moving the category content to root is not allowed. You must move the contents to an existing category!');
      }
      deleteMove(state, category, newParent);
    }
  });
}

export const functions = {
  core_course_create_categories: {
    params: {
      categories: multiple(single({
        name: value(PARAM.TEXT),
        parent: withDefault(PARAM.INT, 0),
        idnumber: optional(PARAM.RAW),
        description: optional(PARAM.RAW),
        descriptionformat: withDefault(PARAM.INT, 1),
        theme: optional(PARAM.THEME),
      })),
    },
    returns: multiple(single({ id: value(PARAM.INT), name: value(PARAM.RAW) })),
    run: createCategories,
  },
  core_course_get_categories: {
    params: {
      criteria: multiple(single({ key: value(PARAM.ALPHA), value: value(PARAM.RAW) }), { default: [] }),
      addsubcategories: withDefault(PARAM.BOOL, true),
    },
    returns: multiple(single({
      id: value(PARAM.INT), name: value(PARAM.RAW), idnumber: optional(PARAM.RAW), description: value(PARAM.RAW),
      descriptionformat: value(PARAM.INT), parent: value(PARAM.INT), sortorder: value(PARAM.INT),
      coursecount: value(PARAM.INT), visible: optional(PARAM.INT), visibleold: optional(PARAM.INT),
      timemodified: optional(PARAM.INT), depth: value(PARAM.INT), path: value(PARAM.TEXT), theme: optional(PARAM.THEME),
    })),
    readOnly: true,
    run: getCategories,
  },
  core_course_update_categories: {
    params: {
      categories: multiple(single({
        id: value(PARAM.INT),
        name: optional(PARAM.TEXT),
        idnumber: optional(PARAM.RAW),
        parent: optional(PARAM.INT),
        description: optional(PARAM.RAW),
        descriptionformat: withDefault(PARAM.INT, 1),
        theme: optional(PARAM.THEME),
      })),
    },
    returns: null,
    run: updateCategories,
  },
  core_course_delete_categories: {
    params: {
      categories: multiple(single({
        id: value(PARAM.INT),
        newparent: optional(PARAM.INT),
        recursive: withDefault(PARAM.BOOL, false),
      })),
    },
    returns: null,
    run: deleteCategories,
  },
};

/** A fresh site: the system context and "Category 1", the default category every Moodle has. */
export function seed(state, { now }) {
  ensureSystemContext(state);
  if (state.categories.size === 0) insertCategory(state, { name: 'Category 1', descriptionformat: 1 }, now);
}
