// A sync with a time budget, as the scheduled /sync request runs it: the core's sync_request picks
// the reads, runSync stops at a safe point once the actions took the budget (exit code 3), and the
// next requests go on from the state store until one ends. Moodle ends as one unlimited run leaves
// it, with nothing made twice. The clock is the test's: every action "takes" a fixed time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, makeLiveSite } from './live-harness.mjs';

// Every action takes `stepMs`: runSync reads this clock before and after each one (and the Drupal read).
function steppingClock(stepMs) {
  let t = 0;
  let before = true;
  return () => {
    if (!before) t += stepMs;
    before = !before;
    return t;
  };
}

// What a person sees in Moodle, keyed by what does not depend on the order things were made in.
function moodleView(sim) {
  const s = sim.state;
  const courseIdnumber = (id) => s.courses.get(id)?.idnumber;
  const username = (id) => s.users.get(id)?.username;
  const courses = Object.fromEntries([...s.courses.values()].filter((c) => c.format !== 'site').map((c) =>
    [c.idnumber, { fullname: c.fullname, shortname: c.shortname, category: s.categories.get(c.category)?.idnumber, visible: c.visible }]));
  const users = Object.fromEntries([...s.users.values()].filter((u) => u.id > 2).map((u) =>
    [u.username, { email: u.email, firstname: u.firstname, lastname: u.lastname, suspended: u.suspended, deleted: u.deleted }]));
  const cohorts = Object.fromEntries([...s.cohorts.values()].map((c) =>
    [c.idnumber, [...s.cohortMembers.values()].filter((m) => m.cohortid === c.id).map((m) => username(m.userid)).sort()]));
  const enrolments = [...s.userEnrolments.values()].map((ue) => {
    const instance = s.enrolInstances.get(ue.enrolid);
    return `${username(ue.userid)} in ${courseIdnumber(instance.courseid)} (${instance.enrol}) status ${ue.status}`;
  }).sort();
  const roles = [...s.roleAssignments.values()].map((ra) => {
    const context = s.contexts.get(ra.contextid);
    return `${username(ra.userid)} role ${ra.roleid} in ${context.contextlevel === 50 ? courseIdnumber(context.instanceid) : `context ${ra.contextid}`}`;
  }).sort();
  return { courses, users, cohorts, enrolments, roles };
}

function assertNothingTwice(view, sim) {
  const made = [...sim.state.courses.values()].filter((c) => c.format !== 'site');
  assert.equal(Object.keys(view.courses).length, made.length, 'no two courses share an idnumber');
  assert.equal(new Set(view.enrolments).size, view.enrolments.length, 'no enrolment twice');
}

test('a full sync stopped by its time budget goes on request after request and ends as one unlimited run', async (t) => {
  const whole = await makeLiveSite();
  const live = await makeLiveSite();
  try {
    const unlimited = await whole.run({ full: true, clockMs: steppingClock(50) });
    assert.equal(unlimited.exit_code, 0, JSON.stringify(unlimited.summary));
    assert.equal(unlimited.stopped, undefined);
    const expected = moodleView(whole.sim);
    assert.ok(Object.keys(expected.courses).length > 3 && expected.enrolments.length > 3, 'the example makes enough to stop in between');

    const reports = [];
    let body = { full: true, budget_ms: 1000 };
    for (let request = 0; request < 40; request += 1) {
      const plan = core.syncRequest({ journal: await live.journal(), body, defaultBudgetMs: 1000 });
      if (request > 0) assert.equal(plan.resumed, true, 'a stopped full run is read in full again');
      const report = await live.run({ reads: plan.reads, budgetMs: plan.budget_ms, clockMs: steppingClock(50) });
      reports.push(report);
      if (report.exit_code !== 3) break;
      assert.deepEqual(report.stopped.reason, 'budget');
      assert.ok(report.stopped.spent_ms >= 1000, `spent ${report.stopped.spent_ms} ms`);
      assert.equal(report.resume, true);
      const journal = await live.journal();
      assert.ok(journal.some((r) => r.kind === 'resume' && r.mode === 'full'), 'the store says the full run goes on');
      assert.ok(!journal.some((r) => r.kind === 'high_water'), 'a stopped run moves no mark');
      body = undefined;  // the next scheduled request names nothing: it resumes
    }
    const last = reports.at(-1);
    t.diagnostic(`${reports.length} runs; Moodle: ${Object.keys(expected.courses).length} courses, ${Object.keys(expected.users).length} users, ${expected.enrolments.length} enrolments, ${expected.roles.length} role assignments`);
    assert.ok(reports.length > 2, `the budget stopped the run more than once (${reports.length} runs)`);
    assert.equal(last.exit_code, 0, JSON.stringify(last.summary));
    assert.ok(reports.slice(0, -1).every((r) => r.exit_code === 3 && r.summary.postponed >= 0));
    const view = moodleView(live.sim);
    assertNothingTwice(view, live.sim);
    assert.deepEqual(view, expected);
    const journal = await live.journal();
    assert.ok(!journal.some((r) => r.kind === 'resume'), 'the full read ended: nothing to resume');
    assert.ok(journal.some((r) => r.kind === 'high_water'), 'the mark moves once a run ends');

    // The next request, a plain incremental one, has nothing left to do.
    const plan = core.syncRequest({ journal, defaultBudgetMs: 1000 });
    assert.deepEqual(plan, { reads: [{ mode: 'incremental' }], budget_ms: 1000, resumed: false });
    const writes = live.moodleWrites().length;
    const after = await live.run({ reads: plan.reads, budgetMs: plan.budget_ms, clockMs: steppingClock(50) });
    assert.equal(after.exit_code, 0);
    assert.equal(live.moodleWrites().length, writes, 'no write after the end');
  } finally {
    await whole.close();
    await live.close();
  }
});

test('without a budget a run never stops, however long its actions take', async () => {
  const live = await makeLiveSite();
  try {
    const report = await live.run({ full: true, clockMs: steppingClock(60000) });
    assert.equal(report.exit_code, 0);
    assert.equal(report.stopped, undefined);
    assert.equal(report.resume, undefined);
    assert.equal(report.summary.postponed, undefined);
  } finally {
    await live.close();
  }
});

test('a /sync body the core refuses names its JSON path and carries the 400 answer', () => {
  assert.throws(() => core.syncRequest({ journal: [], body: { budget_ms: 10 }, defaultBudgetMs: 20000 }), (e) =>
    e.name === 'CoreError' && e.status === 400 && e.body.problem.startsWith('body.budget_ms: ') && e.message.startsWith('body.budget_ms: '));
});

test('core.lease takes, renews, takes over and refuses', () => {
  const free = core.lease({ key: 'lock/run', holder: 'a', held: null, now: 100, ttlSeconds: 120 });
  assert.deepEqual(free, { decision: 'take', record: { holder: 'a', expires_at: 220 } });
  assert.equal(core.lease({ key: 'lock/run', holder: 'a', held: free.record, now: 150, ttlSeconds: 120 }).decision, 'renew');
  assert.equal(core.lease({ key: 'lock/run', holder: 'b', held: free.record, now: 300, ttlSeconds: 120 }).decision, 'take_over');
  const refused = core.lease({ key: 'lock/run', holder: 'b', held: free.record, now: 150, ttlSeconds: 120 });
  assert.equal(refused.decision, 'refuse');
  assert.match(refused.message, /^lock\/run is held by a until /);
});
