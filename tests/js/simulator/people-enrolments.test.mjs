// Enrolment rules beyond the recorded cases: the 100-second clock rounding of "active", what an
// unenrolment takes with it, deleting an instance, and re-enrolling with identical values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newSim, addCourse, call, createUsers, NOW } from './people-sim.mjs';
import { deleteEnrolInstance } from '../../../simulator/people/enrolments.mjs';

const ids = (list) => list.map((u) => u.id);
const enrolled = (sim, courseid, options = []) => call(sim, 'core_enrol_get_enrolled_users', { courseid, options });

test('a timestart of "now" is not active yet: Moodle rounds the clock to 100 s', () => {
  const sim = newSim();
  const course = addCourse(sim, 'c1', { customint1: 0 });
  const [now, past] = createUsers(sim, ['now', 'past']);
  call(sim, 'enrol_manual_enrol_users', { enrolments: [
    { roleid: 5, userid: now, courseid: course.id, timestart: NOW },
    { roleid: 5, userid: past, courseid: course.id, timestart: NOW - 200 }] });
  assert.deepEqual(ids(enrolled(sim, course.id, [{ name: 'onlyactive', value: '1' }])), [past]);
  assert.deepEqual(ids(enrolled(sim, course.id, [{ name: 'onlysuspended', value: '1' }])), [now]);
  const [user] = enrolled(sim, course.id);
  assert.equal('enrolledcourses' in user, false, 'enrolledcourses lists active enrolments only');
});

test('unenrolling the last enrolment removes every role in the course, also ones given by assign_roles', () => {
  const sim = newSim();
  const course = addCourse(sim, 'c1', { customint1: 0 });
  const [u] = createUsers(sim, ['u']);
  call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: u, courseid: course.id }] });
  call(sim, 'core_role_assign_roles', { assignments: [{ roleid: 4, userid: u, contextid: course.contextid }] });
  assert.equal(call(sim, 'enrol_manual_unenrol_users', { enrolments: [{ userid: u, courseid: course.id, roleid: 4 }] }), null);
  assert.equal([...sim.state.roleAssignments.values()].filter((ra) => ra.contextid === course.contextid).length, 0);
});

test('deleting the manual instance takes its enrolments; enrol then answers wsnoinstance', () => {
  const sim = newSim();
  const course = addCourse(sim, 'c1', { customint1: 0 });
  const [u] = createUsers(sim, ['u']);
  call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: u, courseid: course.id }] });
  deleteEnrolInstance(sim.state, course.instanceid);
  assert.deepEqual(enrolled(sim, course.id), []);
  assert.equal(call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: u, courseid: course.id }] }).error.errorcode, 'wsnoinstance');
});

test('a disabled manual instance refuses enrol but still allows unenrol', () => {
  const sim = newSim();
  const course = addCourse(sim, 'c1', { customint1: 0 });
  const [u] = createUsers(sim, ['u']);
  call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: u, courseid: course.id }] });
  sim.state.enrolInstances.get(course.instanceid).status = 1;
  assert.equal(call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: u, courseid: course.id }] }).error.errorcode, 'wsnoinstance');
  assert.equal(call(sim, 'enrol_manual_unenrol_users', { enrolments: [{ userid: u, courseid: course.id }] }), null);
  assert.equal(sim.state.userEnrolments.size, 0);
});

test('re-enrolling with identical values leaves the row untouched; other values are re-applied', () => {
  const sim = newSim();
  const course = addCourse(sim, 'c1', { customint1: 0 });
  const [u] = createUsers(sim, ['u']);
  const enrol = (extra, now) => call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: u, courseid: course.id, ...extra }] }, { now });
  enrol({ suspend: 1, timeend: NOW + 1000 }, NOW);
  enrol({ suspend: 1, timeend: NOW + 1000 }, NOW + 50);
  const [ue] = sim.state.userEnrolments.values();
  assert.equal(ue.timemodified, NOW);
  enrol({}, NOW + 60);
  assert.deepEqual([ue.status, ue.timestart, ue.timeend, ue.timemodified], [0, 0, 0, NOW + 60]);
});

test('get_enrolled_users: userfields picks keys in the declared order, sort and paging apply', () => {
  const sim = newSim();
  const course = addCourse(sim, 'c1', { customint1: 0 });
  const [a, b, c] = createUsers(sim, ['zed', 'amy', 'max']);
  call(sim, 'enrol_manual_enrol_users', { enrolments: [a, b, c].map((userid) => ({ roleid: 5, userid, courseid: course.id })) });
  const page = enrolled(sim, course.id, [{ name: 'sortby', value: 'lastname' }, { name: 'limitfrom', value: '1' },
    { name: 'limitnumber', value: '1' }, { name: 'userfields', value: 'roles,lastname' }]);
  assert.deepEqual(page, [{ id: c, lastname: 'max', fullname: 'Tu max', roles: [{ roleid: 5, name: '', shortname: 'student', sortorder: 0 }] }]);
  assert.equal(enrolled(sim, course.id, [{ name: 'sortdirection', value: 'up' }]).error.errorcode, 'invalidparameter');
});
