// Incremental runs after the tool's own write-backs: the PATCHes moved `changed`, so the next
// read finds those entities again, but they bring no dependents and nothing for Moodle. A quiet
// site costs one request per collection (and the entry point, and references not held); one edit
// adds only the reads of that entity's dependents. Counted on the Drupal simulator's call log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { core, makeLiveSite } from './live-harness.mjs';

const COURSE = 'node--course';

async function collectionCount(live) {
  const answer = core.call('source_queries', { text: await readFile(live.configFile, 'utf8'), file: live.configFile, mode: 'full' });
  assert.ok(answer.ok, JSON.stringify(answer.error));
  return answer.value.queries.length;
}

/** Drupal's GETs by what they read: the entry point, changed-since pages, references, dependents. */
function readsOf(calls) {
  const reads = { entry: 0, changed: [], references: [], dependents: [] };
  for (const c of calls.filter((call) => call.method === 'GET')) {
    const url = new URL(c.path, 'http://drupal');
    const inPath = url.searchParams.get('filter[in][condition][path]');
    const read = { path: url.pathname, values: url.searchParams.getAll('filter[in][condition][value][]') };
    if (url.pathname === '/jsonapi') reads.entry += 1;
    else if (url.searchParams.has('filter[changed][condition][value]')) reads.changed.push(read);
    else if (inPath === 'id' || inPath?.startsWith('drupal_internal__')) reads.references.push(read);
    else reads.dependents.push({ ...read, field: inPath });
  }
  return reads;
}

async function runAndCount(live) {
  live.sim.resetCallLog();
  const from = live.drupal.calls.length;
  const report = await live.run();
  assert.equal(report.summary.failed, 0, JSON.stringify(report.entities.filter((e) => e.outcome === 'failed')));
  return { report, reads: readsOf(live.callsSince(from)), patches: live.patches(from).length };
}

test('the runs after a full sync read back its own PATCHes within the overlap, read none of their dependents and write nothing to Moodle', async () => {
  const live = await makeLiveSite();
  try {
    const collections = await collectionCount(live);
    const first = await live.run();
    assert.equal(first.summary.failed, 0);
    const patched = live.patches().length;
    assert.ok(patched > 10, `the first run writes the ids back (${patched} PATCHes)`);
    for (const round of ['second', 'third']) {
      live.tick(30);  // well within source.overlap_seconds: the write-backs are read again
      const { report, reads, patches } = await runAndCount(live);
      assert.ok(report.entities.length >= patched, `${round} run: the PATCHed entities are read again (${report.entities.length})`);
      assert.deepEqual(reads.dependents, [], `${round} run: no dependents read`);
      assert.equal(reads.changed.length, collections, `${round} run: one page per collection`);
      assert.ok(reads.entry + reads.changed.length <= collections + 1, `${round} run: ${JSON.stringify(reads)}`);
      assert.deepEqual(live.moodleWrites(), [], `${round} run: nothing written to Moodle`);
      assert.equal(patches, 0, `${round} run: no PATCH`);
    }
  } finally {
    await live.close();
  }
});

test('after one course edit, the next run reads one page per collection plus that course\'s dependents and makes one Moodle write', async () => {
  const live = await makeLiveSite();
  try {
    const collections = await collectionCount(live);
    await live.run();
    live.tick(30);
    await runAndCount(live);  // reads back the write-backs
    live.tick(30);
    const course = live.drupal.resources(COURSE).find((r) => r.attributes.drupal_internal__nid === 101);
    live.drupal.edit(COURSE, course.id, { title: 'Français intermédiaire (B1)' });
    const { report, reads } = await runAndCount(live);
    // The course's dependents are its registrations (entity_id): one read, naming that course only.
    assert.deepEqual(reads.dependents.map((d) => [d.path, d.field, d.values]), [['/jsonapi/registration/course_registration', 'entity_id', ['101']]]);
    assert.equal(reads.changed.length, collections, 'one page per collection');
    assert.equal(reads.entry + reads.changed.length + reads.dependents.length, collections + 1 + 1, JSON.stringify(reads));
    const writes = live.moodleWrites();
    assert.deepEqual(writes.map((w) => w.wsfunction), ['core_course_update_courses']);
    assert.deepEqual(report.entities.filter((e) => e.outcome === 'updated').map((e) => [e.resource, e.id]), [[COURSE, 101]]);
  } finally {
    await live.close();
  }
});
