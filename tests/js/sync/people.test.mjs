// Users, cohorts and their members, enrolments: the example site against the simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, fullConfig, makeSite, moodleIdOf } from './harness.mjs';

const USERS = 'users.json';

async function peopleSite(patch) {
  return makeSite({ config: await fullConfig(patch) });
}

test('users: created once with Moodle\'s own password, lower-cased, blocked ones suspended; the second run writes nothing', async () => {
  const site = await peopleSite();
  try {
    const report = await site.run();
    assert.equal(report.summary.failed, 0, JSON.stringify(report.entities.filter((e) => e.error)));
    const accounts = await site.users('idnumber', ['user-20', 'user-21', 'user-22', 'user-23', 'user-24']);
    assert.equal(accounts.length, 5);
    const anna = accounts.find((u) => u.idnumber === 'user-20');
    assert.equal(anna.username, 'anna.schmidt');
    assert.equal(anna.email, 'anna.schmidt@northfield.example', 'Anna.Schmidt@Northfield.example lower-cased');
    assert.equal(anna.auth, 'manual');
    assert.equal(accounts.find((u) => u.idnumber === 'user-21').firstname, 'José');
    assert.equal(accounts.find((u) => u.idnumber === 'user-24').suspended, true, 'a blocked Drupal user is suspended');
    assert.equal(accounts.find((u) => u.idnumber === 'user-23').suspended, false);
    const created = site.sim.state.users.get(anna.id);
    assert.ok(created.password && created.password !== 'not cached', 'Moodle generated a password');
    assert.equal(moodleIdOf(await site.readExport(USERS), 20), String(anna.id));

    site.sim.resetCallLog();
    const again = await site.run();
    assert.equal(site.writeCalls().length, 0, JSON.stringify(site.writeCalls()));
    assert.equal(again.summary.unchanged, 26);
  } finally {
    await site.close();
  }
});

test('users with an excluded Drupal role are not synced', async () => {
  const site = await peopleSite((c) => { c.components.users.excluded_roles = ['instructor']; });
  try {
    const report = await site.run();
    const li = entity(report, 'user--user', 22);
    assert.equal(li.outcome, 'ignored');
    assert.match(li.note, /has the Drupal role "instructor", which is excluded from the sync/);
    assert.deepEqual(await site.users('idnumber', ['user-22']), []);
    const registration = entity(report, 'registration--course_registration', 502);
    assert.equal(registration.outcome, 'ignored', 'the enrolment of an excluded user is left out with it');
    assert.match(registration.note, /user--user 22 is ignored \(has the Drupal role "instructor"/);
  } finally {
    await site.close();
  }
});

test('a username or email taken by an account moodle-sync does not manage is an error naming it, never a second account', async () => {
  const site = await peopleSite();
  try {
    const [jose] = await site.moodle('core_user_create_users', { users: [{ username: 'jose.garcia', firstname: 'J', lastname: 'G', email: 'other@example.org', auth: 'manual', createpassword: 1 }] });
    await site.moodle('core_user_create_users', { users: [{ username: 'obrien2', firstname: 'S', lastname: 'O', email: 'obrien@northfield.example', auth: 'manual', createpassword: 1 }] });
    const report = await site.run();
    const e21 = entity(report, 'user--user', 21);
    assert.equal(e21.outcome, 'failed');
    assert.equal(e21.error.field, 'username');
    assert.match(e21.error.message, new RegExp(`username "jose.garcia" is taken by Moodle user ${jose.id} \\(jose.garcia, no idnumber\\), which moodle-sync does not manage`));
    const e23 = entity(report, 'user--user', 23);
    assert.equal(e23.error.field, 'email');
    assert.match(e23.error.message, /email "obrien@northfield.example" is taken by Moodle user \d+ \(obrien2, no idnumber\)/);
    assert.equal(entity(report, 'user--user', 20).outcome, 'created', 'the others sync');
    assert.equal((await site.users('username', ['jose.garcia'])).length, 1);
  } finally {
    await site.close();
  }
});

test('match_existing adopts an account that existed before, and says so', async () => {
  const site = await peopleSite((c) => { c.components.users.match_existing = 'username'; });
  try {
    const [jose] = await site.moodle('core_user_create_users', { users: [{ username: 'jose.garcia', firstname: 'Jose', lastname: 'Garcia', email: 'jose.garcia@northfield.example', auth: 'manual', createpassword: 1 }] });
    const report = await site.run();
    const e = entity(report, 'user--user', 21);
    assert.equal(e.outcome, 'adopted');
    assert.equal(e.moodle_id, jose.id);
    assert.match(e.note, /matched the existing account Moodle user \d+ \(jose.garcia, no idnumber\) by username/);
    assert.deepEqual(Object.keys(e.changes).sort(), ['city', 'firstname', 'idnumber', 'lastname', 'timezone']);
    const [after] = await site.users('id', [jose.id]);
    assert.equal(after.idnumber, 'user-21');
    assert.equal(after.firstname, 'José');
  } finally {
    await site.close();
  }
});

test('a lost write-back of a user is adopted by idnumber; a deleted user is suspended by policy', async () => {
  const site = await peopleSite((c) => { c.components.users.deleted = 'suspend'; });
  try {
    await site.run();
    await site.editExport(USERS, (doc) => {
      doc.data.find((u) => u.attributes.drupal_internal__uid === 20).attributes.field_moodle_id = '';
      doc.data = doc.data.filter((u) => u.attributes.drupal_internal__uid !== 23);
    });
    const report = await site.run();
    assert.equal(entity(report, 'user--user', 20).outcome, 'adopted');
    const gone = report.entities.find((e) => e.component === 'users' && e.note === 'no longer in Drupal');
    assert.equal(gone.idnumber, 'user-23');
    assert.equal(gone.outcome, 'updated');
    const [obrien] = await site.users('idnumber', ['user-23']);
    assert.equal(obrien.suspended, true);
    assert.equal((await site.users('idnumber', ['user-20'])).length, 1, 'no second account');
  } finally {
    await site.close();
  }
});

test('cohorts and membership: drift made by hand in Moodle is corrected, only managed cohorts are touched', async () => {
  const site = await peopleSite();
  try {
    const first = await site.run();
    const staff = entity(first, 'taxonomy_term--groups', 30).moodle_id;
    const students = entity(first, 'taxonomy_term--groups', 31).moodle_id;
    const uid = (n) => entity(first, 'user--user', n).moodle_id;
    assert.deepEqual(await site.members([staff, students]), {
      [staff]: [uid(22), uid(23)].sort((a, b) => a - b),
      [students]: [uid(20), uid(21), uid(23), uid(24)].sort((a, b) => a - b),
    });
    // By hand in Moodle: a stranger joins Staff, Anna leaves Students, and an unmanaged cohort gets a member.
    const [stranger] = await site.moodle('core_user_create_users', { users: [{ username: 'stranger', firstname: 'S', lastname: 'T', email: 's@example.org', auth: 'manual', createpassword: 1 }] });
    const [own] = await site.moodle('core_cohort_create_cohorts', { cohorts: [{ categorytype: { type: 'system', value: '' }, name: 'Hand made', idnumber: 'hand' }] });
    await site.moodle('core_cohort_add_cohort_members', { members: [
      { cohorttype: { type: 'id', value: String(staff) }, usertype: { type: 'id', value: String(stranger.id) } },
      { cohorttype: { type: 'id', value: String(own.id) }, usertype: { type: 'id', value: String(stranger.id) } }] });
    await site.moodle('core_cohort_delete_cohort_members', { members: [{ cohortid: students, userid: uid(20) }] });

    site.sim.resetCallLog();
    const report = await site.run();
    const staffRun = report.entities.find((e) => e.component === 'memberships' && e.moodle_id === staff);
    assert.deepEqual(staffRun.changes, { members_removed: { old: [stranger.id], new: null } });
    const studentsRun = report.entities.find((e) => e.component === 'memberships' && e.moodle_id === students);
    assert.deepEqual(studentsRun.changes, { members_added: { old: null, new: [uid(20)] } });
    assert.deepEqual(site.writeCalls().map((c) => c.wsfunction).sort(), ['core_cohort_add_cohort_members', 'core_cohort_delete_cohort_members']);
    const after = await site.members([staff, students, own.id]);
    assert.deepEqual(after[staff], [uid(22), uid(23)].sort((a, b) => a - b));
    assert.ok(after[students].includes(uid(20)));
    assert.deepEqual(after[own.id], [stranger.id], 'a cohort moodle-sync does not manage is left alone');
  } finally {
    await site.close();
  }
});

test('a membership change in Drupal becomes one add and one delete', async () => {
  const site = await peopleSite();
  try {
    const first = await site.run();
    const groups = await site.readExport('groups.json');
    const staffRef = { type: 'taxonomy_term--groups', id: groups.data.find((t) => t.attributes.drupal_internal__tid === 30).id };
    await site.editExport(USERS, (doc) => { doc.data.find((u) => u.attributes.drupal_internal__uid === 20).relationships.field_groups.data = [staffRef]; });
    site.sim.resetCallLog();
    await site.run();
    const writes = site.writeCalls();
    assert.deepEqual(writes.map((c) => [c.wsfunction, c.items]).sort(), [['core_cohort_add_cohort_members', 1], ['core_cohort_delete_cohort_members', 1]]);
    const anna = entity(first, 'user--user', 20).moodle_id;
    const m = await site.members([entity(first, 'taxonomy_term--groups', 30).moodle_id, entity(first, 'taxonomy_term--groups', 31).moodle_id]);
    assert.ok(Object.values(m)[0].includes(anna));
    assert.ok(!Object.values(m)[1].includes(anna));
  } finally {
    await site.close();
  }
});

test('enrolments: roles from the registration, inactive ones suspended, made in the same run as their users and courses', async () => {
  const site = await peopleSite();
  try {
    const report = await site.run();
    const course = (n) => entity(report, 'node--course', n).moodle_id;
    const user = (n) => entity(report, 'user--user', n).moodle_id;
    const german = await site.enrolled(course(100));
    const byId = Object.fromEntries(german.map((u) => [u.id, u.roles.map((r) => r.roleid)]));
    assert.deepEqual(byId[user(20)], [5]);
    assert.deepEqual(byId[user(22)], [3], 'the Teacher term maps to role 3');
    assert.ok(byId[user(24)], 'the canceled registration is enrolled, suspended');
    const suspended = await site.enrolled(course(100), [{ name: 'onlysuspended', value: 1 }]);
    assert.deepEqual(suspended.map((u) => u.id), [user(24)]);
    assert.equal(entity(report, 'registration--course_registration', 504).outcome, 'created');
  } finally {
    await site.close();
  }
});

for (const [removal, expectation] of [['suspend', 'suspended'], ['unenrol', 'gone']]) {
  test(`a registration deleted in Drupal (removal: ${removal}): the enrolment is ${expectation}; hand-made ones are never touched`, async () => {
    const site = await peopleSite((c) => { c.components.enrolments.removal = removal; });
    try {
      const first = await site.run();
      const french = entity(first, 'node--course', 101).moodle_id;
      const jose = entity(first, 'user--user', 21).moodle_id;
      const li = entity(first, 'user--user', 22).moodle_id;
      await site.moodle('enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: li, courseid: french }] });
      await site.editExport('registrations.json', (doc) => { doc.data = doc.data.filter((r) => r.attributes.drupal_internal__registration_id !== 501); });
      const report = await site.run();
      const gone = report.entities.find((e) => e.component === 'enrolments' && e.note === 'no longer in Drupal');
      assert.equal(gone.resource, 'registration--course_registration');
      assert.equal(gone.id, 501);
      const enrolled = await site.enrolled(french);
      const suspended = (await site.enrolled(french, [{ name: 'onlysuspended', value: 1 }])).map((u) => u.id);
      if (removal === 'suspend') assert.deepEqual(suspended, [jose]);
      else assert.ok(!enrolled.some((u) => u.id === jose));
      assert.ok(enrolled.some((u) => u.id === li), 'the hand-made enrolment stays');
      assert.ok(!suspended.includes(li));
      site.sim.resetCallLog();
      await site.run();
      assert.equal(site.writeCalls().length, 0, 'and the next run has nothing to do');
    } finally {
      await site.close();
    }
  });
}

test('an unknown role is a clear error for its registration while the others enrol', async () => {
  const site = await peopleSite();
  try {
    await site.editExport('enrolment_roles.json', (doc) => { doc.data.find((t) => t.attributes.drupal_internal__tid === 41).attributes.field_moodle_id = '99'; });
    const report = await site.run();
    const bad = entity(report, 'registration--course_registration', 502);
    assert.equal(bad.outcome, 'failed');
    assert.equal(bad.error.errorcode, 'wsusercannotassign');
    for (const id of [500, 501, 503, 504]) assert.equal(entity(report, 'registration--course_registration', id).outcome, 'created');
  } finally {
    await site.close();
  }
});
