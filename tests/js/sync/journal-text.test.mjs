// The journal file's text crosses to the core as it is, and comes back as the text to write: the
// core reads its lines (a damaged one skipped, as the hosts skip it) and writes each kept record
// as JSON.stringify does, so the file is the same byte for byte as when the host wrote it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { core, fullConfig, makeSite } from './harness.mjs';
import { journalPathFor, prepareRun, runSync } from '../../../js/host/sync-run.mjs';
import { MemoryStateStore } from '../../../js/host/state-store.mjs';
import { parseJournalText } from '../../../js/host/memory-state-store.mjs';

const withoutTemplates = () => fullConfig((c) => {
  delete c.components.templates;
  delete c.components.courses.template_field;
});

// A record the core keeps as it was read (a file export's resume mark), with characters whose
// JSON differs between writers when they are not written as JSON.stringify writes them.
const ODD = { kind: 'resume', mode: 'full', note: 'Zoë \u0001\u001f\b\t\n\f\r "q" \\ / \u007f \u2028 😀 ünïcødé' };

test('the journal a sync writes is each kept record as JSON.stringify writes it, byte for byte', async () => {
  const site = await makeSite({ config: await withoutTemplates() });
  try {
    const file = journalPathFor(site.exportDir);
    await writeFile(file, `${JSON.stringify(ODD)}\n`);
    assert.equal((await site.run()).exit_code, 0);
    const text = await readFile(file, 'utf8');
    const records = parseJournalText(text);
    assert.ok(records.some((r) => r.kind === 'enrolment'), 'the run kept its enrolments');
    assert.deepEqual(records.filter((r) => r.kind === 'resume'), [ODD], 'the record read is kept as it was');
    assert.equal(text, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  } finally {
    await site.close();
  }
});

test('a journal read as text: blank, damaged and cut lines are skipped as the records were, the plan is the same', async () => {
  const site = await makeSite({ config: await withoutTemplates() });
  try {
    const first = await site.run();
    assert.equal(first.exit_code, 0);
    // The ids only the journal kept (the export as it was before the run), among lines a host skips.
    const ids = first.entities.filter((e) => e.moodle_id && e.component === 'users')
      .map((e) => ({ component: e.component, type: e.resource, uuid: e.uuid, idnumber: e.idnumber, moodle_id: e.moodle_id }));
    assert.ok(ids.length >= 2);
    await site.editExport('users.json', (doc) => doc.data.forEach((u) => { u.attributes.field_moodle_id = null; }));
    const lines = ids.map((r) => JSON.stringify(r));
    const text = `\uFEFF${lines[0]}\n\n  \r\n${lines.slice(1).join('\r\n')}\n{"moodle_id": 7, "damaged\nnot json at all\n${JSON.stringify(ODD)}\n{"cut`;
    await writeFile(journalPathFor(site.exportDir), text);

    const fromText = await runSync(core, await prepareRun(core, site.configFile, { env: site.env }), { dryRun: true, clockMs: () => 0 });
    const prepared = await prepareRun(core, site.configFile, { env: site.env });
    const fromRecords = await runSync(core, { ...prepared, journal: new MemoryStateStore(parseJournalText(text)) }, { dryRun: true, clockMs: () => 0 });
    assert.deepEqual(fromText, fromRecords);
    // The first line's byte order mark makes it no JSON for the hosts: that id is not recovered.
    assert.equal(fromText.summary['created (recovered)'], ids.length - 1, JSON.stringify(fromText.summary));
  } finally {
    await site.close();
  }
});

test('a journal line that is JSON the core cannot hold stops the run naming the line, and the file is kept', async () => {
  const site = await makeSite({ config: await withoutTemplates() });
  try {
    // JSON.parse reads it (a lone surrogate escape): skipped, it would be erased by the run's rewrite.
    const text = `${JSON.stringify(ODD)}\n{"kind":"id","type":"user--user","uuid":"u1","moodle_id":42,"label":"\\ud800"}\n`;
    const file = journalPathFor(site.exportDir);
    await writeFile(file, text);
    await assert.rejects(runSync(core, await prepareRun(core, site.configFile, { env: site.env })), (e) => {
      assert.equal(e.kind, 'input');
      assert.match(e.message, /the state store's line 2 cannot be read/);
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), text);
  } finally {
    await site.close();
  }
});
