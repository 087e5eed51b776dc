// A value too large for one request fails its entity alone: the request size is budgeted in bytes
// (moodle.max_request_bytes) as well as in variables, and a request PHP dropped for being over its
// post_max_size is "too large", split, and never taken for a credentials problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, exampleConfig, makeSite } from './harness.mjs';
import { generatedConfig, generatedExport } from '../../../examples/generated-site.mjs';

const MB = 1024 * 1024;

// A generated site of 5 categories and 250 courses, the one at `index` with a summary of `bytes`,
// against a simulator started with `simOptions`.
async function siteWithOneBigSummary(index, bytes, simOptions) {
  const files = generatedExport({
    categories: 5,
    courses: 250,
    editCourse(node, i) {
      if (i === index) node.attributes.body = { value: 'x'.repeat(bytes), processed: 'x'.repeat(bytes) };
    },
  });
  return makeSite({ config: generatedConfig(await exampleConfig()), files, simOptions });
}

test('a 9 MB course summary among 250 courses: that course fails, every other one syncs', async () => {
  const site = await siteWithOneBigSummary(120, 9 * MB);
  try {
    const report = await site.run();
    assert.equal(report.fatal, undefined, JSON.stringify(report.fatal));
    assert.equal(report.summary.created, 5 + 249);
    assert.equal(report.summary.failed, 1);
    const big = entity(report, 'node--course', 1120);
    assert.equal(big.outcome, 'failed');
    assert.equal(big.error.class, 'data');
    assert.match(big.error.message, /^too large: its request would be 9,437,\d{3} bytes, more than the max_request_bytes budget of 8,388,608/);
    assert.equal((await site.courses()).length, 249);
    for (const call of site.sim.callLog) assert.ok(call.status === 200, `${call.wsfunction}: ${call.status}`);
  } finally {
    await site.close();
  }
});

test('a site whose post_max_size is below the budget: the dropped request is split, the course too large fails alone', async () => {
  // PHP drops a body over 256 KiB whole; the budget (8 MB) does not know it.
  const site = await siteWithOneBigSummary(60, 300 * 1024, { postMaxSize: 256 * 1024 });
  try {
    const report = await site.run();
    assert.equal(report.fatal, undefined, JSON.stringify(report.fatal));
    assert.equal(report.summary.created, 5 + 249);
    assert.equal(report.summary.failed, 1);
    const big = entity(report, 'node--course', 1060);
    assert.equal(big.error.class, 'data');
    assert.match(big.error.message, /^too large: Moodle read nothing of a request of 30\d,\d{3} bytes \(over the site's PHP post_max_size\); the max_request_bytes budget is 8,388,608/);
    assert.doesNotMatch(big.error.message, /XML|invalidtoken/);
    assert.equal((await site.courses()).length, 249);
    const creates = site.sim.callLog.filter((c) => c.wsfunction === 'core_course_create_courses' || c.wsfunction === undefined);
    assert.ok(creates.length <= 3 + 2 * Math.ceil(Math.log2(100)) + 1, `the dropped batch is halved until the course stands alone (${creates.length} calls)`);
  } finally {
    await site.close();
  }
});
