// `demo --live`: the example read from the Drupal simulator, the new ids PATCHed into Drupal (one
// PATCH per created entity with a new id), then one course edited in Drupal and an incremental sync that reads
// little and makes one Moodle write, that course's update.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './cli-process.mjs';

test('demo --live: plan, sync with one PATCH per new id, then an edit synced by an incremental run alone', async () => {
  const r = await runCli(['demo', '--live', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const { plan, sync, incremental, figures } = JSON.parse(r.stdout);

  assert.equal(plan.dry_run, true);
  assert.equal(plan.summary.created, 24, '4 categories, 2 templates, 6 courses, 5 users, 2 cohorts, 5 enrolments');
  assert.equal(figures.plan.patches, 0);
  assert.deepEqual(figures.plan.moodle_writes, []);

  assert.equal(sync.summary.failed, 0);
  assert.equal(sync.summary.created, 24);
  // Enrolments have no id of their own to write back: the 19 other creations each get one PATCH.
  const created = sync.entities.filter((e) => e.outcome === 'created' && e.moodle_id !== null);
  assert.equal(created.length, 19);
  assert.equal(figures.sync.patches, created.length, 'one PATCH per created entity with a new id');
  assert.equal(figures.sync.drupal_requests.filter((c) => c.startsWith('PATCH ')).length, created.length, 'and no PATCH answered otherwise');

  assert.deepEqual(figures.incremental.edited, { type: 'node--course', id: 101, uuid: figures.incremental.edited.uuid, field: 'title', from: 'Français intermédiaire', to: 'Français intermédiaire (B1)' });
  const touched = incremental.entities.filter((e) => !['unchanged', 'ignored'].includes(e.outcome));
  assert.deepEqual(touched.map((e) => [e.resource, e.id, e.outcome]), [['node--course', 101, 'updated']]);
  assert.deepEqual(figures.incremental.moodle_writes, ['core_course_update_courses']);
  assert.equal(figures.incremental.patches, 0);
  // The entry point, one changed listing per collection (6), and the reads of what depends on the
  // entities read (the sync's PATCHes changed them too): at most one more read per collection.
  assert.ok(figures.incremental.drupal_gets <= 13, figures.incremental.drupal_requests.join('\n'));
  assert.ok(figures.incremental.drupal_requests.every((c) => c.startsWith('GET ')), 'reads only');

  const text = await runCli(['demo', '--live']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /######## 3\. One course edited in Drupal/);
  assert.match(text.stdout, new RegExp(`Drupal: \\d+ requests \\(\\d+ GET, ${created.length} PATCH of field_moodle_id\\)`));
  assert.match(text.stdout, /Edited in Drupal: node--course 101 title: "Français intermédiaire" -> "Français intermédiaire \(B1\)"/);
  assert.match(text.stdout, /Moodle: 1 write call: core_course_update_courses/);
  assert.doesNotMatch(text.stdout, /password/i);
});
