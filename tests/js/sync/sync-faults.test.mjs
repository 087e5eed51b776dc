// Transient failures (HTTP 503, a reset connection, a cut or HTML answer) are retried; a create
// whose answer was lost after Moodle committed it is found again and adopted, never duplicated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleConfig, makeSite } from './harness.mjs';
import { generatedConfig, generatedExport } from '../../../examples/generated-site.mjs';

const fastRetries = (c) => { c.moodle.retries = 6; c.moodle.retry_delay_ms = 1; };

for (const seed of [1, 2, 5]) {
  test(`a seeded 25% of failing calls (seed ${seed}): everything syncs once`, async () => {
    const files = generatedExport({ categories: 6, courses: 60 });
    const config = generatedConfig(await exampleConfig(fastRetries), { maxBatchItems: 10 });
    const site = await makeSite({ config, files, simOptions: { faults: { rate: 0.25, seed } } });
    try {
      const report = await site.run();
      assert.ok(site.sim.callLog.some((c) => c.fault), 'faults happened');
      assert.equal(report.summary.failed, 0, JSON.stringify(report.entities.filter((e) => e.error).map((e) => e.error)));
      site.sim.setFaults({});
      const courses = await site.courses();
      assert.equal(courses.length, 60, 'no course created twice');
      assert.equal(new Set(courses.map((c) => c.idnumber)).size, 60);
    } finally {
      await site.close();
    }
  });
}

test('a create answered with a cut body after Moodle committed it is adopted on the read-back', async () => {
  const site = await makeSite({ config: await exampleConfig(fastRetries), simOptions: { faults: { script: { 3: 'truncated' } } } });
  try {
    const report = await site.run();
    assert.equal(site.sim.callLog[2].wsfunction, 'core_course_create_categories');
    assert.equal(site.sim.callLog[2].fault, 'truncated');
    assert.equal(report.summary.failed, 0);
    assert.equal(report.summary.created, 10);
    assert.equal(report.summary.adopted, 2, 'the two categories of the cut answer');
    assert.equal((await site.categories()).filter((c) => (c.idnumber ?? '').startsWith('category-')).length, 4);
  } finally {
    await site.close();
  }
});

test('retries are bounded: a Moodle that keeps failing gives a transient error per entity', async () => {
  const config = await exampleConfig((c) => { c.moodle.retries = 2; c.moodle.retry_delay_ms = 1; });
  const site = await makeSite({ config, simOptions: { faults: { script: { 3: 'http503', 4: 'http503', 5: 'http503', 6: 'http503', 7: 'http503', 8: 'http503' } } } });
  try {
    const report = await site.run();
    const cat = report.entities.find((e) => e.idnumber === 'category-1');
    assert.equal(cat.outcome, 'failed');
    assert.equal(cat.error.class, 'transient');
    assert.match(cat.error.message, /HTTP 503/);
  } finally {
    await site.close();
  }
});
