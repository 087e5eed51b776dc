// Entities deleted in Drupal: their Moodle objects are left alone, moved to a trash category, or
// deleted, per component; an export that has none of a component's entities removes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleConfig, makeSite } from './harness.mjs';

async function trashSite() {
  const config = await exampleConfig((c) => {
    c.components.categories.deleted = 'trash';
    c.components.categories.trash_category = 1;
    c.components.templates.deleted = 'delete';
    c.components.courses.deleted = 'delete';
  });
  return makeSite({ config });
}

test('a deleted term moves its category to the trash; deleted course and template are deleted', async () => {
  const site = await trashSite();
  try {
    await site.run();
    await site.editExport('course_categories.json', (doc) => { doc.data = doc.data.filter((t) => t.attributes.drupal_internal__tid !== 4); });
    await site.editExport('courses.json', (doc) => { doc.data = doc.data.filter((n) => n.attributes.drupal_internal__nid !== 104); });
    await site.editExport('course_templates.json', (doc) => { doc.data = doc.data.filter((t) => t.attributes.drupal_internal__tid !== 11); });
    const before = await site.courses();
    const plan = await site.run({ dryRun: true });
    assert.deepEqual(plan.entities.filter((e) => e.note === 'no longer in Drupal').map((e) => [e.resource, e.id, e.outcome]),
      [['taxonomy_term--course_categories', 4, 'updated'], ['taxonomy_term--course_templates', 11, 'deleted'], ['node--course', 104, 'deleted']]);
    assert.equal((await site.courses()).length, before.length, 'the plan wrote nothing');

    const report = await site.run();
    assert.equal(report.summary.deleted, 2);
    const rd = (await site.categories()).find((c) => c.idnumber === 'category-4');
    assert.equal(rd.parent, 1, 'moved into the trash category');
    const after = await site.courses();
    assert.ok(!after.some((c) => c.idnumber === 'course-104'));
    assert.ok(!after.some((c) => c.idnumber === 'template-11'));
    assert.equal(after.length, before.length - 2);
    const again = await site.run();
    assert.equal(again.summary.deleted, 0, 'nothing left to remove');
    assert.equal(again.entities.filter((e) => e.note === 'no longer in Drupal').length, 0, 'the trashed category stays put');
  } finally {
    await site.close();
  }
});

test('an export without any course removes no course', async () => {
  const site = await trashSite();
  try {
    await site.run();
    await site.editExport('courses.json', (doc) => { doc.data = []; });
    const report = await site.run();
    assert.equal(report.summary.deleted, 0);
    assert.match(report.notes.join('\n'), /courses: the export has no node--course entity; deleted ones were not looked for/);
    assert.equal((await site.courses()).length, 8);
  } finally {
    await site.close();
  }
});

test('courses made by hand in Moodle are never touched', async () => {
  const site = await trashSite();
  try {
    await site.moodle('core_course_create_courses', { courses: [{ fullname: 'Hand made', shortname: 'HAND', categoryid: 1, idnumber: 'hand-1' }] });
    await site.moodle('core_course_create_courses', { courses: [{ fullname: 'Looks like ours', shortname: 'LOOK', categoryid: 1, idnumber: 'course-x7' }] });
    const report = await site.run();
    assert.equal(report.summary.deleted, 0);
    const shortnames = (await site.courses()).map((c) => c.shortname);
    assert.ok(shortnames.includes('HAND') && shortnames.includes('LOOK'));
  } finally {
    await site.close();
  }
});
