// Cohort rows (`cohorts` `{id, contextid, name, idnumber, description, descriptionformat, visible,
// component, theme}`) and memberships (`cohortMembers` `{id, cohortid, userid, timeadded}`): where a
// cohort lives, how it is answered, how it is found.

import { invalidParameter, moodleException } from '../errors.mjs';
import { FORMAT, formatText } from '../format.mjs';
import { CONTEXT_LEVEL, systemContext, categoryContext, contextById } from './contexts.mjs';

/** categorytype {type: system|id|idnumber, value} -> the system or course category context. */
export function contextOfCategoryType(state, { type, value }) {
  if (!['idnumber', 'id', 'system'].includes(type)) {
    throw invalidParameter(`category type must be id, idnumber or system:${type}`);
  }
  if (type === 'system') return systemContext(state);
  const category = [...state.categories.values()]
    .find((c) => (type === 'id' ? /^\d+$/.test(value) && c.id === Number(value) : c.idnumber === value));
  if (!category) throw invalidParameter(`category not exists: category ${type} = ${value}`);
  return categoryContext(state, category.id);
}

/** Cohorts may only live in the system or a category context. */
export function cohortContext(state, cohort) {
  const context = contextById(state, cohort.contextid);
  if (!context || (context.contextlevel !== CONTEXT_LEVEL.coursecat && context.contextlevel !== CONTEXT_LEVEL.system)) {
    throw invalidParameter('Invalid context');
  }
  return context;
}

/** util::validate_format() */
export function validFormat(format) {
  if (!Object.values(FORMAT).includes(format)) {
    throw moodleException('formatnotsupported', 'webservice/formatnotsupported',
      `The format with value=${format} is not supported by this Moodle site`);
  }
  return format;
}

/** The answer of get_cohorts / search_cohorts for a cohort read in full. */
export function cohortAnswer(cohort, settings) {
  const [description, descriptionformat] = formatText(cohort.description, cohort.descriptionformat, settings);
  return { id: cohort.id, name: cohort.name, idnumber: cohort.idnumber, description, descriptionformat,
    visible: Boolean(cohort.visible), theme: cohort.theme, customfields: [] };
}

export function findCohortBy(state, type, value) {
  return [...state.cohorts.values()].sort((a, b) => a.id - b.id)
    .find((c) => (type === 'id' ? /^\d+$/.test(value) && c.id === Number(value) : c.idnumber === value)) ?? null;
}

export function isMember(state, cohortid, userid) {
  for (const m of state.cohortMembers.values()) if (m.cohortid === cohortid && m.userid === userid) return true;
  return false;
}

/** PostgreSQL's ORDER BY name, idnumber under an English collation. */
export const byNameThenIdnumber = (a, b) => a.name.localeCompare(b.name, 'en') || a.idnumber.localeCompare(b.idnumber, 'en')
  || a.id - b.id;
