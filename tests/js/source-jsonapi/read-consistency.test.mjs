// What a live read may conclude while Drupal changes under it or hides entities from the account:
// a deletion during a paged listing skips no other entity, entities access hides are not taken
// for deleted, and an edit saved during a long read is read by the next incremental run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PERMISSIONS } from '../../../drupal-simulator/accounts.mjs';
import { prepareRun, runSync } from '../../../js/host/sync-run.mjs';
import { core, moodleCall, noWait, syncedSite } from './live-harness.mjs';

const COURSE = 'node--course';

/** A run whose Drupal answers pass through `onAnswer(url, response)` before the reader sees them. */
async function runWithHook(live, onAnswer, options) {
  const drupalFetch = async (url, init) => {
    const response = await fetch(url, init);
    await onAnswer(String(url), response);
    return response;
  };
  const prepared = await prepareRun(core, live.configFile, { env: live.env, wait: noWait, drupalFetch });
  return runSync(core, prepared, options);
}

test('a course deleted after the first page of a full read was read: the next course is not skipped, and not deleted in Moodle', async () => {
  const live = await syncedSite({ drupal: { pageSize: 2 }, config: (c) => { c.components.courses.deleted = 'delete'; return c; } });
  try {
    let removed = null;
    live.sim.resetCallLog();
    const report = await runWithHook(live, async (url, response) => {
      const decoded = decodeURIComponent(url);
      if (removed || !decoded.includes('/jsonapi/node/course?fields[node--course]=drupal_internal__nid,') || decoded.includes('filter[')) return;
      const page = await response.clone().json();
      removed = page.data[0];
      live.drupal.remove(COURSE, removed.id);
    }, { full: true });
    assert.equal(removed?.attributes.drupal_internal__nid, 100);
    assert.deepEqual(report.entities.filter((e) => e.outcome === 'deleted'), [], 'course 102, third in id order, was listed');
    assert.deepEqual(live.moodleWrites().filter((c) => c.wsfunction === 'core_course_delete_courses'), []);
  } finally {
    await live.close();
  }
});

test('a user deleted after the first page of the census was read: no other user is missed, nobody is suspended', async () => {
  const live = await syncedSite({ drupal: { pageSize: 2 } });
  try {
    const users = live.drupal.resources('user--user').length;
    let removed = null;
    live.sim.resetCallLog();
    const report = await runWithHook(live, async (url, response) => {
      const decoded = decodeURIComponent(url);
      if (removed || !decoded.includes('/jsonapi/user/user?fields[user--user]=drupal_internal__uid&')) return;
      // The first census page is read: a Drupal user deletes its first entity.
      const page = await response.clone().json();
      removed = page.data[0];
      live.drupal.remove('user--user', removed.id);
    }, { scanDeletions: true });
    assert.ok(removed, 'the census listed users');
    assert.equal(live.drupal.resources('user--user').length, users - 1);
    const suspended = report.entities.filter((e) => e.resource === 'user--user' && e.outcome === 'updated');
    assert.deepEqual(suspended, [], 'every user still in Drupal was listed');
    assert.deepEqual(live.moodleWrites().filter((c) => /user/.test(c.wsfunction)), []);
    const pages = live.drupal.calls.filter((c) => decodeURIComponent(c.path).includes('fields[user--user]=drupal_internal__uid&'));
    assert.ok(pages.length > 2, 'the census took several pages');
    for (const c of pages.slice(1)) {
      assert.match(decodeURIComponent(c.path), /filter\[keyset\]\[condition\]\[operator\]=>/, c.path);
      assert.doesNotMatch(decodeURIComponent(c.path), /page\[offset\]/, c.path);
    }
  } finally {
    await live.close();
  }
});

test('an account without the node admin permission: the unpublished course it cannot see is not deleted in Moodle', async () => {
  const live = await syncedSite({
    config: (c) => {
      c.components.courses.deleted = 'delete';
      return c;
    },
  });
  try {
    const courses = await moodleCall(live.sim, 'core_course_get_courses');
    assert.ok(courses.some((c) => c.idnumber === 'course-102'), 'the unpublished course was synced by the admin account');
    const account = live.drupal.accounts[0];
    for (const p of ['bypass node access', 'administer nodes']) account.permissionSet.delete(p);
    assert.ok(ADMIN_PERMISSIONS.includes('bypass node access'));
    live.sim.resetCallLog();
    const full = await live.run({ full: true });
    const census = await live.run({ scanDeletions: true });
    for (const report of [full, census]) {
      assert.equal(report.entities.filter((e) => e.outcome === 'deleted').length, 0, JSON.stringify(report.entities.filter((e) => e.outcome === 'deleted')));
    }
    assert.deepEqual(live.moodleWrites().filter((c) => c.wsfunction === 'core_course_delete_courses'), []);
    const after = await moodleCall(live.sim, 'core_course_get_courses');
    assert.ok(after.some((c) => c.idnumber === 'course-102'), 'the hidden course is still in Moodle');
    assert.ok(full.notes.some((n) => /node--course/.test(n) && /1 node--course entity/.test(n) && /omitted/.test(n)), JSON.stringify(full.notes));
  } finally {
    await live.close();
  }
});

test('an edit saved during the read of a later page is read by the next incremental run (the mark is the listing\'s start)', async () => {
  const live = await syncedSite({ drupal: { pageSize: 3 } });
  try {
    await live.run();
    live.tick(3600);
    const byNid = (nid) => live.drupal.resources(COURSE).find((r) => r.attributes.drupal_internal__nid === nid);
    // Courses no registration points at: only the changed listing reads them.
    for (const nid of [102, 103, 105, 106]) live.drupal.edit(COURSE, byNid(nid).id, { field_level: `L${nid}` });
    let edited = false;
    await runWithHook(live, async (url) => {
      const decoded = decodeURIComponent(url);
      if (edited || !decoded.includes('/jsonapi/node/course?') || !decoded.includes('filter[changed]')) return;
      edited = true;
      // The first page of changed courses is read; a user saves one of its courses, then, later,
      // one of a later page (read by this run, with the newest `changed`).
      live.tick(600);
      live.drupal.edit(COURSE, byNid(102).id, { title: 'Español (edited during the read)' });
      live.tick(600);
      live.drupal.edit(COURSE, byNid(106).id, { field_level: 'L106b' });
    });
    assert.ok(edited);
    live.tick(3600);
    const next = await live.run();
    assert.equal(next.summary.failed, 0);
    const course = (await moodleCall(live.sim, 'core_course_get_courses')).find((c) => c.idnumber === 'course-102');
    assert.equal(course.fullname, 'Español (edited during the read)');
  } finally {
    await live.close();
  }
});
