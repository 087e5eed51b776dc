// A junk field nested thousands of levels deep in one entity of a file export: that entity fails,
// its file and itself named; every other entity syncs, and their ids are written back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exampleConfig, makeSite } from './harness.mjs';

test('a field 5,000 levels deep fails its entity alone, naming the file and the entity', async () => {
  const site = await makeSite({ config: await exampleConfig() });
  try {
    const file = path.join(site.exportDir, 'courses.json');
    const doc = JSON.parse(await readFile(file, 'utf8'));
    const victim = doc.data[0];
    const nid = victim.attributes.drupal_internal__nid;
    victim.attributes.field_junk = 'JUNK';
    const depth = 5000;
    const junk = `${'['.repeat(depth)}${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}${']'.repeat(depth)}`;
    await writeFile(file, JSON.stringify(doc).replace('"JUNK"', junk));

    const report = await site.run();
    const failed = report.entities.filter((e) => e.outcome === 'failed');
    assert.deepEqual(failed.map((e) => `${e.resource} ${e.id}`), [`node--course ${nid}`], JSON.stringify(failed));
    assert.equal(failed[0].error.message,
      `${file}: data[0]: node--course ${nid}: the field "field_junk" is nested deeper than 64 levels: the entity is not read`);
    const created = report.entities.filter((e) => e.outcome === 'created');
    assert.ok(created.some((e) => e.component === 'courses'), 'the other courses are created');
    assert.ok(created.some((e) => e.component === 'categories'));
    assert.equal(report.summary.failed, 1);

    const courses = await site.courses();
    assert.ok(!courses.some((c) => c.idnumber === `course-${nid}`), 'the unread course is not created');
    const writtenText = await readFile(file, 'utf8');
    assert.ok(writtenText.includes(`"field_junk":${junk}`), 'the deep field is written back as it was, not cut');
    const written = JSON.parse(writtenText);
    const others = written.data.slice(1).filter((r) => created.some((e) => e.resource === r.type && e.id === r.attributes.drupal_internal__nid));
    assert.ok(others.length > 0 && others.every((r) => /^[1-9][0-9]*$/.test(String(r.attributes.field_moodle_id))), 'the others got their ids written back');
  } finally {
    await site.close();
  }
});
