// The manual enrolment welcome message: sent from the course contact (an editingteacher) on every
// enrol call. The recorded lab could not deliver mail, so the simulator fails the same way only
// when `mailBroken` is set; by default a sync against the simulator enrols without errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newSim, addCourse, call, createUsers } from './people-sim.mjs';

function courseWithTeacher(options) {
  const sim = newSim(options);
  const course = addCourse(sim, 'c1');
  const [teacher, student] = createUsers(sim, ['teacher', 'student']);
  assert.equal(call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 3, userid: teacher, courseid: course.id }] }), null);
  return { sim, course, teacher, student };
}

const enrolled = (sim, courseid) => call(sim, 'core_enrol_get_enrolled_users', { courseid, options: [{ name: 'userfields', value: 'id' }] })
  .map((u) => u.id);

test('with working mail, enrolling under a course contact answers null', () => {
  const { sim, course, student } = courseWithTeacher();
  assert.equal(call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: student, courseid: course.id }] }), null);
  assert.ok(enrolled(sim, course.id).includes(student));
});

test('with broken mail, the error comes after the enrolment was saved', () => {
  const { sim, course, student } = courseWithTeacher({ mailBroken: true });
  const answer = call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: student, courseid: course.id }] });
  assert.deepEqual(answer.error, { exception: 'core\\exception\\moodle_exception', errorcode: 'Message was not sent.',
    message: 'error/Message was not sent.' });
  assert.ok(enrolled(sim, course.id).includes(student));
});

test('the teacher who becomes the first contact gets no message (the hook runs before the role)', () => {
  const sim = newSim({ mailBroken: true });
  const course = addCourse(sim, 'c1');
  const [teacher] = createUsers(sim, ['teacher']);
  assert.equal(call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 3, userid: teacher, courseid: course.id }] }), null);
});

test('a later item of the same call sees a teacher enrolled by an earlier item', () => {
  const sim = newSim({ mailBroken: true });
  const course = addCourse(sim, 'c1');
  const [teacher, student] = createUsers(sim, ['teacher', 'student']);
  const answer = call(sim, 'enrol_manual_enrol_users', { enrolments: [
    { roleid: 3, userid: teacher, courseid: course.id }, { roleid: 5, userid: student, courseid: course.id }] });
  assert.equal(answer.error.errorcode, 'Message was not sent.');
  assert.deepEqual(enrolled(sim, course.id), [teacher, student]);
});

test('no message when the instance has the welcome message switched off', () => {
  const sim = newSim({ mailBroken: true });
  const course = addCourse(sim, 'c1', { customint1: 0 });
  const [teacher, student] = createUsers(sim, ['teacher', 'student']);
  call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 3, userid: teacher, courseid: course.id }] });
  assert.equal(call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: student, courseid: course.id }] }), null);
});

test('an unknown user under a contact is a PHP TypeError and nothing is saved', () => {
  const { sim, course } = courseWithTeacher();
  const before = sim.state.userEnrolments.size;
  const answer = call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: 99999999, courseid: course.id }] });
  assert.equal(answer.error.exception, 'TypeError');
  assert.equal('errorcode' in answer.error, false);
  assert.equal(sim.state.userEnrolments.size, before);
});

test('an unknown user without a contact is the role_assign coding error', () => {
  const sim = newSim();
  const course = addCourse(sim, 'c1');
  const answer = call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: 99999999, courseid: course.id }] });
  assert.equal(answer.error.errorcode, 'codingerror');
  assert.equal(sim.state.userEnrolments.size, 0);
});
