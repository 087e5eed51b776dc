// What moodle-sync must never do: take over a course made by hand, remove enrolments or cohort
// members it cannot account for, or claim an enrolment that existed before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { entity, exampleConfig, fullConfig, makeSite } from './harness.mjs';

test('a course made by hand with the same shortname is neither taken over nor deleted', async () => {
  const site = await makeSite({ config: await exampleConfig((c) => { c.components.courses.deleted = 'delete'; }) });
  try {
    const [mine] = await site.moodle('core_course_create_courses', { courses: [{ fullname: 'Teacher own French', shortname: 'FR-B1', categoryid: 1 }] });
    const report = await site.run();
    const e = entity(report, 'node--course', 101);
    assert.equal(e.outcome, 'failed');
    assert.equal(e.error.errorcode, 'shortnametaken');
    await site.editExport('courses.json', (doc) => { doc.data = doc.data.filter((n) => n.attributes.drupal_internal__nid !== 101); });
    await site.run();
    const kept = (await site.courses()).find((c) => c.id === mine.id);
    assert.equal(kept.fullname, 'Teacher own French');
    assert.equal(kept.idnumber, '');
  } finally {
    await site.close();
  }
});

test('an export without registrations, or a registration set to "ignore", removes no enrolment', async () => {
  const site = await makeSite({ config: await fullConfig((c) => { c.components.enrolments.removal = 'unenrol'; }) });
  try {
    await site.run();
    await site.editExport('registrations.json', (doc) => { doc.data.find((r) => r.attributes.drupal_internal__registration_id === 500).attributes.field_moodle_id = 'ignore'; });
    site.sim.resetCallLog();
    await site.run();
    assert.deepEqual(site.writeCalls(), [], 'ignore leaves the enrolment alone');
    await rm(path.join(site.exportDir, 'registrations.json'));
    await site.run();
    assert.deepEqual(site.writeCalls(), [], 'a missing document is an incomplete export, not a deletion');
  } finally {
    await site.close();
  }
});

test('a user whose own sync fails keeps the cohort memberships it has', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const first = await site.run();
    const anna = entity(first, 'user--user', 20).moodle_id;
    const students = entity(first, 'taxonomy_term--groups', 31).moodle_id;
    await site.editExport('users.json', (doc) => { doc.data.find((u) => u.attributes.drupal_internal__uid === 20).attributes.mail = 'not-an-email'; });
    site.sim.resetCallLog();
    const report = await site.run();
    assert.equal(entity(report, 'user--user', 20).outcome, 'failed');
    assert.deepEqual(site.writeCalls(), []);
    assert.ok((await site.members([students]))[students].includes(anna));
  } finally {
    await site.close();
  }
});

test('a role added beside an enrolment made by hand is taken back alone; the enrolment stays active', async () => {
  for (const removal of ['suspend', 'unenrol']) {
    const site = await makeSite({ config: await fullConfig((c) => { c.components.enrolments.removal = removal; }) });
    try {
      const first = await site.run();
      const jose = entity(first, 'user--user', 21).moodle_id;
      const german = entity(first, 'node--course', 100).moodle_id;
      await site.moodle('enrol_manual_enrol_users', { enrolments: [{ roleid: 3, userid: jose, courseid: german }] });
      const users = await site.readExport('users.json');
      await site.editExport('registrations.json', (doc) => {
        const r = structuredClone(doc.data[0]);
        Object.assign(r, { id: 'reg-505' });
        r.attributes.drupal_internal__registration_id = 505;
        r.relationships.user_uid.data = { type: 'user--user', id: users.data.find((u) => u.attributes.drupal_internal__uid === 21).id };
        doc.data.push(r);
      });
      await site.run();
      const roles = async () => (await site.enrolled(german)).find((u) => u.id === jose)?.roles.map((x) => x.roleid).sort();
      assert.deepEqual(await roles(), [3, 5]);
      await site.editExport('registrations.json', (doc) => { doc.data = doc.data.filter((r) => r.attributes.drupal_internal__registration_id !== 505); });
      await site.run();
      assert.deepEqual(await roles(), [3], `${removal}: only the role moodle-sync gave is taken back`);
      const suspended = (await site.enrolled(german, [{ name: 'onlysuspended', value: 1 }])).map((u) => u.id);
      assert.ok(!suspended.includes(jose), `${removal}: the enrolment made by hand stays active`);
    } finally {
      await site.close();
    }
  }
});

test('a membership field missing from the export removes no member', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const first = await site.run();
    const cohorts = [30, 31].map((t) => entity(first, 'taxonomy_term--groups', t).moodle_id);
    const before = await site.members(cohorts);
    const config = JSON.parse(await (await import('node:fs/promises')).readFile(site.configFile, 'utf8'));
    config.components.cohorts.membership.field = 'field_grups';
    await (await import('node:fs/promises')).writeFile(site.configFile, JSON.stringify(config));
    site.sim.resetCallLog();
    await site.run();
    assert.deepEqual(site.writeCalls(), []);
    assert.deepEqual(await site.members(cohorts), before);
  } finally {
    await site.close();
  }
});

test('a changed link in a summary is sent, although the text is the same', async () => {
  const site = await makeSite();
  try {
    const link = (href) => `<p>Read <a href="${href}">the rules</a> first.</p>`;
    await site.editExport('courses.json', (doc) => { doc.data.find((n) => n.attributes.drupal_internal__nid === 103).attributes.body.processed = link('https://old.example/rules.pdf'); });
    await site.run();
    await site.editExport('courses.json', (doc) => { doc.data.find((n) => n.attributes.drupal_internal__nid === 103).attributes.body.processed = link('https://new.example/rules-2027.pdf'); });
    const report = await site.run();
    assert.deepEqual(Object.keys(entity(report, 'node--course', 103).changes), ['summary']);
    site.sim.resetCallLog();
    await site.run();
    assert.deepEqual(site.writeCalls(), [], 'and it is not sent again');
  } finally {
    await site.close();
  }
});

test('a course made by hand is not taken over by a template copy with its shortname, and survives deleted: delete', async () => {
  const site = await makeSite({ config: await exampleConfig((c) => { c.components.courses.deleted = 'delete'; }) });
  try {
    // Course 100 (DE-A1) is made from a template; a teacher already has a course DE-A1 of their own.
    const [mine] = await site.moodle('core_course_create_courses', { courses: [{ fullname: 'Teacher own German', shortname: 'DE-A1', categoryid: 1 }] });
    const report = await site.run();
    const e = entity(report, 'node--course', 100);
    assert.equal(e.outcome, 'failed');
    assert.notEqual(e.moodle_id, mine.id);
    const kept = () => site.courses().then((all) => all.find((c) => c.id === mine.id));
    assert.equal((await kept()).fullname, 'Teacher own German');
    assert.equal((await kept()).idnumber, '');
    // The next run remembers that a copy was started, but the course with that shortname is not it.
    const again = await site.run();
    assert.equal(entity(again, 'node--course', 100).outcome, 'failed');
    assert.equal((await kept()).fullname, 'Teacher own German', 'not taken over on the next run either');
    assert.equal((await kept()).idnumber, '');
    await site.editExport('courses.json', (doc) => { doc.data = doc.data.filter((n) => n.attributes.drupal_internal__nid !== 100); });
    await site.run();
    assert.ok(await kept(), 'never deleted');
  } finally {
    await site.close();
  }
});

test('a node cloned with its field_moodle_id: both are reported, and the course does not flip between them', async () => {
  const site = await makeSite({ config: await exampleConfig() });
  try {
    const first = await site.run();
    const french = entity(first, 'node--course', 101).moodle_id;
    await site.editExport('courses.json', (doc) => {
      const clone = structuredClone(doc.data.find((n) => n.attributes.drupal_internal__nid === 101));
      clone.id = '00000000-0000-4000-8000-000000009999';
      clone.attributes.drupal_internal__nid = 9999;
      clone.attributes.title = 'French B1 (clone)';
      clone.attributes.field_code = 'FR-B1-CLONE';
      doc.data.push(clone);
    });
    for (let run = 0; run < 2; run++) {
      site.sim.resetCallLog();
      const report = await site.run();
      for (const nid of [101, 9999]) {
        const e = entity(report, 'node--course', nid);
        assert.equal(e.outcome, 'failed');
        assert.match(e.error.message, new RegExp(`moodle id ${french} is claimed by node--course 101, node--course 9999`));
      }
      assert.deepEqual(site.writeCalls().filter((c) => c.wsfunction === 'core_course_update_courses'), []);
      const course = (await site.courses()).find((c) => c.id === french);
      assert.equal(course.idnumber, 'course-101');
      assert.equal(report.exit_code, 1);
    }
    // The original deleted in Drupal: the clone alone still never takes the course over.
    await site.editExport('courses.json', (doc) => { doc.data = doc.data.filter((n) => n.attributes.drupal_internal__nid !== 101); });
    const alone = await site.run();
    assert.equal(entity(alone, 'node--course', 9999).outcome, 'failed');
    assert.equal((await site.courses()).find((c) => c.id === french).idnumber, 'course-101');
  } finally {
    await site.close();
  }
});

test('ids Moodle gives are checked: a bad answer writes no id back and the rest of the run goes on', async () => {
  const { prepareRun, runSync } = await import('../../../js/host/sync-run.mjs');
  const { core } = await import('./harness.mjs');
  for (const bad of ['"7"', '12.5', '1.2e29', '-4', '0']) {
    const site = await makeSite({ config: await exampleConfig() });
    try {
      // A proxy in front of Moodle spoils the first id of every create_categories answer.
      const fetchImpl = async (url, init) => {
        const res = await fetch(url, init);
        const body = await res.text();
        const spoilt = String(init?.body ?? '').includes('core_course_create_categories') ? body.replace(/^\[\{"id":\d+/, `[{"id":${bad}`) : body;
        return new Response(spoilt, { status: res.status, headers: res.headers });
      };
      const prepared = await prepareRun(core, site.configFile, { env: site.env, fetchImpl });
      const report = await runSync(core, prepared);
      const cats = report.entities.filter((e) => e.component === 'categories');
      assert.ok(cats.some((e) => e.outcome === 'failed' && e.error.class === 'protocol' && /core_course_create_categories answered/.test(e.error.message)), bad);
      const doc = await site.readExport('course_categories.json');
      for (const e of cats.filter((c) => c.outcome === 'failed')) {
        assert.equal(doc.data.find((t) => t.attributes.drupal_internal__tid === e.id).attributes.field_moodle_id, '', `${bad}: no id written back`);
      }
      assert.equal(report.exit_code, 1);
      // The next run, without the proxy, adopts what Moodle made by its idnumber: no duplicate.
      const next = await site.run();
      assert.ok(next.entities.filter((e) => e.component === 'categories').every((e) => ['adopted', 'created', 'ignored'].includes(e.outcome)));
      const names = (await site.categories()).map((c) => c.idnumber).filter(Boolean);
      assert.equal(new Set(names).size, names.length, `${bad}: no category made twice`);
    } finally {
      await site.close();
    }
  }
});
