// The example site synced from the Drupal simulator (a live JSON:API source) into the Moodle
// simulator: the same Moodle as from the file export, one PATCH per new id, and a next run that
// finds only its own write-backs and writes nothing to Moodle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSite, fullConfig } from '../sync/harness.mjs';
import { makeLiveSite, moodleState } from './live-harness.mjs';

test('the example synced from Drupal\'s JSON:API gives the Moodle a file export gives', async () => {
  const live = await makeLiveSite();
  const file = await makeSite({ config: await fullConfig() });
  try {
    const liveReport = await live.run();
    const fileReport = await file.run();
    assert.equal(liveReport.exit_code, fileReport.exit_code);
    assert.deepEqual(liveReport.summary, fileReport.summary);
    assert.deepEqual(await moodleState(live.sim), await moodleState(file.sim));
  } finally {
    await Promise.all([live.close(), file.close()]);
  }
});

test('each new moodle id is PATCHed once into field_moodle_id; the next run finds nothing to write', async () => {
  const live = await makeLiveSite();
  try {
    const writeBacks = [];
    const first = await live.run({ afterAction: (action, result) => { if (action.kind === 'write_back') writeBacks.push({ action, result }); } });
    assert.equal(first.summary.failed, 0);
    assert.ok(writeBacks.length > 10, `ids written back: ${writeBacks.length}`);
    const patches = live.patches();
    assert.equal(patches.length, writeBacks.length, 'one PATCH per new id, no more');
    assert.ok(patches.every((c) => c.status === 200 && c.auth === 'basic'));
    for (const { action, result } of writeBacks) {
      const resource = live.drupal.resource(action.entity.type, action.entity.uuid);
      // (beside `elapsed_ms`, the time the host measured for the action)
      assert.deepEqual({ ok: result.ok, changed: result.changed }, { ok: true, changed: resource.attributes.changed }, 'the `changed` of Drupal\'s answer goes to the engine');
      assert.equal(String(resource.attributes.field_moodle_id), String(action.value), action.entity.label);
    }
    const records = await live.journal();
    assert.ok(records.some((r) => r.kind === 'high_water'), 'the journal holds the high-water marks');
    assert.equal(records.filter((r) => r.kind === 'written').length, writeBacks.length, 'and the `changed` of each write-back');

    // The PATCHes moved `changed`: the next (incremental) run reads those entities again and sends nothing.
    live.tick();
    live.sim.resetCallLog();
    const calls = live.drupal.calls.length;
    const second = await live.run();
    assert.equal(second.summary.failed, 0);
    assert.deepEqual(live.moodleWrites(), [], 'nothing written to Moodle');
    assert.equal(live.patches(calls).length, 0, 'nothing PATCHed again');
  } finally {
    await live.close();
  }
});

test('a plan of a live source reads Drupal and writes nowhere', async () => {
  const live = await makeLiveSite();
  try {
    const plan = await live.run({ dryRun: true });
    assert.ok(plan.summary.created > 10);
    assert.equal(live.patches().length, 0);
    assert.deepEqual(live.moodleWrites(), []);
    assert.deepEqual(await live.journal(), []);
  } finally {
    await live.close();
  }
});
