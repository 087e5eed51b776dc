// Incremental runs of a live source: after one edit in Drupal, one page per collection plus the
// entities that depend on the changed one, and only that change written to Moodle; `since`,
// `full` and the id-only census of deletions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syncedSite } from './live-harness.mjs';

const COURSE = 'node--course';

test('after one edit, an incremental run reads only filtered pages (no collection downloaded) and writes only that change to Moodle', async () => {
  const live = await syncedSite();
  try {
    const course = live.drupal.resources(COURSE).find((r) => r.attributes.drupal_internal__nid === 101);
    live.drupal.edit(COURSE, course.id, { title: 'Français intermédiaire (B1)' });
    live.sim.resetCallLog();
    const from = live.drupal.calls.length;
    const report = await live.run();
    const gets = live.callsSince(from).filter((c) => c.method === 'GET' && c.path !== '/jsonapi');
    assert.ok(gets.length >= 7, 'one read per collection at least');
    for (const c of gets) {
      // a changed-since filter or the ids of the dependents: never a whole collection, one page each
      assert.match(decodeURIComponent(c.path), /filter\[/, c.path);
      assert.doesNotMatch(decodeURIComponent(c.path), /page\[offset\]/, 'one page per query');
    }
    const writes = live.moodleWrites();
    assert.equal(writes.length, 1, JSON.stringify(writes));
    assert.equal(writes[0].wsfunction, 'core_course_update_courses');
    const changed = report.entities.filter((e) => e.outcome === 'updated');
    assert.deepEqual(changed.map((e) => [e.resource, e.id]), [[COURSE, 101]]);
    assert.equal(live.patches(from).length, 0, 'no new id, no PATCH');

    // The run after it: the edit is behind the high-water mark now.
    live.tick(3600);
    live.sim.resetCallLog();
    const next = await live.run();
    assert.deepEqual(live.moodleWrites(), []);
    assert.equal(next.summary.failed, 0);
  } finally {
    await live.close();
  }
});

test('a changed category term re-plans its courses although they did not change', async () => {
  const live = await syncedSite();
  try {
    const terms = live.drupal.resources('taxonomy_term--course_categories');
    const child = terms.find((t) => t.attributes.drupal_internal__tid === 4);
    const root = terms.find((t) => t.attributes.drupal_internal__tid === 1);
    live.drupal.edit('taxonomy_term--course_categories', child.id, { name: 'Renamed' });
    const from = live.drupal.calls.length;
    live.sim.resetCallLog();
    const report = await live.run();
    assert.ok(report.entities.some((e) => e.resource === 'taxonomy_term--course_categories' && e.id === 4 && e.outcome === 'updated'));
    const courseReads = live.callsSince(from).filter((c) => c.method === 'GET' && c.path.startsWith('/jsonapi/node/course'));
    assert.ok(courseReads.length >= 1);
    assert.ok(root);
  } finally {
    await live.close();
  }
});

test('--full reads every collection to the end and writes nothing when nothing changed', async () => {
  const live = await syncedSite();
  try {
    live.sim.resetCallLog();
    const report = await live.run({ full: true });
    assert.equal(report.summary.failed, 0);
    assert.deepEqual(live.moodleWrites(), []);
  } finally {
    await live.close();
  }
});

test('--since reads from the given time: an edit before it is not seen, one after it is', async () => {
  const live = await syncedSite();
  try {
    const course = live.drupal.resources(COURSE).find((r) => r.attributes.drupal_internal__nid === 102);
    live.drupal.edit(COURSE, course.id, { title: 'Edited' });
    const editedAt = live.drupal.resource(COURSE, course.id).attributes.changed;
    live.sim.resetCallLog();
    const later = await live.run({ since: '2100-01-01T00:00:00Z' });
    assert.equal(live.moodleWrites().length, 0, 'an edit before --since is not read');
    assert.equal(later.summary.failed, 0);
    const report = await live.run({ since: typeof editedAt === 'number' ? String(editedAt - 1) : editedAt });
    assert.ok(report.entities.some((e) => e.resource === COURSE && e.id === 102 && e.outcome === 'updated'));
  } finally {
    await live.close();
  }
});

test('a deleted user is suspended by the census of --scan-deletions, not by an incremental run', async () => {
  const live = await syncedSite();
  try {
    const user = live.drupal.resources('user--user').find((u) => u.attributes.drupal_internal__uid === 21);
    live.drupal.remove('user--user', user.id);
    live.sim.resetCallLog();
    const incremental = await live.run();
    assert.ok(!live.moodleWrites().some((c) => c.wsfunction === 'core_user_update_users'), 'an incremental run suspends nobody');
    assert.ok(!incremental.entities.some((e) => e.resource === 'user--user' && e.id === 21 && e.outcome === 'updated'));
    const from = live.drupal.calls.length;
    const census = await live.run({ scanDeletions: true });
    const updates = live.moodleWrites().filter((c) => c.wsfunction === 'core_user_update_users');
    assert.equal(updates.length, 1, JSON.stringify(live.moodleWrites()));
    assert.equal(census.entities.find((e) => e.resource === 'user--user' && e.id === 21)?.outcome, 'updated', 'suspended');
    const listing = live.callsSince(from).filter((c) => c.path.includes('fields%5Buser--user%5D=drupal_internal__uid') || c.path.includes('fields[user--user]=drupal_internal__uid'));
    assert.ok(listing.length >= 1, 'users listed by id only');
  } finally {
    await live.close();
  }
});
