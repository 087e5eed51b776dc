// Exports shaped as Drupal's JSON:API really gives them: configuration entities with machine-name
// ids (roles), registrations as the Registration module exports them, and an export holding one
// entity twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../cli/cli-process.mjs';
import { entity, fullConfig, makeSite } from './harness.mjs';

const ADMINISTRATOR = 'c4a2ed8c-6464-5186-973d-57526c8e7f6c';  // examples/northfield/export/roles.json

test('roles load with their machine names; excluded roles are matched from the role documents when references carry no meta', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    await site.editExport('users.json', (doc) => {
      for (const u of doc.data) for (const ref of u.relationships.roles.data) delete ref.meta;
      doc.data.find((u) => u.attributes.drupal_internal__uid === 23).relationships.roles.data.push({ type: 'user_role--user_role', id: ADMINISTRATOR });
    });
    const report = await site.run();
    const obrien = entity(report, 'user--user', 23);
    assert.equal(obrien.outcome, 'ignored');
    assert.match(obrien.note, /has the Drupal role "administrator", which is excluded from the sync/);
    assert.deepEqual(await site.users('idnumber', ['user-23']), []);
    for (const uid of [20, 21, 22, 24]) assert.equal(entity(report, 'user--user', uid).outcome, 'created', `user ${uid}`);
  } finally {
    await site.close();
  }
});

test('a role the export cannot name fails its user, who is not synced', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    await site.editExport('users.json', (doc) => {
      doc.data.find((u) => u.attributes.drupal_internal__uid === 21).relationships.roles.data = [{ type: 'user_role--user_role', id: 'not-exported' }];
    });
    const report = await site.run();
    const jose = entity(report, 'user--user', 21);
    assert.equal(jose.outcome, 'failed');
    assert.equal(jose.error.field, 'roles');
    assert.match(jose.error.message, /roles\[0\] is user_role--user_role not-exported, whose machine name the export does not give/);
    assert.deepEqual(await site.users('idnumber', ['user-21']), []);
  } finally {
    await site.close();
  }
});

test('registrations as the Registration module exports them enrol their user in the host course', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const report = await site.run();
    const regs = report.entities.filter((e) => e.resource === 'registration--course_registration');
    assert.deepEqual(regs.map((e) => [e.id, e.outcome]), [[500, 'created'], [501, 'created'], [502, 'created'], [503, 'created'], [504, 'created']]);
    const course = entity(report, 'node--course', 100).moodle_id;
    const anna = entity(report, 'user--user', 20).moodle_id;
    assert.ok((await site.enrolled(course)).some((u) => u.id === anna), 'registration 500: user 20 in node 100');
    site.sim.resetCallLog();
    await site.run();
    assert.equal(site.writeCalls().length, 0, JSON.stringify(site.writeCalls()));
  } finally {
    await site.close();
  }
});

test('a registration whose host is not a course is an error naming entity_id', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    await site.editExport('registrations.json', (doc) => {
      const reg = (id) => doc.data.find((r) => r.attributes.drupal_internal__registration_id === id);
      reg(500).attributes.entity_type_id = 'commerce_product';
      reg(501).attributes.entity_id = 999;
    });
    const report = await site.run();
    const product = entity(report, 'registration--course_registration', 500);
    assert.equal(product.outcome, 'failed');
    assert.equal(product.error.field, 'course');
    assert.match(product.error.message, /entity_id is the id of a commerce_product entity \(entity_type_id\), expected a node \(node--course\)/);
    assert.match(entity(report, 'registration--course_registration', 501).error.message, /entity_id is node--course 999, which is not in the export/);
    assert.equal(entity(report, 'registration--course_registration', 502).outcome, 'created');
  } finally {
    await site.close();
  }
});

test('two entities with one uuid stop the run before anything is sent, naming both files and positions', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const courses = await site.readExport('courses.json');
    const copy = structuredClone(courses.data[3]);
    copy.attributes.title = 'Renamed in a later export';
    await site.writeExport('more-courses.json', { data: [courses.data[0], copy] });
    const r = await runCli(['sync', '-c', site.configFile], site.env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`export/courses\\.json: data\\[3\\] and .*export/more-courses\\.json: data\\[1\\] are both the node--course with uuid ${copy.id}, with different values`));
    assert.equal(site.sim.callLog.length, 0, 'Moodle was not even read');
  } finally {
    await site.close();
  }
});

test('the same entity twice, identical, is synced once and noted', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const courses = await site.readExport('courses.json');
    await site.writeExport('more-courses.json', { data: [courses.data[0]] });
    const report = await site.run();
    assert.equal(report.entities.filter((e) => e.resource === 'node--course' && e.id === 100).length, 1);
    assert.ok(report.notes.some((n) => /node--course 100 is in .*courses\.json: data\[0\] and again, identical, in .*more-courses\.json: data\[0\]: read once/.test(n)));
    assert.equal((await site.readExport('more-courses.json')).data[0].attributes.field_moodle_id, String(entity(report, 'node--course', 100).moodle_id),
      'the moodle id is written to both copies');
  } finally {
    await site.close();
  }
});
