// Bad input and faults of a live source: each stops with an error naming the URL (never the
// credentials) and what was read or written, loses nothing, and the next run resumes from the
// journal and the high-water marks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoCredentials, makeLiveSite, moodleCall } from './live-harness.mjs';

const COURSES = '/jsonapi/node/course';

const moodleCategories = (live) => moodleCall(live.sim, 'core_course_get_categories');

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('the run did not stop');
}

for (const [kind, words] of [
  ['not-json', /not JSON|JSON/i],
  ['loop', /already|loop/i],
  ['wrong-type', /type/i],
  ['cut', /JSON|cut|incomplete/i],
]) {
  test(`a course page (${kind}) stops the read before anything is written, naming the URL; the next run reads it again`, async () => {
    const live = await makeLiveSite({ drupal: { pageSize: 3 } });
    try {
      live.drupal.faults.add({ method: 'GET', path: COURSES, kind, times: kind === 'loop' ? 1 : 1 });
      const error = await rejection(live.run());
      assert.match(error.message, words);
      assert.match(error.message, new RegExp(`${live.drupal.url}${COURSES}`.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')));
      assertNoCredentials(live, error.message);
      assert.deepEqual(live.moodleWrites(), [], 'nothing sent to Moodle');
      assert.equal(live.patches().length, 0);
      assert.deepEqual(await live.journal(), [], 'no high-water mark from a failed read');
      const report = await live.run();
      assert.equal(report.summary.failed, 0);
      assert.ok(report.summary.created > 10);
    } finally {
      await live.close();
    }
  });
}

test('a 503 and a 429 are retried; the run goes on', async () => {
  const live = await makeLiveSite();
  try {
    live.drupal.faults.add({ method: 'GET', path: COURSES, kind: 'status:503', times: 2 });
    live.drupal.faults.add({ method: 'PATCH', kind: 'status:429', times: 1 });
    const report = await live.run();
    assert.equal(report.summary.failed, 0);
    assert.equal(live.drupal.calls.filter((c) => c.status === 503).length, 2);
  } finally {
    await live.close();
  }
});

test('a reference to an entity that is missing or hidden fails that entity alone, naming it', async () => {
  const live = await makeLiveSite();
  try {
    const course = live.drupal.resources('node--course').find((r) => r.attributes.drupal_internal__nid === 101);
    const categoryType = 'taxonomy_term--course_categories';
    const ref = course.relationships.field_category.data;
    live.drupal.remove(categoryType, ref.id);
    const report = await live.run();
    const entity = report.entities.find((e) => e.resource === 'node--course' && e.id === 101);
    assert.notEqual(entity.outcome, 'created');
    assert.match(JSON.stringify(entity), new RegExp(ref.id.slice(0, 8)));
    assert.equal(report.entities.filter((e) => e.outcome === 'failed' && e.resource !== 'node--course').length, 0);
  } finally {
    await live.close();
  }
});

test('a PATCH answered 200 without the new value is not confirmed: the journal keeps the id and the next run sends it again', async () => {
  const live = await makeLiveSite();
  try {
    live.drupal.faults.add({ method: 'PATCH', kind: 'patch-no-value', times: 1 });
    const first = await live.run();
    const failed = first.entities.filter((e) => e.outcome === 'failed');
    assert.equal(failed.length, 1, JSON.stringify(failed));
    const message = failed[0].error.message;
    assert.match(message, /not confirmed/);
    assert.match(message, /PATCH http:\/\/127\.0\.0\.1:\d+\/jsonapi\//);
    assert.match(message, new RegExp(`${failed[0].resource} ${failed[0].id}`));
    const uuid = live.drupal.resources(failed[0].resource).find((r) => Object.entries(r.attributes).some(([k, v]) => k.startsWith('drupal_internal__') && v === failed[0].id)).id;
    assert.ok((await live.journal()).some((r) => r.kind === 'pending' && r.uuid === uuid), 'the entity is read again next time');
    live.tick();
    live.sim.resetCallLog();
    const from = live.drupal.calls.length;
    const second = await live.run();
    assert.equal(second.summary.failed, 0);
    assert.ok(live.patches(from).some((c) => c.path.endsWith(uuid)), 'the unconfirmed id is sent again');
    assert.equal(String(live.drupal.resource(failed[0].resource, uuid).attributes.field_moodle_id), String(failed[0].moodle_id));
    const categories = await moodleCategories(live);
    assert.equal(new Set(categories.map((c) => c.idnumber)).size, categories.length, 'no Moodle object made twice');
  } finally {
    await live.close();
  }
});

test('Drupal going away during the reads: a clear error naming the URL, nothing written; the next run syncs everything', async () => {
  const live = await makeLiveSite({ config: (c) => { c.source.retries = 1; } });
  try {
    live.drupal.faults.add({ method: 'GET', path: '/jsonapi/user/user', kind: 'down', times: 2 });  // the try and its one retry
    const error = await rejection(live.run());
    assert.match(error.message, /did not answer/);
    assert.match(error.message, /\/jsonapi\/user\/user/);
    assert.match(error.message, /user--user/);
    assertNoCredentials(live, error.message);
    assert.deepEqual(live.moodleWrites(), []);
    const report = await live.run();
    assert.equal(report.summary.failed, 0);
  } finally {
    await live.close();
  }
});

test('Drupal going away during the write-backs: those entities fail naming the URL, the journal keeps their ids, the next run PATCHes them without a second Moodle object', async () => {
  const live = await makeLiveSite({ config: (c) => { c.source.retries = 0; } });
  try {
    live.drupal.faults.add({ method: 'PATCH', kind: 'down', times: 3 });
    const first = await live.run();
    const failed = first.entities.filter((e) => e.outcome === 'failed');
    assert.equal(failed.length, 3, JSON.stringify(failed.map((e) => e.error)));
    for (const e of failed) {
      assert.match(e.error.message, /PATCH http:\/\/127\.0\.0\.1:\d+\/jsonapi\/.*did not answer/);
      assert.match(e.error.message, new RegExp(`${e.resource} ${e.id}`));
      assertNoCredentials(live, e.error.message);
    }
    live.tick();
    live.sim.resetCallLog();
    const from = live.drupal.calls.length;
    const second = await live.run();
    assert.equal(second.summary.failed, 0, JSON.stringify(second.entities.filter((e) => e.outcome === 'failed')));
    for (const e of failed) {
      const resource = live.drupal.resources(e.resource).find((r) => Object.entries(r.attributes).some(([k, v]) => k.startsWith('drupal_internal__') && v === e.id));
      assert.equal(String(resource.attributes.field_moodle_id), String(e.moodle_id), `${e.resource} ${e.id} has the id Moodle gave in the first run`);
      assert.ok(live.patches(from).some((c) => c.path.endsWith(resource.id)));
    }
    const categories = await moodleCategories(live);
    assert.equal(new Set(categories.map((c) => c.idnumber)).size, categories.length, 'no Moodle object made twice');
  } finally {
    await live.close();
  }
});
