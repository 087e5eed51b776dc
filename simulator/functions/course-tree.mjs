// The category tree and the course list inside it, kept the way Moodle keeps them: category paths
// and depths, and the sortorder numbers that fix_course_sortorder() assigns (categories 10000,
// 20000, … in tree pre-order; courses category.sortorder + 1, + 2, … newest first).

import { CONTEXT_LEVEL, createContext, deleteContext, findContext } from './contexts.mjs';

export const MAX_COURSES_IN_CATEGORY = 10000;
const UNSORTED = MAX_COURSES_IN_CATEGORY * MAX_COURSES_IN_CATEGORY;
export const SITEID = 1;

const bySortorderThenId = (a, b) => a.sortorder - b.sortorder || a.id - b.id;

/** fix_course_sortorder(): renumbers categories in pre-order and the courses of every category. */
export function fixSortorder(state) {
  unsortedCategories.get(state)?.clear();
  const all = [...state.categories.values()];
  for (const cat of all) if (cat.sortorder === 0) cat.sortorder = UNSORTED;
  const children = new Map();
  for (const cat of all.sort(bySortorderThenId)) {
    const parent = state.categories.has(cat.parent) ? cat.parent : 0;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(cat);
  }
  let next = 0;
  const walk = (parentId, parentPath, depth) => {
    for (const cat of children.get(parentId) ?? []) {
      next += MAX_COURSES_IN_CATEGORY;
      cat.sortorder = next;
      cat.parent = parentId;
      cat.path = `${parentPath}/${cat.id}`;
      cat.depth = depth;
      walk(cat.id, cat.path, depth + 1);
    }
  };
  walk(0, '', 1);

  const coursesByCategory = new Map();
  for (const course of state.courses.values()) {
    if (course.id === SITEID || !state.categories.has(course.category)) continue;
    if (!coursesByCategory.has(course.category)) coursesByCategory.set(course.category, []);
    coursesByCategory.get(course.category).push(course);
  }
  for (const [categoryId, courses] of coursesByCategory) {
    const base = state.categories.get(categoryId).sortorder;
    courses.sort((a, b) => a.sortorder - b.sortorder || b.id - a.id);
    courses.forEach((course, i) => { course.sortorder = base + i + 1; });
  }
}

/** Categories whose courses changed since their sortorders were last fixed (per SimState, not saved). */
const unsortedCategories = new WeakMap();

/**
 * Marks a category whose course list changed: like create_course(), which inserts with sortorder 0
 * and leaves the numbering to fix_course_sortorder(), the renumbering waits until someone reads.
 */
export function markCoursesUnsorted(state, categoryId) {
  if (!unsortedCategories.has(state)) unsortedCategories.set(state, new Set());
  unsortedCategories.get(state).add(categoryId);
}

/**
 * fix_course_sortorder() for the marked categories: their courses become category.sortorder + 1,
 * + 2, … ordered by (sortorder ASC, id DESC), so new courses (0) come first, newest first.
 */
export function sortMarkedCategories(state) {
  const marked = unsortedCategories.get(state);
  if (!marked?.size) return;
  const byCategory = new Map([...marked].map((id) => [id, []]));
  marked.clear();
  for (const course of state.courses.values()) {
    if (course.id !== SITEID) byCategory.get(course.category)?.push(course);
  }
  for (const [categoryId, courses] of byCategory) {
    const category = state.categories.get(categoryId);
    if (!category) continue;
    courses.sort((a, b) => a.sortorder - b.sortorder || b.id - a.id);
    courses.forEach((course, i) => { course.sortorder = category.sortorder + i + 1; });
  }
}

export function courseCount(state, categoryId) {
  let n = 0;
  for (const course of state.courses.values()) if (course.category === categoryId && course.id !== SITEID) n += 1;
  return n;
}

/** All categories below `category` (any depth), matched on path like Moodle's `path LIKE '/x/%'`. */
export function descendants(state, category) {
  const prefix = `${category.path}/`;
  return [...state.categories.values()].filter((c) => c.path.startsWith(prefix));
}

/** core_course_category::create() after its checks: insert, path, sortorder, context. */
export function insertCategory(state, { name, idnumber, description, descriptionformat, parent, theme }, now) {
  const parentRow = parent ? state.categories.get(parent) : null;
  const id = state.nextId('categories');
  state.categories.set(id, {
    id,
    name,
    idnumber: idnumber ?? null,
    description: description ?? '',
    descriptionformat: descriptionformat ?? 0,
    parent: parentRow ? parentRow.id : 0,
    sortorder: 0,
    coursecount: 0,
    visible: parentRow ? parentRow.visible : 1,
    visibleold: 1,
    timemodified: now,
    depth: parentRow ? parentRow.depth + 1 : 1,
    path: `${parentRow ? parentRow.path : ''}/${id}`,
    theme: theme ?? null,
  });
  fixSortorder(state);
  createContext(state, CONTEXT_LEVEL.COURSECAT, id);
  return state.categories.get(id);
}

/** change_parent_raw(): the moved category goes last among its new siblings. */
export function moveCategory(state, category, newParentId) {
  category.parent = newParentId;
  category.sortorder = UNSORTED;
  fixSortorder(state);
}

export function deleteCategoryRow(state, category) {
  const context = findContext(state, CONTEXT_LEVEL.COURSECAT, category.id);
  // Cohorts live in a category context: delete_full() deletes them, delete_move() re-homes them.
  if (context) deleteCohortsInContext(state, context.id);
  state.categories.delete(category.id);
  deleteContext(state, CONTEXT_LEVEL.COURSECAT, category.id);
}

export function moveCohortsToContext(state, fromContextId, toContextId) {
  for (const cohort of state.cohorts.values()) {
    if (cohort.contextid === fromContextId) cohort.contextid = toContextId;
  }
}

function deleteCohortsInContext(state, contextId) {
  for (const cohort of [...state.cohorts.values()]) {
    if (cohort.contextid !== contextId) continue;
    state.cohorts.delete(cohort.id);
    for (const member of [...state.cohortMembers.values()]) {
      if (member.cohortid === cohort.id) state.cohortMembers.delete(member.id);
    }
  }
}

/** Puts a course last in its (new) category, as move_courses() and update_course() do. */
export function placeCourseLast(state, course) {
  const category = state.categories.get(course.category);
  course.sortorder = (category ? category.sortorder : 0) + MAX_COURSES_IN_CATEGORY - 1;
}
