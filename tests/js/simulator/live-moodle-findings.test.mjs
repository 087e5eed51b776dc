// What the live Moodle 4.5.0 of the real-Moodle suite answered where the simulator did not
// (tests/real-moodle/differential.test.mjs). Each expected value is the live site's answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NOCAP, addCourse, call, newSim } from './people-sim.mjs';

test('formatted text comes back with its character references decoded, as HTMLPurifier does', () => {
  const sim = newSim();
  const description = '<p title="a &middot; b &quot;q&quot;">x &foo; &#60; &#62; &#38; &lt; &copy; &apos; &#x41; &#0; &#xD800; &AMP; &Eacute; &eacute &middot</p>';
  const [{ id }] = call(sim, 'core_course_create_categories', { categories: [{ name: 'Entities', parent: 0, description, descriptionformat: 1 }] });
  const [category] = call(sim, 'core_course_get_categories', { criteria: [{ key: 'id', value: String(id) }] });
  assert.equal(category.description, '<p title="a · b &quot;q&quot;">x &amp;foo; &lt; &gt; &amp; &lt; © \' A   &amp;AMP; É &amp;eacute &amp;middot</p>');
  const summary = '<p>Caf&eacute; &middot; Bar&nbsp;&#8211; &quot;Grüße&quot; &amp; <strong>more</strong></p>';
  const [course] = call(sim, 'core_course_create_courses', { courses: [{ fullname: 'Entities', shortname: 'ENT', categoryid: 1, summary, summaryformat: 1 }] });
  const [read] = call(sim, 'core_course_get_courses', { options: { ids: [course.id] } });
  assert.equal(read.summary, '<p>Café · Bar\u00a0– "Grüße" &amp; <strong>more</strong></p>');
});

test('a category write without the capability names it "Manage categories"', () => {
  const answer = call(newSim(), 'core_course_create_categories', { categories: [{ name: 'No cap', parent: 0 }] }, { caller: NOCAP });
  assert.equal(answer.error.message, 'Sorry, but you do not currently have permissions to do that (Manage categories).');
});

test('enrolledcourses leaves out a hidden course the user may not see', () => {
  const sim = newSim();
  const shown = addCourse(sim, 'SHOWN');
  const hidden = addCourse(sim, 'HIDDEN', { customint1: 0 });
  const [{ id: userid }] = call(sim, 'core_user_create_users', { users: [{ username: 'student1', createpassword: 1, firstname: 'S', lastname: 'One', email: 's1@example.com' }] });
  call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid, courseid: shown.id }, { roleid: 5, userid, courseid: hidden.id }] });
  call(sim, 'core_course_update_courses', { courses: [{ id: hidden.id, visible: 0 }] });
  const courses = (courseid) => call(sim, 'core_enrol_get_enrolled_users', { courseid }).find((u) => u.id === userid).enrolledcourses?.map((c) => c.shortname);
  assert.deepEqual(courses(shown.id), ['SHOWN']);
  // A teacher of the hidden course may see it: then it is listed.
  call(sim, 'core_role_assign_roles', { assignments: [{ roleid: 3, userid, contextlevel: 'course', instanceid: hidden.id }] });
  assert.deepEqual(courses(shown.id), ['SHOWN', 'HIDDEN']);
});
