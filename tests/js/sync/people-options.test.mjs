// The configurable parts of the people side: profile entities and custom profile fields, other
// authentication methods and passwords from a field, deleting users and cohorts, enrolment dates,
// course user references, the unassign_role removal, and a course without manual enrolment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, fullConfig, makeSite } from './harness.mjs';

const peopleSite = async (patch, edit) => {
  const site = await makeSite({ config: await fullConfig(patch) });
  if (edit) await edit(site);
  return site;
};

test('a profile entity feeds mapped fields and a custom profile field', async () => {
  const site = await peopleSite((c) => {
    c.components.users.profile = { type: 'profile--staff', user_field: 'uid' };
    c.components.users.mapping.department = 'profile.field_department';
    c.components.users.customfields = { tu_company: 'profile.field_company' };
  }, async (s) => {
    const users = await s.readExport('users.json');
    const anna = users.data.find((u) => u.attributes.drupal_internal__uid === 20);
    await s.writeExport('profiles.json', { data: [{ type: 'profile--staff', id: 'p-1',
      attributes: { drupal_internal__profile_id: 1, field_department: 'Sprachen', field_company: 'Northfield GmbH' },
      relationships: { uid: { data: { type: 'user--user', id: anna.id } } } }] });
  });
  try {
    const report = await site.run();
    assert.equal(report.summary.failed, 0, JSON.stringify(report.entities.filter((e) => e.error)));
    const [anna] = await site.users('idnumber', ['user-20']);
    assert.equal(anna.department, 'Sprachen');
    assert.deepEqual(anna.customfields.map((f) => [f.shortname, f.value]), [['tu_company', 'Northfield GmbH']]);
    site.sim.resetCallLog();
    await site.run();
    assert.equal(site.writeCalls().length, 0, 'custom profile fields compare equal on the next run');
  } finally {
    await site.close();
  }
});

test('oauth2 accounts get no password; a password can come from a field', async () => {
  const oauth = await peopleSite((c) => { c.components.users.auth = 'oauth2'; });
  try {
    await oauth.run();
    const [anna] = await oauth.users('idnumber', ['user-20']);
    assert.equal(anna.auth, 'oauth2');
    assert.equal(oauth.sim.state.users.get(anna.id).password, 'not cached', 'Moodle stores no password for oauth2');
  } finally {
    await oauth.close();
  }
  const field = await peopleSite((c) => { c.components.users.password = 'field'; c.components.users.password_field = 'field_initial_password'; },
    (s) => s.editExport('users.json', (doc) => { doc.data.forEach((u) => { u.attributes.field_initial_password = 'Start-2027!x'; }); }));
  try {
    const report = await field.run();
    assert.equal(report.summary.failed, 0, JSON.stringify(report.entities.filter((e) => e.error)));
    const [anna] = await field.users('idnumber', ['user-20']);
    const mustChange = (id) => [...field.sim.state.userPreferences.values()].some((p) => p.userid === id && p.name === 'auth_forcepasswordchange');
    assert.equal(mustChange(anna.id), false, 'the password came from the field, not from Moodle');
    const manual = await peopleSite();
    try {
      await manual.run();
      const [generated] = await manual.users('idnumber', ['user-20']);
      assert.ok([...manual.sim.state.userPreferences.values()].some((p) => p.userid === generated.id && p.name === 'auth_forcepasswordchange'),
        'a generated password must be changed at first login');
    } finally {
      await manual.close();
    }
  } finally {
    await field.close();
  }
});

test('deleted users and cohorts are deleted when the policy says so', async () => {
  const site = await peopleSite((c) => { c.components.users.deleted = 'delete'; c.components.cohorts.deleted = 'delete'; });
  try {
    await site.run();
    await site.editExport('users.json', (doc) => { doc.data = doc.data.filter((u) => u.attributes.drupal_internal__uid !== 24); });
    await site.editExport('groups.json', (doc) => { doc.data = doc.data.filter((t) => t.attributes.drupal_internal__tid !== 30); });
    await site.editExport('registrations.json', (doc) => { doc.data = doc.data.filter((r) => r.attributes.drupal_internal__registration_id !== 504); });
    const report = await site.run();
    assert.equal(report.summary.failed, 0, JSON.stringify(report.entities.filter((e) => e.error)));
    assert.equal(report.summary.deleted, 3, 'the user, the cohort, and the enrolment that went with the user');
    assert.deepEqual(await site.users('idnumber', ['user-24']), []);
    const cohorts = await site.cohorts();
    assert.ok(!cohorts.some((c) => c.idnumber === 'group-30'));
    assert.ok(cohorts.some((c) => c.idnumber === 'group-31'));
  } finally {
    await site.close();
  }
});

test('a renamed term updates its cohort (every required key sent)', async () => {
  const site = await peopleSite();
  try {
    await site.run();
    await site.editExport('groups.json', (doc) => { doc.data.find((t) => t.attributes.drupal_internal__tid === 30).attributes.name = 'Staff & Faculty'; });
    site.sim.resetCallLog();
    const report = await site.run();
    const e = entity(report, 'taxonomy_term--groups', 30);
    assert.equal(e.outcome, 'updated');
    assert.deepEqual(Object.keys(e.changes), ['name']);
    assert.deepEqual(site.writeCalls().map((c) => c.wsfunction), ['core_cohort_update_cohorts']);
    assert.equal((await site.cohorts()).find((c) => c.idnumber === 'group-30').name, 'Staff & Faculty');
  } finally {
    await site.close();
  }
});

test('enrolment dates from the registration, and teachers from a user reference on the course', async () => {
  const site = await peopleSite((c) => {
    c.components.enrolments.registration.start_field = 'field_start';
    c.components.enrolments.registration.end_field = 'field_end';
    c.components.enrolments.course_users = { field: 'field_teachers', role: 3 };
  }, async (s) => {
    await s.editExport('registrations.json', (doc) => {
      Object.assign(doc.data.find((r) => r.attributes.drupal_internal__registration_id === 501).attributes, { field_start: '2027-01-18T00:00:00Z', field_end: '2027-06-30T00:00:00Z' });
    });
    const users = await s.readExport('users.json');
    const obrien = users.data.find((u) => u.attributes.drupal_internal__uid === 23);
    await s.editExport('courses.json', (doc) => {
      doc.data.find((n) => n.attributes.drupal_internal__nid === 105).relationships.field_teachers = { data: [{ type: 'user--user', id: obrien.id }] };
      doc.data.filter((n) => n.attributes.drupal_internal__nid !== 105).forEach((n) => { n.relationships.field_teachers = { data: [] }; });
    });
  });
  try {
    const report = await site.run();
    assert.equal(report.summary.failed, 0, JSON.stringify(report.entities.filter((e) => e.error)));
    const french = entity(report, 'node--course', 101).moodle_id;
    const jose = entity(report, 'user--user', 21).moodle_id;
    const record = [...site.sim.state.userEnrolments.values()].find((ue) => ue.userid === jose);
    assert.equal(record.timestart, Date.UTC(2027, 0, 18) / 1000);
    assert.equal(record.timeend, Date.UTC(2027, 5, 30) / 1000);
    const japanese = await site.enrolled(entity(report, 'node--course', 105).moodle_id);
    assert.deepEqual(japanese.map((u) => [u.id, u.roles.map((r) => r.roleid)]), [[entity(report, 'user--user', 23).moodle_id, [3]]]);
    assert.ok(french);
  } finally {
    await site.close();
  }
});

test('unassign_role: a registration whose role changed loses only that role', async () => {
  const site = await peopleSite((c) => { c.components.enrolments.removal = 'unassign_role'; });
  try {
    const first = await site.run();
    const roles = await site.readExport('enrolment_roles.json');
    const teacher = roles.data.find((t) => t.attributes.drupal_internal__tid === 41);
    await site.editExport('registrations.json', (doc) => {
      doc.data.find((r) => r.attributes.drupal_internal__registration_id === 500).relationships.field_role.data = { type: teacher.type, id: teacher.id };
    });
    await site.run();
    const german = await site.enrolled(entity(first, 'node--course', 100).moodle_id);
    const anna = german.find((u) => u.id === entity(first, 'user--user', 20).moodle_id);
    assert.deepEqual(anna.roles.map((r) => r.roleid), [3], 'student role taken away, teacher role added');
  } finally {
    await site.close();
  }
});

test('a course without a manual enrolment instance is a clear error of its registrations', async () => {
  const site = await peopleSite();
  try {
    const first = await site.run();
    const german = entity(first, 'node--course', 100).moodle_id;
    for (const instance of site.sim.state.enrolInstances.values()) {
      if (instance.courseid === german && instance.enrol === 'manual') instance.status = 1;
    }
    await site.editExport('registrations.json', (doc) => {
      const r = doc.data.find((x) => x.attributes.drupal_internal__registration_id === 501);
      doc.data.push({ ...r, id: 'new-reg', attributes: { ...r.attributes, drupal_internal__registration_id: 600, entity_id: 100 } });
    });
    const report = await site.run();
    const e = entity(report, 'registration--course_registration', 600);
    assert.equal(e.outcome, 'failed');
    assert.equal(e.error.errorcode, 'wsnoinstance');
    assert.match(e.error.message, /Manual enrolment plugin instance doesn't exist or is disabled/);
  } finally {
    await site.close();
  }
});
