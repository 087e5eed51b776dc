// The demo's completion step: after the sync, completions set in the simulator are pulled, and the
// registration fields that appeared in the export copy are the ones the demo prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { core, TEST_NOW } from './harness.mjs';
import { testClock } from '../test-clock.mjs';
import { runDemo } from '../../../js/host/demo.mjs';

test('the demo pulls the completions set in Moodle into the example registrations and prints them', async () => {
  const printed = [];
  const { dir, reports, changed } = await runDemo(core, (title, report, lines = []) => printed.push({ title, report, lines }), { clock: testClock });
  try {
    assert.equal(printed.length, 4, 'plan, sync, second sync, completions');
    assert.match(printed[3].title, /^4\. Completions/);
    const pull = reports[3];
    assert.equal(pull.summary.failed, 0, JSON.stringify(pull.summary));
    assert.ok(Object.keys(pull.calls.by_function).every((f) => /_get_|get_site_info/.test(f)), 'the pull only reads Moodle');

    const regs = JSON.parse(await readFile(path.join(dir, 'export', 'registrations.json'), 'utf8')).data;
    const byId = new Map(regs.map((r) => [r.attributes.drupal_internal__registration_id, r.attributes]));
    const iso = (s) => new Date(s * 1000).toISOString().replace('.000Z', '+00:00');
    // anna.schmidt completed both activities of DE-A1: complete, at the later of the two times.
    assert.deepEqual(pick(byId.get(500)), { field_completed: true, field_completed_date: iso(TEST_NOW - 5 * 3600), field_completed_activities: 2 });
    // jose.garcia did one of two in FR-B1: not complete.
    assert.deepEqual(pick(byId.get(501)), { field_completed: false, field_completed_date: null, field_completed_activities: 1 });
    // o.brien completed the only activity of RD-ETH.
    assert.deepEqual(pick(byId.get(503)), { field_completed: true, field_completed_date: iso(TEST_NOW - 3 * 3600), field_completed_activities: 1 });
    // The teacher in DE-A1 is not tracked by completion, the canceled registration is not read.
    assert.deepEqual(pick(byId.get(502)), { field_completed: null, field_completed_date: null, field_completed_activities: null });
    assert.deepEqual(pick(byId.get(504)), { field_completed: null, field_completed_date: null, field_completed_activities: null });

    const lines = printed[3].lines.join('\n');
    assert.deepEqual(changed.map((c) => c.label), ['registration 500 (anna.schmidt, DE-A1)', 'registration 501 (jose.garcia, FR-B1)', 'registration 503 (o.brien, RD-ETH)']);
    assert.match(lines, /registration 500 \(anna\.schmidt, DE-A1\): field_completed true, field_completed_date "[^"]+", field_completed_activities 2/);
    assert.match(lines, /registration 501 \(jose\.garcia, FR-B1\): field_completed false, field_completed_activities 1/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const pick = (a) => ({ field_completed: a.field_completed, field_completed_date: a.field_completed_date, field_completed_activities: a.field_completed_activities });
