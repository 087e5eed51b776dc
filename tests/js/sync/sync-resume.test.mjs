// A run killed at any point — before or after any action took effect — and then run again ends
// with every entity synced once: no duplicate in Moodle, no moodle id lost in Drupal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countActions, runKilledAt } from './kill.mjs';
import { makeSite } from './harness.mjs';

async function assertSyncedOnce(site) {
  const courses = await site.courses();
  const byIdnumber = new Map(courses.map((c) => [c.idnumber, c]));
  assert.equal(courses.length, 8, `6 courses and 2 templates, got ${courses.map((c) => `${c.shortname}/${c.idnumber}`).join(', ')}`);
  const categories = await site.categories();
  assert.equal(categories.filter((c) => (c.idnumber ?? '').startsWith('category-')).length, 4);
  const exported = await site.readExport('courses.json');
  for (const node of exported.data) {
    const nid = node.attributes.drupal_internal__nid;
    if (nid === 106) continue;
    assert.equal(node.attributes.field_moodle_id, String(byIdnumber.get(`course-${nid}`)?.id), `node ${nid} has its moodle id`);
  }
  const terms = await site.readExport('course_categories.json');
  for (const term of terms.data.filter((t) => t.attributes.field_moodle_id !== 'ignore')) {
    const cat = categories.find((c) => c.idnumber === `category-${term.attributes.drupal_internal__tid}`);
    assert.equal(term.attributes.field_moodle_id, String(cat.id));
  }
}

const total = await countActions(makeSite);

for (const when of ['before', 'after']) {
  test(`killed ${when} each of the ${total} actions, then resumed`, async () => {
    for (let k = 1; k <= total; k += 1) {
      const site = await makeSite();
      try {
        await runKilledAt(site, k, when);
        const report = await site.run();
        assert.equal(report.summary.failed, 0, `kill ${when} ${k}: ${JSON.stringify(report.entities.filter((e) => e.error).map((e) => e.error))}`);
        await assertSyncedOnce(site);
      } finally {
        await site.close();
      }
    }
  });
}
