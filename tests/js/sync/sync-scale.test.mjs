// Many entities: bad ones are isolated and reported with their field while the rest syncs, and
// every call stays within the max_input_vars budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, exampleConfig, makeSite } from './harness.mjs';
import { generatedConfig, generatedExport } from '../../../examples/generated-site.mjs';

test('one bad entity among 500: the 500 sync, the bad ones are reported with their field', async () => {
  const files = generatedExport({
    categories: 10,
    courses: 500,
    editCourse(node, i) {
      if (i === 137) node.attributes.field_start_date = 'next spring';            // caught before Moodle
      if (i === 333) node.attributes.field_level = 'x'.repeat(10);                // fine
      if (i === 421) node.attributes.title = 'Kurs 421 <script>';                  // escaped, fine
    },
  });
  const config = generatedConfig(await exampleConfig((c) => { c.components.courses.mapping.lang = { from: 'field_lang', default: '' }; }));
  // Moodle refuses an uninstalled language: known only when Moodle answers (all-or-nothing batch).
  files['courses.json'].data.forEach((n, i) => { n.attributes.field_lang = i === 250 ? 'xx' : ''; });
  const site = await makeSite({ config, files });
  try {
    const report = await site.run();
    assert.equal(report.summary.created, 10 + 498);
    assert.equal(report.summary.failed, 2);
    const date = entity(report, 'node--course', 1137);
    assert.equal(date.error.field, 'startdate');
    assert.match(date.error.message, /node--course 1137, field startdate \(from field_start_date \| timestamp\): "next spring" is not an ISO 8601 date/);
    const lang = entity(report, 'node--course', 1250);
    assert.equal(lang.outcome, 'failed');
    assert.equal(lang.error.class, 'data');
    assert.equal(lang.error.errorcode, 'errorinvalidparam');
    assert.equal((await site.courses()).length, 498);
    const creates = site.sim.callLog.filter((c) => c.wsfunction === 'core_course_create_courses');
    assert.ok(creates.length <= 5 + 2 * Math.ceil(Math.log2(100)) + 1, `the bad batch is split, not retried item by item (${creates.length} calls)`);
  } finally {
    await site.close();
  }
});

test('every call stays within the max_input_vars budget', async () => {
  const budget = 150;
  const files = generatedExport({ categories: 12, courses: 120 });
  const config = generatedConfig(await exampleConfig(), { maxInputVars: budget, maxBatchItems: 1000 });
  const site = await makeSite({ config, files, simOptions: { maxInputVars: budget } });
  try {
    const report = await site.run();
    assert.equal(report.summary.failed, 0, JSON.stringify(report.entities.filter((e) => e.error)));
    assert.equal(report.summary.created, 132);
    for (const call of site.sim.callLog) assert.ok(call.variables <= budget, `${call.wsfunction} sent ${call.variables} variables`);
    const creates = site.sim.callLog.filter((c) => c.wsfunction === 'core_course_create_courses');
    assert.ok(creates.length > 1, 'the courses needed several calls');
    assert.equal(creates.reduce((n, c) => n + c.items, 0), 120);
  } finally {
    await site.close();
  }
});
