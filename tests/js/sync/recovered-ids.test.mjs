// Ids recovered from the journal: the objects an earlier run created and journaled, whose ids never
// reached Drupal (the run was killed before its write-backs), are that run's creations. Every report
// says "created (recovered)" alike: the JSON report, the text report and the admin page's table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EXAMPLE, core, exampleConfig, makeSite } from './harness.mjs';
import { journalPathFor } from '../../../js/host/sync-run.mjs';
import { runCli } from '../cli/cli-process.mjs';
import { formatReport } from '../../../js/host/report-format.mjs';
import { sortOutcomes } from '../../../js/web/plan-view/plan-model.mjs';

test('objects whose ids only the journal kept are reported "created (recovered)" by the JSON report, the text report and the page', async () => {
  const site = await makeSite({ config: await exampleConfig((c) => { delete c.components.templates; delete c.components.courses.template_field; }) });
  try {
    const first = await site.run();
    assert.equal(first.exit_code, 0);
    // The run "was killed before its write-backs": the export as it was, the ids only in the journal.
    const journal = first.entities.filter((e) => e.moodle_id && e.component === 'categories')
      .map((e) => ({ component: e.component, type: e.resource, uuid: e.uuid, idnumber: e.idnumber, moodle_id: e.moodle_id }));
    assert.ok(journal.length >= 4);
    await cp(path.join(EXAMPLE, 'export', 'course_categories.json'), path.join(site.exportDir, 'course_categories.json'));
    await writeFile(journalPathFor(site.exportDir), journal.map((r) => `${JSON.stringify(r)}\n`).join(''));

    const plan = await runCli(['plan', '-c', site.configFile, '--json'], site.env);
    const planned = JSON.parse(plan.stdout);
    assert.equal(planned.summary['created (recovered)'], journal.length, plan.stdout.slice(0, 400));
    assert.deepEqual(sortOutcomes(new Set(planned.entities.map((e) => e.outcome))).slice(0, 2), ['created (recovered)', 'unchanged']);

    const sync = await runCli(['sync', '-c', site.configFile, '--verbose'], site.env);
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(sync.stdout, new RegExp(`categories +\\d+ +${journal.length} created \\(recovered\\)`));
    assert.match(sync.stdout, /created \(recovered\) taxonomy_term--course_categories 1 \(moodle id \d+\)/);
    assert.doesNotMatch(sync.stdout, /adopted/);
    const written = JSON.parse(await readFile(path.join(site.exportDir, 'course_categories.json'), 'utf8'));
    assert.ok(written.data.every((t) => t.attributes.field_moodle_id), 'the ids are written back');
    const text = formatReport(core, { ...planned, dry_run: true }, {}).join('\n');
    assert.match(text, /would be created \(recovered\)/);
  } finally {
    await site.close();
  }
});
