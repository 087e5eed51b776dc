// The simulator's completion: the control API (sim.completion and POST /simulator/completion), the
// rules of when a course becomes complete, and the reads other parts of the project rely on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../../simulator/server.mjs';

const T0 = 1796515123; // Saturday, 5 December 2026, 11:58:43 PM UTC

async function site({ clock = () => T0, stateFile } = {}) {
  const sim = await startSimulator({ clock, stateFile });
  const call = async (wsfunction, params = {}, token = sim.tokens.admin) => {
    const body = new URLSearchParams({ wstoken: token, wsfunction, moodlewsrestformat: 'json' });
    const add = (prefix, v) => {
      if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) add(`${prefix}[${k}]`, x);
      else body.append(prefix, String(v));
    };
    for (const [k, v] of Object.entries(params)) add(k, v);
    const res = await fetch(`${sim.url}/webservice/rest/server.php`, { method: 'POST', body });
    return res.json();
  };
  return { sim, call };
}

/** A course with two manual pages (criteria: both, ALL) and its enrolled students. */
async function courseWithStudents({ sim, call }, usernames = ['s1']) {
  const shortname = usernames[0] === 's1' ? 'c1' : `c-${usernames[0]}`;
  const [course] = await call('core_course_create_courses', { courses: [{ fullname: 'C', shortname, categoryid: 1 }] });
  const users = await call('core_user_create_users', {
    users: usernames.map((username) => ({ username, password: 'Tu-pass-1!', firstname: 'S', lastname: username, email: `${username}@example.com`, idnumber: `${username}_id` })),
  });
  await call('enrol_manual_enrol_users', { enrolments: users.map((u) => ({ roleid: 5, userid: u.id, courseid: course.id })) });
  const page1 = sim.completion.addActivity(course.id, { modname: 'page', name: 'Page 1', tracking: 1 });
  const page2 = sim.completion.addActivity(course.id, { modname: 'page', name: 'Page 2', tracking: 1 });
  sim.completion.setCriteria(course.id, { activities: [page1, page2], aggregation: 1 });
  return { courseid: course.id, userids: users.map((u) => u.id), page1, page2 };
}

const status = (call, courseid, userid) => call('core_completion_get_course_completion_status', { courseid, userid });

test('an activity completion completes the course at once, at the latest criterion time', async () => {
  const s = await site();
  try {
    const { courseid, userids: [u], page1, page2 } = await courseWithStudents(s);
    let answer = await status(s.call, courseid, u);
    assert.equal(answer.completionstatus.completed, false);
    s.sim.completion.complete(u, page2, { time: T0 - 50 });
    s.sim.completion.complete(u, page1, { time: T0 - 100 });
    answer = await status(s.call, courseid, u);
    assert.equal(answer.completionstatus.completed, true);
    assert.deepEqual(answer.completionstatus.completions.map((c) => c.timecompleted), [T0 - 100, T0 - 50]);
    const row = [...s.sim.state.courseCompletions.values()].find((r) => r.userid === u);
    assert.equal(row.timecompleted, T0 - 50, 'the course time is the latest criterion time, not the moment of aggregation');
    // Criteria are never taken back: an override back to incomplete leaves the criterion met.
    const back = await s.call('core_completion_override_activity_completion_status', { userid: u, cmid: page1, newstate: 0 });
    assert.equal(back.state, 0);
    answer = await status(s.call, courseid, u);
    assert.equal(answer.completionstatus.completions[0].status, 'Yes');
    assert.equal(answer.completionstatus.completed, true);
  } finally {
    await s.sim.close();
  }
});

test('self completion waits for the completion task; criteria added later need two task runs', async () => {
  let now = T0;
  const s = await site({ clock: () => now });
  try {
    const { courseid, userids: [u] } = await courseWithStudents(s, ['s1']);
    s.sim.completion.setCriteria(courseid, { self: true, aggregation: 1 });
    s.sim.completion.selfComplete(u, courseid);
    assert.equal((await status(s.call, courseid, u)).completionstatus.completed, false, 'not before the task');
    now += 1;
    assert.deepEqual(s.sim.completion.runTask(), { marked: 0, completed: 1 });
    assert.equal((await status(s.call, courseid, u)).completionstatus.completed, true);

    // The page was completed before it became a criterion: the first run marks the criterion and
    // flags the row with its own start, so only a later run completes the course.
    const other = await courseWithStudents(s, ['s2']);
    s.sim.completion.setCriteria(other.courseid, { activities: [], self: true, aggregation: 1 });
    s.sim.completion.complete(other.userids[0], other.page1, { time: now - 10 });
    s.sim.completion.setCriteria(other.courseid, { activities: [other.page1], aggregation: 1 });
    assert.deepEqual(s.sim.completion.runTask(), { marked: 1, completed: 0 });
    let answer = await status(s.call, other.courseid, other.userids[0]);
    assert.equal(answer.completionstatus.completions[0].status, 'Yes');
    assert.equal(answer.completionstatus.completed, false);
    assert.deepEqual(s.sim.completion.runTask(), { marked: 0, completed: 0 }, 'same start: the row is not older than the run');
    assert.deepEqual(s.sim.completion.runTask({ time: now + 2 }), { marked: 0, completed: 1 });
    answer = await status(s.call, other.courseid, other.userids[0]);
    assert.equal(answer.completionstatus.completed, true);
  } finally {
    await s.sim.close();
  }
});

test('errors in the recorded order and words, including the missing language strings', async () => {
  const s = await site();
  try {
    const { courseid, userids: [u], page1 } = await courseWithStudents(s, ['s1', 's2']);
    const student = s.sim.completion.createUserToken(u, { name: 'student' });
    assert.equal(s.sim.tokens.student, student);
    const mark = await s.call('core_completion_mark_course_self_completed', { courseid }, student);
    assert.deepEqual([mark.errorcode, mark.message], ['noselfcompletioncriteria', 'completion/noselfcompletioncriteria']);
    const override = await s.call('core_completion_override_activity_completion_status', { userid: u, cmid: page1, newstate: 1 }, student);
    assert.deepEqual([override.errorcode, override.message], ['nopermission', 'error/nopermission']);
    const nocap = await status(s.call, courseid, u).then(() => s.call('core_completion_get_course_completion_status', { courseid, userid: u }, s.sim.tokens.nocap));
    assert.equal(nocap.errorcode, 'requireloginerror');
    const badState = await s.call('core_completion_override_activity_completion_status', { userid: u, cmid: page1, newstate: 2 });
    assert.equal(badState.errorcode, 'err_system');
    assert.equal((await s.call('core_completion_update_activity_completion_status_manually', { cmid: page1, completed: 1 }, student)).status, true);
    const own = await s.call('core_completion_get_activities_completion_status', { courseid, userid: u }, student);
    assert.deepEqual(own.statuses.map((x) => [x.state, x.overrideby]), [[1, null], [0, null]]);
    s.sim.completion.setCriteria(courseid, { self: true, activities: [], aggregation: 1 });
    assert.equal((await s.call('core_completion_mark_course_self_completed', { courseid }, student)).status, true);
    const again = await s.call('core_completion_mark_course_self_completed', { courseid }, student);
    assert.deepEqual([again.errorcode, again.message], ['useralreadymarkedcomplete', 'completion/useralreadymarkedcomplete']);
    await s.call('core_user_delete_users', { userids: [u] });
    const deleted = await status(s.call, courseid, u);
    assert.deepEqual([deleted.errorcode, deleted.message], ['userdeleted', 'error/userdeleted']);
    const gone = await s.call('core_completion_get_activities_completion_status', { courseid, userid: u }, student);
    assert.equal(gone.errorcode, 'invalidtoken', 'deleting a user deletes its tokens');
  } finally {
    await s.sim.close();
  }
});

test('the completion report: recorded headers, display strings, per-user filter and pages', async () => {
  const s = await site();
  try {
    const { courseid, userids, page1, page2 } = await courseWithStudents(s, ['s1', 's2', 's3']);
    s.sim.completion.complete(userids[0], page1, { time: T0 });
    s.sim.completion.complete(userids[0], page2, { time: T0 });
    s.sim.completion.complete(userids[1], page1, { time: T0 });
    const reportid = s.sim.completion.createReport({ conditions: { 'user:username_operator': 8 } });
    const listed = await s.call('core_reportbuilder_list_reports');
    assert.deepEqual(listed.reports.map((r) => r.id), [reportid]);
    await s.call('core_reportbuilder_set_filters', { reportid, values: JSON.stringify({ 'course:shortname_operator': 3, 'course:shortname_value': 'c1' }) });
    const page = await s.call('core_reportbuilder_retrieve_report', { reportid, page: 0, perpage: 2 });
    assert.deepEqual(page.data.headers, ['Course short name', 'Course ID number', 'Username', 'ID number', 'Name', 'Status', 'Completed',
      'Time completed', 'Student progress', 'Time enrolled', 'Time started', 'Time reaggregated']);
    assert.equal(page.data.totalrowcount, 3);
    assert.deepEqual(page.data.rows.map((r) => r.columns), [
      ['c1', '', 's1', 's1_id', 'Manual enrolments', 'Active', 'Yes', 'Saturday, 5 December 2026, 11:58 PM', '100.0%', '', 'Saturday, 5 December 2026, 11:58 PM', ''],
      ['c1', '', 's2', 's2_id', 'Manual enrolments', 'Active', 'No', '', '50.0%', '', 'Saturday, 5 December 2026, 11:58 PM', ''],
    ]);
    const second = await s.call('core_reportbuilder_retrieve_report', { reportid, page: 1, perpage: 2 });
    assert.deepEqual(second.data.rows.map((r) => r.columns.slice(2, 9)), [['s3', 's3_id', 'Manual enrolments', 'Active', '', '', '0.0%']]);
    // The filter belongs to the caller: another course's name filters everything out.
    await s.call('core_reportbuilder_set_filters', { reportid, values: JSON.stringify({ 'course:shortname_operator': 3, 'course:shortname_value': 'other' }) });
    assert.equal((await s.call('core_reportbuilder_retrieve_report', { reportid })).data.totalrowcount, 0);
    await s.call('core_reportbuilder_set_filters', { reportid, values: '{}' });
    assert.equal((await s.call('core_reportbuilder_retrieve_report', { reportid })).data.totalrowcount, 3);
    const denied = await s.call('core_reportbuilder_retrieve_report', { reportid }, s.sim.tokens.nocap);
    assert.equal(denied.errorcode, 'errorreportview');
    const users = await s.call('core_enrol_get_users_courses', { userid: userids[1] });
    assert.deepEqual(users.map((c) => [c.id, c.progress, c.completed]), [[courseid, 50, false]]);
  } finally {
    await s.sim.close();
  }
});

test('POST /simulator/completion: admin bearer only; operations persist in the state file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-completion-'));
  const stateFile = join(dir, 'site.json');
  try {
    const s = await site({ stateFile });
    let courseid;
    let u;
    try {
      let page1;
      let page2;
      ({ courseid, userids: [u], page1, page2 } = await courseWithStudents(s));
      const post = (body, headers = { authorization: `Bearer ${s.sim.tokens.admin}` }) => fetch(`${s.sim.url}/simulator/completion`,
        { method: 'POST', headers, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
      assert.equal((await post({ op: 'runTask' }, {})).status, 401);
      assert.equal((await post({ op: 'runTask' }, { authorization: `Bearer ${s.sim.tokens.nocap}` })).status, 401);
      const unknown = await post({ op: 'dropTables' });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error, /unknown op/);
      assert.equal((await post({ op: 'complete', userid: u, cmid: 999999 })).status, 400);
      const cmid = await post({ op: 'addActivity', courseid, modname: 'assign', name: 'Essay', tracking: 2 });
      assert.equal(cmid.status, 200);
      assert.equal(typeof cmid.body.result, 'number');
      assert.equal((await post({ op: 'complete', userid: u, cmid: page1, time: T0 - 5 })).status, 200);
      assert.equal((await post({ op: 'complete', userid: u, cmid: page2 })).status, 200);
      assert.equal((await post({ op: 'createReport', name: 'Completion' })).status, 200);
    } finally {
      await s.sim.close();
    }

    const again = await site({ stateFile });
    try {
      const answer = await status(again.call, courseid, u);
      assert.equal(answer.completionstatus.completed, true);
      assert.deepEqual(answer.completionstatus.completions.map((c) => c.timecompleted), [T0 - 5, T0]);
      assert.equal(again.sim.state.reports.size, 1);
    } finally {
      await again.sim.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a teacher\'s activity completions mark criteria, but only students are tracked; contents show the caller\'s own completion', async () => {
  const s = await site();
  try {
    const { courseid, page1, page2 } = await courseWithStudents(s, ['s1']);
    const [teacher] = await s.call('core_user_create_users', { users: [{ username: 't1', password: 'Tu-pass-1!', firstname: 'T', lastname: 'One', email: 't1@example.com' }] });
    await s.call('enrol_manual_enrol_users', { enrolments: [{ roleid: 3, userid: teacher.id, courseid }] });
    s.sim.completion.complete(teacher.id, page1, { time: T0 - 10 });
    s.sim.completion.complete(teacher.id, page2, { time: T0 - 5 });
    const row = [...s.sim.state.courseCompletions.values()].find((r) => r.userid === teacher.id);
    assert.equal(row.timecompleted, T0 - 5);
    assert.equal((await status(s.call, courseid, teacher.id)).errorcode, 'usernotenroled');
    const [course] = await s.call('core_enrol_get_users_courses', { userid: teacher.id });
    assert.deepEqual([course.completionusertracked, course.progress, course.completed], [false, null, true]);
    // The admin (not enrolled) marks page 2 for itself: its own row only, and get_contents shows it.
    await s.call('core_completion_update_activity_completion_status_manually', { cmid: page2, completed: 1 });
    assert.equal([...s.sim.state.courseCompletions.values()].some((r) => r.userid === 2), false);
    const sections = await s.call('core_course_get_contents', { courseid });
    const modules = sections.flatMap((section) => section.modules);
    assert.deepEqual(modules.map((m) => [m.modname, m.completion, m.completiondata?.state]), [['forum', 0, undefined], ['page', 1, 0], ['page', 1, 1]]);
  } finally {
    await s.sim.close();
  }
});
