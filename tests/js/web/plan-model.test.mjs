// The plan view's model: rows of a plan, filter choices, text search, display order and the
// figures of the summary. Pure functions, so they are tested in Node on plain plan values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRows, entityKey, filterChoices, filterRows, messageOf, searchWords, sortRows, idsText,
} from '../../../js/web/plan-view/plan-model.mjs';
import { callsByFunction, chartData, totalsText } from '../../../js/web/plan-view/summary-model.mjs';

const entity = (over) => ({
  resource: 'node--course', id: 1, uuid: 'u-1', component: 'courses', outcome: 'created', idnumber: 'course-1',
  moodle_id: null, changes: {}, error: null, calls: [], ...over,
  entity: { type: over.resource ?? 'node--course', id: over.id ?? 1, uuid: over.uuid ?? 'u-1', label: `${over.resource ?? 'node--course'} ${over.id ?? 1}` },
});

const plan = {
  entities: [
    entity({ id: 1, uuid: 'aaa-1', changes: { fullname: { old: null, new: 'German for Beginners' } }, calls: ['core_course_create_courses'] }),
    entity({ id: 2, uuid: 'aaa-2', outcome: 'updated', moodle_id: 7, changes: { fullname: { old: 'Old', new: 'New title' }, summary: { old: 'a', new: 'b' } }, calls: ['core_course_update_courses'] }),
    entity({ resource: 'user--user', id: 21, uuid: 'bbb-21', component: 'users', outcome: 'failed', idnumber: 'user-21',
      error: { class: 'data', field: 'email', message: 'user--user 21, field email: "not an email" is not a valid email address' } }),
    entity({ resource: 'registration--course_registration', id: 501, uuid: 'ccc-501', component: 'enrolments', outcome: 'skipped', idnumber: '501',
      note: 'skipped: it depends on user--user 21 failed' }),
    entity({ id: 106, uuid: 'aaa-106', outcome: 'ignored', note: '"ignore" is not a positive integer', idnumber: 'course-106' }),
  ],
};

test('a row per entity, keyed by the entity\'s type and uuid, with its changed field count and message', () => {
  const rows = buildRows(plan);
  assert.deepEqual(rows.map((r) => r.key), ['node--course/aaa-1', 'node--course/aaa-2', 'user--user/bbb-21', 'registration--course_registration/ccc-501', 'node--course/aaa-106']);
  assert.deepEqual(rows.map((r) => r.changedCount), [1, 2, 0, 0, 0]);
  assert.equal(rows[2].message, 'data: user--user 21, field email: "not an email" is not a valid email address');
  assert.equal(rows[3].message, 'skipped: it depends on user--user 21 failed');
  assert.equal(rows[1].label, 'node--course 2');
  assert.equal(idsText(rows[1]), '7 / course-1');
  assert.equal(idsText(rows[2]), '— / user-21');
});

test('an entry without its entity object is keyed by its resource and uuid; a bare error message is kept', () => {
  assert.equal(entityKey({ resource: 'user--user', uuid: 'x' }), 'user--user/x');
  assert.equal(messageOf({ error: 'core_x failed: Access control exception' }), 'core_x failed: Access control exception');
  assert.equal(messageOf({ error: {}, note: 'n' }), 'n');
  assert.deepEqual(buildRows({}), []);
  assert.deepEqual(buildRows({ entities: [null] }).map((r) => [r.component, r.outcome, r.changedCount]), [['(none)', '', 0]]);
});

test('the filter choices: components in plan order, outcomes in the reading order, with counts', () => {
  const choices = filterChoices(buildRows(plan));
  assert.deepEqual(choices.components, [{ value: 'courses', count: 3 }, { value: 'users', count: 1 }, { value: 'enrolments', count: 1 }]);
  assert.deepEqual(choices.outcomes.map((o) => o.value), ['created', 'updated', 'ignored', 'skipped', 'failed']);
});

test('filters by component, outcome and text; the text search looks at ids, fields, values, errors and notes', () => {
  const rows = buildRows(plan);
  const ids = (filter) => filterRows(rows, filter).map((r) => r.entry.id);
  assert.deepEqual(ids({}), [1, 2, 21, 501, 106]);
  assert.deepEqual(ids({ component: 'courses' }), [1, 2, 106]);
  assert.deepEqual(ids({ component: 'courses', outcome: 'updated' }), [2]);
  assert.deepEqual(ids({ outcome: 'failed' }), [21]);
  assert.deepEqual(ids({ text: 'NOT AN EMAIL' }), [21]);
  assert.deepEqual(ids({ text: 'email' }), [21]);            // the error's field and message
  assert.deepEqual(ids({ text: 'summary' }), [2]);           // a field name
  assert.deepEqual(ids({ text: 'german beginners' }), [1]);  // every word, in any order, in a value
  assert.deepEqual(ids({ text: 'aaa-106' }), [106]);         // the uuid
  assert.deepEqual(ids({ text: 'course-106' }), [106]);      // the idnumber
  assert.deepEqual(ids({ text: 'depends' }), [501]);         // the note
  assert.deepEqual(ids({ text: 'positive', component: 'users' }), []);
  assert.deepEqual(ids({ text: '   ' }), [1, 2, 21, 501, 106]);
  assert.deepEqual(searchWords('  a  B '), ['a', 'b']);
});

test('sorting orders the rows for display only: outcomes in reading order, numbers as numbers, ties in plan order', () => {
  const rows = buildRows(plan);
  const ids = (sort) => sortRows(rows, sort).map((r) => r.entry.id);
  assert.deepEqual(ids({ column: 'outcome' }), [1, 2, 106, 501, 21]);
  assert.deepEqual(ids({ column: 'outcome', direction: 'descending' }), [21, 501, 106, 2, 1]);
  assert.deepEqual(ids({ column: 'changed', direction: 'descending' }), [2, 1, 21, 501, 106]);
  assert.deepEqual(ids({ column: 'label' }), [1, 2, 106, 501, 21]);
  assert.deepEqual(ids({ column: null }), [1, 2, 21, 501, 106]);
  assert.equal(sortRows(rows, {}), rows);
});

test('the chart has the digest\'s counts per component and outcome, scaled to the largest component', () => {
  const digest = {
    summary: [
      { component: 'courses', total: 3, outcomes: { created: 1, ignored: 1, updated: 1 } },
      { component: 'users', total: 1, outcomes: { failed: 1, unchanged: 0 } },
    ],
    totals: { created: 1, updated: 1, unchanged: 0, ignored: 1, failed: 1 },
  };
  const chart = chartData(digest);
  assert.deepEqual(chart.outcomes, ['created', 'updated', 'ignored', 'failed']);
  assert.equal(chart.max, 3);
  assert.deepEqual(chart.components, [
    { component: 'courses', total: 3, segments: [{ outcome: 'created', count: 1 }, { outcome: 'updated', count: 1 }, { outcome: 'ignored', count: 1 }] },
    { component: 'users', total: 1, segments: [{ outcome: 'failed', count: 1 }] },
  ]);
  assert.equal(totalsText(digest), '4 entities: 1 created, 1 updated, 1 ignored, 1 failed');
  assert.deepEqual(chartData({}), { outcomes: [], components: [], max: 0 });
});

test('calls by function: the planned requests and items when the digest has them, else entities per function', () => {
  const planned = { planned_calls: { total: 3, by_function: { core_course_create_courses: { requests: 1, items: 2 }, core_user_create_users: { requests: 2, items: 150 } } } };
  assert.deepEqual(callsByFunction(planned, plan), {
    kind: 'planned', total: 3,
    rows: [{ fn: 'core_course_create_courses', requests: 1, items: 2 }, { fn: 'core_user_create_users', requests: 2, items: 150 }],
  });
  assert.deepEqual(callsByFunction({}, { ...plan, planned_calls: planned.planned_calls }).kind, 'planned');
  assert.deepEqual(callsByFunction({}, plan), {
    kind: 'entities', total: null,
    rows: [{ fn: 'core_course_create_courses', requests: null, items: 1 }, { fn: 'core_course_update_courses', requests: null, items: 1 }],
  });
});
