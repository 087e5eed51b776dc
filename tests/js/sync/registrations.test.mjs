// Registrations as a real site has them: several for one (user, course) pair, a course whose moodle
// id went stale, and enrolments made by hand or in courses that are gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { entity, fullConfig, makeSite } from './harness.mjs';

const regId = (r) => r.attributes.drupal_internal__registration_id ?? r.attributes.drupal_internal__id;

/** A copy of registration `fromId` with id `newId` and its own uuid, edited by `edit`. */
function cloneRegistration(doc, fromId, newId, edit = () => {}) {
  const r = structuredClone(doc.data.find((x) => regId(x) === fromId));
  r.id = `00000000-0000-4000-8000-${String(newId).padStart(12, '0')}`;
  if ('drupal_internal__registration_id' in r.attributes) r.attributes.drupal_internal__registration_id = newId;
  else r.attributes.drupal_internal__id = newId;
  r.attributes.field_moodle_id = '';
  edit(r);
  return r;
}

async function roleTerm(site, tid) {
  const roles = await site.readExport('enrolment_roles.json');
  const t = roles.data.find((x) => x.attributes.drupal_internal__tid === tid);
  return { type: t.type, id: t.id, meta: { drupal_internal__target_id: tid } };
}

async function stateOf(site, report, uid, nid) {
  const user = entity(report, 'user--user', uid).moodle_id;
  const course = entity(report, 'node--course', nid).moodle_id;
  const enrolled = (await site.enrolled(course)).find((u) => u.id === user);
  const suspended = (await site.enrolled(course, [{ name: 'onlysuspended', value: 1 }])).some((u) => u.id === user);
  return { enrolled: Boolean(enrolled), suspended, roles: (enrolled?.roles ?? []).map((r) => r.roleid).sort() };
}

for (const order of ['canceled one first', 'canceled one last']) {
  test(`a user registered twice for one course (${order}): active with the roles of the active registrations only`, async () => {
    const site = await makeSite({ config: await fullConfig() });
    try {
      const teacher = await roleTerm(site, 41);
      await site.editExport('registrations.json', (doc) => {
        // 500: user 20 in course 100, complete, student. 510: the same pair, canceled, teacher.
        const canceled = cloneRegistration(doc, 500, 510, (r) => {
          r.attributes.state = 'canceled';
          r.relationships.field_role.data = teacher;
        });
        if (order === 'canceled one first') doc.data.unshift(canceled);
        else doc.data.push(canceled);
      });
      const first = await site.run();
      assert.deepEqual(await stateOf(site, first, 20, 100), { enrolled: true, suspended: false, roles: [5] });
      assert.equal(first.exit_code, 0);

      site.sim.resetCallLog();
      const again = await site.run();
      assert.deepEqual(site.writeCalls(), [], 'the next run has nothing to do');
      assert.equal(entity(again, 'registration--course_registration', 510).outcome, 'unchanged');

      // Every registration of the pair inactive: now, and only now, the enrolment is suspended.
      await site.editExport('registrations.json', (doc) => { doc.data.find((r) => regId(r) === 500).attributes.state = 'canceled'; });
      const third = await site.run();
      const state = await stateOf(site, third, 20, 100);
      assert.equal(state.suspended, true);
      assert.ok(state.roles.includes(5));
    } finally {
      await site.close();
    }
  });
}

test('two active registrations of one pair with different roles give one enrolment with both roles', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const teacher = await roleTerm(site, 41);
    await site.editExport('registrations.json', (doc) => {
      doc.data.push(cloneRegistration(doc, 500, 511, (r) => { r.relationships.field_role.data = teacher; }));
    });
    const report = await site.run();
    assert.deepEqual(await stateOf(site, report, 20, 100), { enrolled: true, suspended: false, roles: [3, 5] });
    // One of the two is canceled later: its role is taken back, the enrolment stays active.
    await site.editExport('registrations.json', (doc) => { doc.data.find((r) => regId(r) === 511).attributes.state = 'canceled'; });
    const later = await site.run();
    assert.deepEqual(await stateOf(site, later, 20, 100), { enrolled: true, suspended: false, roles: [5] });
  } finally {
    await site.close();
  }
});

test('registrations of a course with a stale moodle id are skipped, with the course named once as the cause; exit code 1', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    await site.run();
    // Course 100 now points at an object Moodle does not have.
    await site.editExport('courses.json', (doc) => { doc.data.find((n) => n.attributes.drupal_internal__nid === 100).attributes.field_moodle_id = '987654'; });
    await site.editExport('registrations.json', (doc) => { for (const id of [520, 521, 522]) doc.data.push(cloneRegistration(doc, 502, id)); });
    const report = await site.run();
    assert.equal(entity(report, 'node--course', 100).outcome, 'stale');
    const regsOf100 = report.entities.filter((e) => e.component === 'enrolments' && e.cause);
    assert.ok(regsOf100.length >= 4, 'the registrations of course 100 are skipped');
    for (const e of regsOf100) {
      assert.equal(e.outcome, 'skipped');
      assert.match(e.cause, /^node--course 100 is stale/);
    }
    assert.equal(report.summary.failed, 0, 'not reported as failures');
    assert.equal(report.causes.length, 1);
    assert.equal(report.causes[0].skipped, regsOf100.length);
    assert.match(report.causes[0].cause, /node--course 100 is stale \(moodle id 987654 finds nothing in Moodle/);
    assert.equal(report.exit_code, 1, 'the stale id is left unfixed');
  } finally {
    await site.close();
  }
});

test('an enrolment made by hand is never enrolled again: only the role moodle-sync added comes and goes', async () => {
  const site = await makeSite({ config: await fullConfig((c) => { c.components.enrolments.registration.start_field = 'field_start'; }) });
  try {
    const first = await site.run();
    const jose = entity(first, 'user--user', 21).moodle_id;
    const german = entity(first, 'node--course', 100).moodle_id;
    // A teacher enrols José by hand, suspended, with a start date of their own.
    await site.moodle('enrol_manual_enrol_users', { enrolments: [{ roleid: 3, userid: jose, courseid: german, suspend: 1, timestart: 1700000000 }] });
    await site.editExport('registrations.json', (doc) => {
      // 530: José (as in 501) in course 100 (as in 500), with a start date.
      const german500 = doc.data.find((x) => regId(x) === 500);
      doc.data.push(cloneRegistration(doc, 501, 530, (r) => {
        if (r.relationships.entity_id) r.relationships.entity_id = structuredClone(german500.relationships.entity_id);
        if ('entity_id' in r.attributes) r.attributes.entity_id = german500.attributes.entity_id;
        r.attributes.field_start = '2031-02-03T00:00:00Z';
      }));
    });
    await site.run();
    const byHand = async () => {
      const all = await site.enrolled(german, [{ name: 'onlysuspended', value: 1 }]);
      return all.find((u) => u.id === jose);
    };
    assert.deepEqual((await byHand()).roles.map((r) => r.roleid).sort(), [3, 5], 'the role is added beside the hand-made one');
    site.sim.resetCallLog();
    await site.run();
    assert.deepEqual(site.writeCalls().map((c) => c.wsfunction), [], 'the hand-made enrolment is not enrolled again');
    assert.ok(await byHand(), 'still suspended, as the teacher left it');

    await site.editExport('registrations.json', (doc) => { doc.data.find((r) => regId(r) === 530).attributes.state = 'canceled'; });
    site.sim.resetCallLog();
    await site.run();
    assert.deepEqual(site.writeCalls().map((c) => c.wsfunction), ['core_role_unassign_roles'], 'only the role is taken back');
    assert.deepEqual((await byHand()).roles.map((r) => r.roleid), [3]);
    site.sim.resetCallLog();
    await site.run();
    assert.deepEqual(site.writeCalls(), [], 'and nothing more is done for the canceled registration');
  } finally {
    await site.close();
  }
});

test('enrolments in a course the sync deleted are closed, not sent again on every run', async () => {
  const site = await makeSite({ config: await fullConfig((c) => { c.components.courses.deleted = 'delete'; c.components.enrolments.removal = 'unenrol'; }) });
  try {
    await site.run();
    // Course 101 and its registration (501) are deleted in Drupal.
    await site.editExport('courses.json', (doc) => { doc.data = doc.data.filter((n) => n.attributes.drupal_internal__nid !== 101); });
    await site.editExport('registrations.json', (doc) => { doc.data = doc.data.filter((r) => regId(r) !== 501); });
    const report = await site.run();
    assert.equal(report.exit_code, 0, JSON.stringify(report.entities.filter((e) => e.outcome === 'failed')));
    assert.ok(report.entities.some((e) => e.component === 'courses' && e.outcome === 'deleted'));
    site.sim.resetCallLog();
    const later = await site.run();
    assert.equal(later.exit_code, 0);
    assert.deepEqual(site.writeCalls(), [], 'nothing is sent for the enrolments of the deleted course');
  } finally {
    await site.close();
  }
});

test('a registration that cannot be read holds its pair as it is: the canceled one beside it suspends nothing', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const first = await site.run();
    assert.deepEqual(await stateOf(site, first, 20, 100), { enrolled: true, suspended: false, roles: [5] });
    // 500 now names a role term that is kept out of the sync; a canceled 540 for the same pair appears.
    await site.editExport('enrolment_roles.json', (doc) => { doc.data.push({ ...structuredClone(doc.data[0]), id: 'role-ignored', attributes: { ...doc.data[0].attributes, drupal_internal__tid: 49, field_moodle_id: 'ignore' } }); });
    const ignoredRole = { type: 'taxonomy_term--enrolment_roles', id: 'role-ignored', meta: { drupal_internal__target_id: 49 } };
    const student = await roleTerm(site, 40);
    await site.editExport('registrations.json', (doc) => {
      doc.data.find((r) => regId(r) === 500).relationships.field_role.data = ignoredRole;
      doc.data.push(cloneRegistration(doc, 500, 540, (r) => {
        r.attributes.state = 'canceled';
        r.relationships.field_role.data = student;
      }));
    });
    site.sim.resetCallLog();
    const report = await site.run();
    assert.equal(entity(report, 'registration--course_registration', 500).outcome, 'failed');
    assert.equal(entity(report, 'registration--course_registration', 540).outcome, 'skipped');
    assert.deepEqual(site.writeCalls(), [], 'nothing is sent for the pair');
    assert.deepEqual(await stateOf(site, report, 20, 100), { enrolled: true, suspended: false, roles: [5] });
  } finally {
    await site.close();
  }
});

test('two roles of one pair share one period: the widest of the active registrations', async () => {
  const site = await makeSite({ config: await fullConfig((c) => { c.components.enrolments.registration.end_field = 'field_end'; }) });
  try {
    const teacher = await roleTerm(site, 41);
    await site.editExport('registrations.json', (doc) => {
      doc.data.find((r) => regId(r) === 500).attributes.field_end = '2031-06-30T00:00:00Z';
      doc.data.push(cloneRegistration(doc, 500, 550, (r) => {
        r.relationships.field_role.data = teacher;
        r.attributes.field_end = '2031-12-31T00:00:00Z';
      }));
    });
    const report = await site.run();
    // The journal records each enrolment item as it was sent.
    const journal = (await readFile(`${site.exportDir}.moodle-sync-journal.jsonl`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const user = entity(report, 'user--user', 20).moodle_id;
    const sent = journal.filter((r) => r.kind === 'enrolment' && r.userid === user);
    assert.deepEqual(sent.map((r) => r.roleid).sort(), [3, 5]);
    assert.deepEqual([...new Set(sent.map((r) => r.timeend))], [Date.UTC(2031, 11, 31) / 1000], 'every role of the pair has the same, widest period');
    site.sim.resetCallLog();
    await site.run();
    assert.deepEqual(site.writeCalls(), []);
  } finally {
    await site.close();
  }
});
