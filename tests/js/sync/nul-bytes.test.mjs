// NUL bytes in names: Moodle's fix_utf8 drops them from every text it takes in, the simulator
// alike, and the sync sends and compares what Moodle keeps, so a second run finds nothing to change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, makeSite } from './harness.mjs';

test('the simulator drops NUL bytes from a text parameter, as fix_utf8 does', async () => {
  const site = await makeSite();
  try {
    const [created] = await site.moodle('core_course_create_courses', { courses: [{ fullname: 'Nul\u0000Name', shortname: 'NUL\u00001', categoryid: 1 }] });
    assert.equal(created.shortname, 'NUL1');
    const [course] = await site.moodle('core_course_get_courses', { options: { ids: [created.id] } });
    assert.equal(course.fullname, 'NulName');
    assert.equal(course.shortname, 'NUL1');
  } finally {
    await site.close();
  }
});

test('a course and a category named with NUL bytes sync once; the second run reports them unchanged and writes nothing', async () => {
  const site = await makeSite();
  try {
    await site.editExport('courses.json', (doc) => { doc.data[0].attributes.title = 'German\u0000 for\u0000Beginners'; });
    await site.editExport('course_categories.json', (doc) => { doc.data[0].attributes.name = 'Lang\u0000uages'; });
    const first = await site.run();
    assert.equal(first.exit_code, 0, JSON.stringify(first.entities.filter((e) => e.error)));
    assert.equal(entity(first, 'node--course', 100).outcome, 'created');
    const course = (await site.courses()).find((c) => c.idnumber === entity(first, 'node--course', 100).idnumber);
    assert.equal(course.fullname, 'German forBeginners');
    assert.equal((await site.categories()).find((c) => c.name.startsWith('Lang')).name, 'Languages');

    const writesBefore = site.writeCalls().length;
    const again = await site.run();
    assert.equal(entity(again, 'node--course', 100).outcome, 'unchanged', JSON.stringify(entity(again, 'node--course', 100)));
    assert.equal(entity(again, 'taxonomy_term--course_categories', 1).outcome, 'unchanged');
    assert.equal(again.summary.updated, 0);
    assert.equal(site.writeCalls().length, writesBefore, 'no write call in the second run');
  } finally {
    await site.close();
  }
});
