// Reports for people: on a large site the terminal report stays short and starts with what went
// wrong, grouped by cause; --verbose lists every entity; --json stays complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleConfig, makeSite } from '../sync/harness.mjs';
import { generatedConfig, generatedExport } from '../../../examples/generated-site.mjs';
import { runCli } from './cli-process.mjs';

const CATEGORIES = 20;
const COURSES = 1700;
const BAD = new Set(Array.from({ length: 20 }, (_, k) => 40 + 83 * k));  // 20 courses spread over the export

test('a 1,720-entity site: the default report is short, failures near the top grouped by cause; --verbose lists every entity', async () => {
  const files = generatedExport({
    categories: CATEGORIES,
    courses: COURSES,
    editCourse(node, i) {
      if (BAD.has(i)) node.attributes.field_start_date = 'next spring';
    },
  });
  const config = generatedConfig(await exampleConfig());
  const site = await makeSite({ config, files });
  try {
    const sync = await runCli(['sync', '-c', site.configFile], site.env);
    assert.equal(sync.code, 1, sync.stderr);
    const lines = sync.stdout.trimEnd().split('\n');
    assert.ok(lines.length <= 80, `the default report has ${lines.length} lines`);
    assert.match(lines[0], /^Site guard: writes allowed/);
    const problems = lines.indexOf('== Problems');
    assert.ok(problems > 0 && problems < 15, `the problems start at line ${problems + 1}`);
    assert.match(lines[problems + 1], /^ {2}20 entities failed: data in field startdate$/);
    assert.match(lines[problems + 2], /e\.g\. node--course \d+, field startdate .*"next spring" is not an ISO 8601 date/);
    assert.match(lines[problems + 3], /node--course \d+, node--course \d+, .*, and 15 more$/);
    assert.ok(lines.some((l) => /^ {2}courses +1700 +1680 created, 20 failed$/.test(l)), 'the summary per component');
    assert.ok(lines.some((l) => /^ {2}\.\.\. and 1660 more \(1660 created\): --verbose lists them$/.test(l)), 'creations collapsed with a count');

    const plan = await runCli(['plan', '-c', site.configFile, '--verbose'], site.env);
    assert.equal(plan.code, 1, plan.stderr);
    for (let i = 0; i < COURSES; i += 1) {
      assert.ok(plan.stdout.includes(` node--course ${1000 + i}`), `node--course ${1000 + i} is listed`);
    }
    const planJson = JSON.parse((await runCli(['plan', '-c', site.configFile, '--json'], site.env)).stdout);
    assert.equal(planJson.entities.length, CATEGORIES + COURSES, '--json stays complete');
  } finally {
    await site.close();
  }
});
