// Custom reports of the report builder on the "Course participants" source, as an administrator
// builds the completion report once (completion.jsonl report-*): one row per enrolment method ×
// enrolled user (a method without users gives one row with empty user cells), cells as display
// strings, a fixed condition, a sort, and per-user filters set through core_reportbuilder_set_filters.

import { CONTEXT_LEVEL, findContext } from '../functions/contexts.mjs';
import { courseCompletion, progressPercentage } from './model.mjs';
import { userDate } from './user-date.mjs';

export const PARTICIPANTS_SOURCE = 'core_course\\reportbuilder\\datasource\\participants';
export const PARTICIPANTS_SOURCE_NAME = 'Course participants';

/** The recorded report's columns, in its order. */
export const COMPLETION_REPORT_COLUMNS = ['course:shortname', 'course:idnumber', 'user:username', 'user:idnumber', 'enrol:name',
  'enrolment:status', 'completion:completed', 'completion:timecompleted', 'completion:progresspercent',
  'completion:timeenrolled', 'completion:timestarted', 'completion:reaggregate'];

const ENROL_METHOD_NAMES = { manual: 'Manual enrolments', guest: 'Guest access', self: 'Self enrolment (Student)' };
const DATE_OR_EMPTY = (time, tz) => (time ? userDate(time, tz) : '');

/**
 * Each column: its header and its cell from a row { course, instance, ue, user, now, tz, state }.
 * `raw` is the value conditions and filters compare (text fields only).
 */
const COLUMNS = {
  'course:shortname': { header: 'Course short name', raw: (r) => r.course.shortname },
  'course:fullname': { header: 'Course full name', raw: (r) => r.course.fullname },
  'course:idnumber': { header: 'Course ID number', raw: (r) => r.course.idnumber ?? '' },
  'user:username': { header: 'Username', raw: (r) => r.user?.username ?? null },
  'user:idnumber': { header: 'ID number', raw: (r) => r.user?.idnumber ?? null },
  'user:email': { header: 'Email address', raw: (r) => r.user?.email ?? null },
  'enrol:name': { header: 'Name', cell: (r) => r.instance.name || ENROL_METHOD_NAMES[r.instance.enrol] || r.instance.enrol },
  'enrolment:status': { header: 'Status', cell: (r) => (r.user ? enrolmentStatus(r) : null) },
  'completion:completed': { header: 'Completed', cell: (r) => completionCell(r, (c) => (c.timecompleted ? 'Yes' : 'No')) },
  'completion:timecompleted': { header: 'Time completed', cell: (r) => completionCell(r, (c) => DATE_OR_EMPTY(c.timecompleted, r.tz)) },
  'completion:progresspercent': {
    header: 'Student progress',
    cell: (r) => (r.user ? `${(progressPercentage(r.state, r.course, r.user.id, r.now) ?? 0).toFixed(1)}%` : ''),
  },
  'completion:timeenrolled': { header: 'Time enrolled', cell: (r) => completionCell(r, (c) => DATE_OR_EMPTY(c.timeenrolled, r.tz)) },
  'completion:timestarted': { header: 'Time started', cell: (r) => completionCell(r, (c) => DATE_OR_EMPTY(c.timestarted, r.tz)) },
  'completion:reaggregate': { header: 'Time reaggregated', cell: (r) => completionCell(r, (c) => DATE_OR_EMPTY(c.reaggregate, r.tz)) },
};

function completionCell(row, show) {
  if (!row.user) return '';
  const completion = courseCompletion(row.state, row.course.id, row.user.id);
  return completion ? show(completion) : '';
}

function enrolmentStatus({ ue, instance, now }) {
  if (ue.status !== 0 || instance.status !== 0) return 'Suspended';
  if ((ue.timestart && ue.timestart > now) || (ue.timeend && ue.timeend < now)) return 'Not current';
  return 'Active';
}

function cellOf(column, row) {
  const def = COLUMNS[column];
  if (def.cell) return def.cell(row);
  return def.raw(row) ?? '';
}

/** The text filter operators of the report builder (core_reportbuilder\local\filters\text). */
const TEXT_OPERATORS = {
  0: () => true,
  1: (v, x) => v.toLowerCase().includes(x.toLowerCase()),
  2: (v, x) => !v.toLowerCase().includes(x.toLowerCase()),
  3: (v, x) => v.toLowerCase() === x.toLowerCase(),
  4: (v, x) => v.toLowerCase() !== x.toLowerCase(),
  5: (v, x) => v.toLowerCase().startsWith(x.toLowerCase()),
  6: (v, x) => v.toLowerCase().endsWith(x.toLowerCase()),
  7: (v) => v === '',
  8: (v) => v !== '',
};

/** Conditions or filter values `{ "<entity:field>_operator": n, "<entity:field>_value": text }` as one test. */
function matcher(values) {
  const tests = [];
  for (const [key, operator] of Object.entries(values ?? {})) {
    const m = /^(.+)_operator$/.exec(key);
    if (!m || !COLUMNS[m[1]]?.raw) continue;
    const test = TEXT_OPERATORS[Number(operator)];
    if (!test) continue;
    const wanted = String(values[`${m[1]}_value`] ?? '');
    const { raw } = COLUMNS[m[1]];
    // An empty value with a comparing operator filters nothing, as the report builder skips it.
    if ([1, 2, 3, 4, 5, 6].includes(Number(operator)) && wanted === '') continue;
    tests.push((row) => test(raw(row) ?? '', wanted));
  }
  return (row) => tests.every((t) => t(row));
}

/** The source's rows: enrolment method × user (LEFT JOIN), deleted users left out. */
function participantRows(state, now, tz) {
  const rows = [];
  for (const course of state.courses.values()) {
    if (course.id === 1) continue;
    const instances = [...state.enrolInstances.values()].filter((i) => i.courseid === course.id).sort((a, b) => a.sortorder - b.sortorder || a.id - b.id);
    for (const instance of instances) {
      const enrolments = [...state.userEnrolments.values()].filter((ue) => ue.enrolid === instance.id)
        .map((ue) => ({ ue, user: state.users.get(ue.userid) })).filter(({ user }) => user && !user.deleted);
      if (!enrolments.length) rows.push({ state, course, instance, ue: null, user: null, now, tz });
      for (const { ue, user } of enrolments) rows.push({ state, course, instance, ue, user, now, tz });
    }
  }
  return rows;
}

/**
 * The report's rows for a caller: the fixed condition and the caller's filters applied, sorted by
 * the report's sort columns (ties in enrolment-method order), as cell lists.
 */
export function reportRows(state, report, { now, tz, filterValues }) {
  const condition = matcher(JSON.parse(report.conditiondata || '{}'));
  const filter = matcher(filterValues);
  const rows = participantRows(state, now, tz).filter((r) => condition(r) && filter(r));
  const sortKey = (r) => report.sortby.map((column) => String(COLUMNS[column].raw?.(r) ?? cellOf(column, r) ?? ''));
  rows.sort((a, b) => {
    const ka = sortKey(a);
    const kb = sortKey(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  });
  return rows.map((r) => report.columns.map((column) => cellOf(column, r)));
}

export const reportHeaders = (report) => report.columns.map((column) => COLUMNS[column].header);

/**
 * Creates a custom report on the "Course participants" source. Defaults: the recorded completion
 * report (columns, sort by course short name then username, filter on the course short name),
 * with no condition. `conditions` uses the report builder's form:
 * { "course:shortname_operator": 5, "course:shortname_value": "tu_cmp_" }.
 */
export function createReport(state, { name = 'Course completion', columns = COMPLETION_REPORT_COLUMNS,
  sortby = ['course:shortname', 'user:username'], conditions = {}, now, usercreated = 2 } = {}) {
  for (const column of [...columns, ...sortby]) {
    if (!COLUMNS[column]) throw new TypeError(`createReport: unknown column ${JSON.stringify(column)}; known: ${Object.keys(COLUMNS).join(', ')}`);
  }
  if (conditions === null || typeof conditions !== 'object' || Array.isArray(conditions)) throw new TypeError('createReport: conditions must be an object');
  const id = state.nextId('reports');
  const report = {
    id, name: String(name), source: PARTICIPANTS_SOURCE, type: 0, uniquerows: false, conditiondata: JSON.stringify(conditions),
    settingsdata: null, contextid: findContext(state, CONTEXT_LEVEL.SYSTEM, 0)?.id ?? 1, component: '', area: '', itemid: 0,
    usercreated, timecreated: now, timemodified: now, usermodified: usercreated,
    columns: [...columns], sortby: [...sortby], filters: ['course:shortname'],
  };
  state.reports.set(id, report);
  return report;
}

/** The caller's filter values of a report ({} when none). */
export function filterValuesOf(state, reportid, userid) {
  for (const row of state.reportFilters.values()) if (row.reportid === reportid && row.userid === userid) return row.values;
  return {};
}

export function setFilterValues(state, reportid, userid, values) {
  for (const row of [...state.reportFilters.values()]) if (row.reportid === reportid && row.userid === userid) state.reportFilters.delete(row.id);
  if (Object.keys(values).length === 0) return;
  const id = state.nextId('reportFilters');
  state.reportFilters.set(id, { id, reportid, userid, values });
}
