// Chaos: 1,000 entities (courses, some copied from templates, users in cohorts, registrations)
// against a simulator failing 10 % of its calls with every fault kind (refused, reset, cut, HTML,
// a timeout after Moodle applied the call, a proxy's 504 while PHP goes on, a deadlock), seeds
// fixed. The sync converges within 3 runs: no duplicate, no lost id, no unmanageable enrolment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULT_KINDS } from '../../../simulator/faults.mjs';
import { chaosLine, chaosRun } from './chaos.mjs';

const seen = new Set();
// Seeds 7, 9 and 10 did not converge within 3 runs before deadlocks were retried (a deadlocked read
// stopped every run); 7 meets every fault kind.
for (const seed of [7, 9, 10]) {
  test(`chaos at 1,000 entities, 10 % of calls failing (seed ${seed}): converges within 3 runs, nothing twice, nothing lost`, async () => {
    const r = await chaosRun({ entities: 1000, seed });
    const line = chaosLine(r);
    for (const kind of Object.keys(r.faults)) seen.add(kind);
    assert.ok(r.calls > 0 && Object.keys(r.faults).length > 0, line);
    assert.ok(r.converged, `${line}\n${JSON.stringify(r.runs.map((x) => x.errors))}`);
    assert.equal(r.duplicates, 0, line);
    assert.equal(r.lost, 0, `${line}\n${r.lostList.join('\n')}`);
    assert.equal(r.unsynced, 0, line);
    assert.equal(r.unmanageable, 0, line);
  });
}

test('the seeds above met every fault kind', () => {
  assert.deepEqual([...seen].sort(), [...FAULT_KINDS].sort());
});
