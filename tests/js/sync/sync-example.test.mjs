// The sync of the example site against the simulator: a first run, a second run that writes
// nothing, and the common rules (one changed field, a category move, templates, adoption, stale
// ids, ignore, idnumber collisions, the site guard).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, exampleConfig, makeSite, moodleIdOf } from './harness.mjs';

const CATS = 'course_categories.json';
const COURSES = 'courses.json';

test('a first sync creates everything and writes every moodle id back; a second sync writes nothing', async () => {
  const site = await makeSite();
  try {
    const first = await site.run();
    assert.equal(first.summary.created, 12);
    assert.equal(first.summary.failed, 0);
    const courses = await site.courses();
    const exported = await site.readExport(COURSES);
    for (const nid of [100, 101, 102, 103, 104, 105]) {
      const id = Number(moodleIdOf(exported, nid));
      const course = courses.find((c) => c.id === id);
      assert.ok(course, `course of node ${nid} exists as ${id}`);
      assert.equal(course.idnumber, `course-${nid}`);
    }
    assert.equal(moodleIdOf(exported, 106), 'ignore');
    const cats = await site.categories();
    const fr = cats.find((c) => c.idnumber === 'category-3');
    const lang = cats.find((c) => c.idnumber === 'category-1');
    assert.equal(fr.parent, lang.id, 'a child category is created under its parent');
    assert.equal(fr.name, 'Français &amp; Español', 'Moodle answers names escaped');

    site.sim.resetCallLog();
    const second = await site.run();
    assert.equal(site.writeCalls().length, 0, JSON.stringify(site.writeCalls()));
    assert.equal(second.summary.unchanged, 12);
    assert.deepEqual(second.calls.by_function, { core_course_get_categories: 1, core_course_get_courses: 1 });
  } finally {
    await site.close();
  }
});

test('one changed field gives one update carrying only that field', async () => {
  const site = await makeSite();
  try {
    await site.run();
    await site.editExport(COURSES, (doc) => { doc.data.find((c) => c.attributes.drupal_internal__nid === 101).attributes.title = 'Français intermédiaire (B1)'; });
    site.sim.resetCallLog();
    const report = await site.run();
    const writes = site.writeCalls();
    assert.equal(writes.length, 1);
    assert.equal(writes[0].wsfunction, 'core_course_update_courses');
    assert.equal(writes[0].items, 1);
    const e = entity(report, 'node--course', 101);
    assert.equal(e.outcome, 'updated');
    assert.deepEqual(e.changes, { fullname: { old: 'Français intermédiaire', new: 'Français intermédiaire (B1)' } });
    const course = (await site.courses()).find((c) => c.id === e.moodle_id);
    assert.equal(course.fullname, 'Français intermédiaire (B1)');
    assert.equal(writes[0].variables, 5, 'wstoken, wsfunction, format, id and fullname');
  } finally {
    await site.close();
  }
});

test('a new parent moves the category; a course follows its category reference', async () => {
  const site = await makeSite();
  try {
    await site.run();
    const termUuid = (doc, tid) => doc.data.find((t) => t.attributes.drupal_internal__tid === tid).id;
    const cats = await site.readExport(CATS);
    await site.editExport(CATS, (doc) => {
      doc.data.find((t) => t.attributes.drupal_internal__tid === 4).relationships.parent.data = [
        { type: 'taxonomy_term--course_categories', id: termUuid(cats, 1) }];
    });
    await site.editExport(COURSES, (doc) => {
      doc.data.find((c) => c.attributes.drupal_internal__nid === 103).relationships.field_category.data =
        { type: 'taxonomy_term--course_categories', id: termUuid(cats, 1) };
    });
    site.sim.resetCallLog();
    const report = await site.run();
    const moved = entity(report, 'taxonomy_term--course_categories', 4);
    assert.equal(moved.outcome, 'updated');
    assert.deepEqual(Object.keys(moved.changes), ['parent']);
    const after = await site.categories();
    const languages = after.find((c) => c.idnumber === 'category-1');
    const rd = after.find((c) => c.idnumber === 'category-4');
    assert.equal(rd.parent, languages.id);
    assert.equal(rd.path, `/${languages.id}/${rd.id}`);
    const course = entity(report, 'node--course', 103);
    assert.deepEqual(Object.keys(course.changes), ['categoryid'], 'a category-only change is sent');
    assert.equal((await site.courses()).find((c) => c.id === course.moodle_id).categoryid, languages.id);
    assert.deepEqual(site.writeCalls().map((c) => c.wsfunction).sort(), ['core_course_update_categories', 'core_course_update_courses']);
  } finally {
    await site.close();
  }
});

test('a course with a template is a copy of the template course, then given its fields and idnumber', async () => {
  const site = await makeSite();
  try {
    const report = await site.run();
    const template = entity(report, 'taxonomy_term--course_templates', 10);
    const course = entity(report, 'node--course', 100);
    const calls = site.sim.callLog.map((c) => c.wsfunction);
    const dup = calls.indexOf('core_course_duplicate_course');
    assert.ok(dup > 0);
    assert.equal(calls[dup + 1], 'core_course_update_courses', 'the copy is updated right after');
    const copy = (await site.courses()).find((c) => c.id === course.moodle_id);
    assert.equal(copy.idnumber, 'course-100');
    assert.equal(copy.fullname, 'German for Beginners');
    assert.equal(copy.shortname, 'DE-A1');
    assert.notEqual(copy.id, template.moodle_id);
    const tpl = (await site.courses()).find((c) => c.id === template.moodle_id);
    assert.equal(tpl.shortname, 'template_[10]');
    assert.equal(tpl.visible, 0);
  } finally {
    await site.close();
  }
});

test('hide_copy hides a course copied from a template', async () => {
  const site = await makeSite({ config: await exampleConfig((c) => { c.components.courses.hide_copy = true; }) });
  try {
    const report = await site.run();
    const copy = (await site.courses()).find((c) => c.id === entity(report, 'node--course', 100).moodle_id);
    assert.equal(copy.visible, 0);
  } finally {
    await site.close();
  }
});

test('a lost write-back: the object found by its idnumber is adopted, never duplicated', async () => {
  const site = await makeSite();
  try {
    await site.run();
    const before = (await site.courses()).length;
    await site.editExport(COURSES, (doc) => { doc.data.find((c) => c.attributes.drupal_internal__nid === 104).attributes.field_moodle_id = ''; });
    await site.editExport(COURSES, (doc) => { doc.data.find((c) => c.attributes.drupal_internal__nid === 104).attributes.title = 'Research Ethics'; });
    const report = await site.run();
    const e = entity(report, 'node--course', 104);
    assert.equal(e.outcome, 'adopted');
    assert.deepEqual(Object.keys(e.changes), ['fullname']);
    assert.equal((await site.courses()).length, before, 'no duplicate');
    assert.equal(moodleIdOf(await site.readExport(COURSES), 104), String(e.moodle_id), 'the id is written back');
  } finally {
    await site.close();
  }
});

test('a moodle id that finds nothing is stale and nothing is sent; "ignore" is never synced', async () => {
  const site = await makeSite();
  try {
    await site.editExport(COURSES, (doc) => {
      doc.data.find((c) => c.attributes.drupal_internal__nid === 105).attributes.field_moodle_id = '99999';
    });
    const report = await site.run();
    const stale = entity(report, 'node--course', 105);
    assert.equal(stale.outcome, 'stale');
    assert.match(stale.note, /moodle id 99999 finds nothing in Moodle/);
    assert.equal(entity(report, 'node--course', 106).outcome, 'ignored');
    const shortnames = (await site.courses()).map((c) => c.shortname);
    assert.ok(!shortnames.includes('JA-A1'));
    assert.ok(!shortnames.includes('PHY-OLD'));
    assert.equal(moodleIdOf(await site.readExport(COURSES), 105), '99999', 'left as it was');
  } finally {
    await site.close();
  }
});

test('two entities that would share an idnumber in one Moodle table are reported before anything is written', async () => {
  const config = await exampleConfig((c) => {
    c.components.templates.idnumber_pattern = 'x-{id}';
    c.components.courses.idnumber_pattern = 'x-{id}';
  });
  const site = await makeSite({ config });
  try {
    await site.editExport('course_templates.json', (doc) => { doc.data[0].attributes.drupal_internal__tid = 101; });
    const report = await site.run();
    const tpl = entity(report, 'taxonomy_term--course_templates', 101);
    const course = entity(report, 'node--course', 101);
    assert.equal(tpl.outcome, 'failed');
    assert.equal(course.outcome, 'failed');
    assert.match(course.error.message, /idnumber "x-101" would be shared with taxonomy_term--course_templates 101 in Moodle's course table/);
    assert.ok(!(await site.courses()).some((c) => c.idnumber === 'x-101'));
    assert.equal(entity(report, 'node--course', 102).outcome, 'created', 'the others sync');
  } finally {
    await site.close();
  }
});

test('the site guard: a copied site plans but writes nothing, and says why', async () => {
  const config = await exampleConfig((c) => { c.site.urls = ['https://www.production.example']; });
  const site = await makeSite({ config });
  try {
    const report = await site.run();
    assert.equal(report.site_guard.writes_allowed, false);
    assert.match(report.site_guard.reason, /https:\/\/learn\.northfield\.example, which is not a configured site/);
    assert.equal(site.writeCalls().length, 0);
    assert.equal(report.summary.blocked, 12);
    assert.equal(entity(report, 'node--course', 101).planned, 'create');
    assert.equal(moodleIdOf(await site.readExport(COURSES), 101), '', 'nothing written back either');
  } finally {
    await site.close();
  }
});
