// Cohort and role rules the recordings touch only lightly: search from a course context, the
// capability answers of an empty site, moving cohorts, role assignment contexts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newSim, addCourse, call, createUsers, NOCAP } from './people-sim.mjs';

const system = { type: 'system', value: '' };

test('search_cohorts from a course context with includes=parents finds category and system cohorts', () => {
  const sim = newSim();
  const course = addCourse(sim, 'c1');
  call(sim, 'core_cohort_create_cohorts', { cohorts: [
    { categorytype: system, name: 'Sys', idnumber: 's' },
    { categorytype: { type: 'id', value: '1' }, name: 'Cat', idnumber: 'c' }] });
  const { cohorts } = call(sim, 'core_cohort_search_cohorts', { query: '', context: { contextlevel: 'course', instanceid: course.id } });
  assert.deepEqual(cohorts.map((c) => c.name), ['Cat', 'Sys']);
  assert.equal(cohorts[0].descriptionformat, 2, 'parent cohorts come without their description');
});

test('get_cohorts on a site without cohorts answers [] even without capabilities', () => {
  const sim = newSim();
  assert.deepEqual(call(sim, 'core_cohort_get_cohorts', {}, { caller: NOCAP }), []);
});

test('update_cohorts moves a cohort between contexts and keeps omitted visibility', () => {
  const sim = newSim();
  const [{ id }] = call(sim, 'core_cohort_create_cohorts', { cohorts: [{ categorytype: system, name: 'A', idnumber: 'a', visible: 0,
    description: 'x', descriptionformat: 2 }] });
  const update = (categorytype) => call(sim, 'core_cohort_update_cohorts', { cohorts: [{ id, categorytype, name: 'A', idnumber: 'a' }] });
  // Category 1's idnumber is NULL: an empty idnumber does not find it.
  assert.equal(update({ type: 'idnumber', value: '' }).error.errorcode, 'invalidparameter');
  assert.equal(update({ type: 'id', value: '1' }), null);
  const cohort = sim.state.cohorts.get(id);
  assert.equal(sim.state.contexts.get(cohort.contextid).contextlevel, 40);
  assert.equal(cohort.visible, 0);
  assert.equal(cohort.descriptionformat, 1, 'descriptionformat defaults to HTML on every update');
});

test('add_cohort_members: warnings for bad items, the good ones are added', () => {
  const sim = newSim();
  const [u] = createUsers(sim, ['u']);
  const [{ id }] = call(sim, 'core_cohort_create_cohorts', { cohorts: [{ categorytype: system, name: 'A', idnumber: 'a' }] });
  const answer = call(sim, 'core_cohort_add_cohort_members', { members: [
    { cohorttype: { type: 'idnumber', value: 'a' }, usertype: { type: 'username', value: 'u' } },
    { cohorttype: { type: 'id', value: String(id) }, usertype: { type: 'id', value: String(u) } }] });
  assert.deepEqual(answer, { warnings: [{ warningcode: '3', message: `record already exists: cohort(id=${id} id=${u})` }] });
  assert.deepEqual(call(sim, 'core_cohort_get_cohort_members', { cohortids: [id] }), [{ cohortid: id, userids: [u] }]);
});

test('roles: system assignment, no duplicate rows, unassign leaves enrolment-owned roles alone', () => {
  const sim = newSim();
  const course = addCourse(sim, 'c1', { customint1: 0 });
  const [u] = createUsers(sim, ['u']);
  const assign = (a) => call(sim, 'core_role_assign_roles', { assignments: [a] });
  assert.equal(assign({ roleid: 1, userid: u, contextlevel: 'system', instanceid: 0 }), null);
  assert.equal(assign({ roleid: 1, userid: u, contextid: 1 }), null);
  assert.equal([...sim.state.roleAssignments.values()].filter((ra) => ra.userid === u).length, 1);
  sim.state.roleAssignments.set(999, { id: 999, roleid: 5, contextid: course.contextid, userid: u, component: 'enrol_self', itemid: 7 });
  call(sim, 'core_role_unassign_roles', { unassignments: [{ roleid: 5, userid: u, contextid: course.contextid }] });
  assert.ok(sim.state.roleAssignments.has(999));
});

test('roles: the no-capability user is refused at course level by login, at system level by capability', () => {
  const sim = newSim();
  const course = addCourse(sim, 'c1');
  const [u] = createUsers(sim, ['u']);
  const assign = (a) => call(sim, 'core_role_assign_roles', { assignments: [a] }, { caller: NOCAP }).error.errorcode;
  assert.equal(assign({ roleid: 5, userid: u, contextid: course.contextid }), 'requireloginerror');
  assert.equal(assign({ roleid: 1, userid: u, contextlevel: 'system', instanceid: 0 }), 'nopermissions');
  assert.equal(assign({ roleid: 5, userid: u, contextlevel: 'course', instanceid: 99999 }), 'invalidparameter');
});
