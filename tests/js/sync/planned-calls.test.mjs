// The plan against the simulator says which writes a sync of it would send (planned_calls): the
// sync that follows sends exactly those, request for request, and the dry run itself sends only
// the reads the core lists (moodleReads), the list a read-only host holds every call to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, fullConfig, makeSite } from './harness.mjs';
import { formatReport } from '../../../js/host/report-format.mjs';

/** {wsfunction: {requests, items}} of the calls in the simulator's log. */
function byFunction(calls) {
  const out = {};
  for (const c of calls) {
    const count = (out[c.wsfunction] ??= { requests: 0, items: 0 });
    count.requests += 1;
    count.items += c.items ?? 1;  // a call without a list (a course copy) is one item
  }
  return out;
}

test('a dry run only reads, and the sync after it sends the calls its plan counted', async () => {
  const reads = core.moodleReads();
  assert.ok(reads.includes('core_course_get_courses') && !reads.some((f) => /create|update|delete|enrol_users|assign|duplicate|add_/.test(f)));
  // Small batches, so that the counts are cut into several requests.
  const site = await makeSite({ config: await fullConfig((c) => { c.moodle.max_batch_items = 2; }) });
  try {
    const plan = await site.run({ dryRun: true });
    const sentByPlan = site.sim.callLog.map((c) => c.wsfunction);
    assert.ok(sentByPlan.length > 0);
    assert.deepEqual(sentByPlan.filter((f) => !reads.includes(f)), [], 'the dry run sent only listed reads');
    assert.ok(plan.planned_calls.total > 0);
    const lines = formatReport(core, plan);
    const line = lines.find((l) => l.startsWith('Moodle calls a sync would make: '));
    const listed = Object.entries(plan.planned_calls.by_function).map(([f, c]) => `${f} ${c.requests}/${c.items}`).join(', ');
    assert.equal(line, `Moodle calls a sync would make: ${plan.planned_calls.total} (requests/items: ${listed})`);

    site.sim.resetCallLog();
    const sync = await site.run();
    assert.equal(sync.summary.failed, 0);
    const sent = byFunction(site.writeCalls());
    assert.deepEqual(plan.planned_calls.by_function, sent);
    assert.equal(plan.planned_calls.total, site.writeCalls().length);
    assert.ok(Object.values(sent).some((c) => c.requests > 1), 'some function took several requests');

    site.sim.resetCallLog();
    const again = await site.run({ dryRun: true });
    assert.deepEqual(again.planned_calls, { total: 0, by_function: {} }, 'nothing left to do');
    assert.ok(formatReport(core, again).includes('Moodle calls a sync would make: 0'));
    assert.ok(!formatReport(core, sync).some((l) => l.startsWith('Moodle calls a sync would make')), 'a sync says what it sent, not what it would');
  } finally {
    await site.close();
  }
});
