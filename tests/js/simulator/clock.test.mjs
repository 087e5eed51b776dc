// The simulator has no clock of its own: every time it stamps or compares comes from its caller,
// so a test can pin it and the result never depends on the day the test runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../../simulator/server.mjs';
import { SimState } from '../../../simulator/state.mjs';
import { seedState } from '../../../simulator/functions/index.mjs';
import { post } from './rest-post.mjs';

/** Far from today in either direction: a stamp equal to it can only come from the given clock. */
const PAST = 1_000_000_000; // 2001-09-09
const FUTURE = 4_000_000_000; // 2096-10-02

const call = async (sim, body) => (await post(sim, body)).json();

test('a simulator without a clock is refused, and so is seeding a site without the time', async () => {
  await assert.rejects(startSimulator({}), /options\.clock is required/);
  assert.throws(() => seedState(new SimState(), {}), /site\.now is required/);
});

test('what the site holds from the start is stamped with the caller\'s clock', async () => {
  const sim = await startSimulator({ clock: () => PAST });
  try {
    const [site] = await call(sim, 'wsfunction=core_course_get_courses&options[ids][0]=1');
    assert.deepEqual([site.timecreated, site.timemodified], [PAST, PAST]);
    const [category] = await call(sim, 'wsfunction=core_course_get_categories');
    assert.equal(category.timemodified, PAST);
    const info = await call(sim, 'wsfunction=core_webservice_get_site_info');
    assert.match(info.userpictureurl, new RegExp(`/theme/image\\.php/boost/core/${PAST}/u/f1$`));
  } finally {
    await sim.close();
  }
});

test('writes are stamped and "active" is decided by the caller\'s clock as it moves', async () => {
  let now = PAST;
  const sim = await startSimulator({ clock: () => now });
  try {
    const [course] = await call(sim, 'wsfunction=core_course_create_courses&courses[0][fullname]=Clock&courses[0][shortname]=clock&courses[0][categoryid]=1');
    const [created] = await call(sim, `wsfunction=core_course_get_courses&options[ids][0]=${course.id}`);
    assert.equal(created.timecreated, PAST);
    const [user] = await call(sim, 'wsfunction=core_user_create_users&users[0][username]=clock&users[0][password]=Clock-pass-1!'
      + '&users[0][firstname]=C&users[0][lastname]=L&users[0][email]=clock@example.com');
    // Starts a day after PAST: not active until the clock gets there, whatever today is.
    assert.equal(await call(sim, `wsfunction=enrol_manual_enrol_users&enrolments[0][roleid]=5&enrolments[0][userid]=${user.id}`
      + `&enrolments[0][courseid]=${course.id}&enrolments[0][timestart]=${PAST + 86400}`), null);
    const active = async () => (await call(sim, `wsfunction=core_enrol_get_enrolled_users&courseid=${course.id}`
      + '&options[0][name]=onlyactive&options[0][value]=1')).map((u) => u.id);
    assert.deepEqual(await active(), []);
    now = PAST + 2 * 86400;
    assert.deepEqual(await active(), [user.id]);
    now = FUTURE;
    await call(sim, `wsfunction=core_course_update_courses&courses[0][id]=${course.id}&courses[0][fullname]=Later`);
    const [updated] = await call(sim, `wsfunction=core_course_get_courses&options[ids][0]=${course.id}`);
    assert.deepEqual([updated.timecreated, updated.timemodified], [PAST, FUTURE]);
  } finally {
    await sim.close();
  }
});
