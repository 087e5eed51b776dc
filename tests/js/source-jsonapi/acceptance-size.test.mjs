// The acceptance-size site (10 categories, 4 templates, 200 courses, 600 users in 24 cohorts,
// 1,200 registrations: about 2,000 entities) synced from the file export into one Moodle simulator and from the Drupal
// simulator serving the same export into another: the same Moodle object by object, the same ids
// written back (PATCHed into Drupal, written into the export), and after one edit in Drupal an
// incremental run that writes only that entity to Moodle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatedPeopleExport } from '../../../examples/generated-site.mjs';
import { SITE_URL, fullConfig, makeSite } from '../sync/harness.mjs';
import { makeLiveSite, moodleCall } from './live-harness.mjs';

const SIZES = { categories: 10, templates: 4, courses: 200, users: 600, cohorts: 24, enrolments: 1200 };
const COURSE = 'node--course';

/** The generated export with some variety: nested categories, blocked users, canceled registrations. */
function acceptanceExport() {
  const files = generatedPeopleExport(SIZES);
  for (const term of files['course_categories.json'].data) {
    const tid = term.attributes.drupal_internal__tid;
    if (tid > 5) term.relationships.parent.data = [{ type: term.type, id: files['course_categories.json'].data[(tid % 5)].id }];
  }
  files['users.json'].data.forEach((u, i) => { if (i % 97 === 0) u.attributes.status = false; });
  files['registrations.json'].data.forEach((r, i) => { if (i % 53 === 0) r.attributes.state = 'canceled'; });
  return files;
}

/** The example's configuration for the generated fields (no completion fields, no role field). */
function configure(config) {
  delete config.components.completion;
  delete config.components.enrolments.registration.role_field;
  return config;
}

/** What Moodle holds, keyed by idnumber (Moodle's own ids depend on the order of creation). */
async function moodleObjects(sim) {
  const call = (wsfunction, params) => moodleCall(sim, wsfunction, params);
  const categories = await call('core_course_get_categories');
  const catIdnumber = new Map(categories.map((c) => [c.id, c.idnumber]));
  const courses = (await call('core_course_get_courses')).filter((c) => c.format !== 'site');
  const { users } = await call('core_user_get_users', { criteria: [{ key: 'auth', value: 'manual' }] });
  const usernameOf = new Map(users.map((u) => [u.id, u.username]));
  const cohorts = await call('core_cohort_get_cohorts');
  const members = Object.fromEntries((await call('core_cohort_get_cohort_members', { cohortids: cohorts.map((c) => c.id) })).map((c) => [c.cohortid, c.userids]));
  const enrolments = {};
  for (const course of courses) {
    const enrolled = await call('core_enrol_get_enrolled_users', { courseid: course.id });
    enrolments[course.idnumber || course.shortname] = enrolled.map((u) => `${u.username}:${(u.roles ?? []).map((r) => r.roleid).sort().join(',')}`).sort();
  }
  const byKey = (list, key, pick) => Object.fromEntries(list.map((o) => [o[key], pick(o)]).sort(([a], [b]) => a.localeCompare(b)));
  return {
    categories: byKey(categories, 'idnumber', (c) => ({ name: c.name, parent: catIdnumber.get(c.parent) ?? c.parent, description: c.description })),
    courses: byKey(courses, 'shortname', (c) => ({ idnumber: c.idnumber, fullname: c.fullname, category: catIdnumber.get(c.categoryid), visible: c.visible, summary: c.summary, startdate: c.startdate })),
    users: byKey(users.filter((u) => u.idnumber), 'idnumber', (u) => ({ username: u.username, email: u.email, firstname: u.firstname, lastname: u.lastname, city: u.city, suspended: u.suspended })),
    cohorts: byKey(cohorts, 'idnumber', (c) => ({ name: c.name, members: (members[c.id] ?? []).map((id) => usernameOf.get(id)).sort() })),
    enrolments,
  };
}

/** `type uuid -> moodle id` of every entity with an id written back. */
function writtenIds(resourcesByType) {
  const ids = {};
  for (const [type, resources] of Object.entries(resourcesByType)) {
    for (const r of resources) if (r.attributes.field_moodle_id) ids[`${type} ${r.id}`] = String(r.attributes.field_moodle_id);
  }
  return ids;
}

test('the acceptance-size site gives the same Moodle from Drupal\'s JSON:API as from the file export', async (t) => {
  const files = acceptanceExport();
  const exportDir = path.join(await mkdtemp(path.join(tmpdir(), 'moodle-sync-acceptance-')), 'export');
  await mkdir(exportDir);
  await writeFile(path.join(exportDir, 'site.json'), JSON.stringify({ site_url: SITE_URL }));
  for (const [name, doc] of Object.entries(files)) await writeFile(path.join(exportDir, name), JSON.stringify(doc));

  const file = await makeSite({ config: configure(await fullConfig()), files });
  const live = await makeLiveSite({ config: configure, drupal: { exportDir } });
  try {
    const fileReport = await file.run();
    const liveReport = await live.run();
    assert.equal(fileReport.summary.failed, 0);
    assert.deepEqual(liveReport.summary, fileReport.summary);
    assert.ok(liveReport.summary.created > 2000, JSON.stringify(liveReport.summary));

    const [fileMoodle, liveMoodle] = [await moodleObjects(file.sim), await moodleObjects(live.sim)];
    assert.equal(Object.keys(liveMoodle.courses).length, SIZES.courses + SIZES.templates);
    assert.equal(Object.keys(liveMoodle.users).length, SIZES.users);
    assert.deepEqual(liveMoodle, fileMoodle);

    // The ids: PATCHed into Drupal once each, the same set as written into the export.
    const fileIds = {};
    for (const name of Object.keys(files)) {
      const doc = JSON.parse(await readFile(path.join(file.exportDir, name), 'utf8'));
      Object.assign(fileIds, writtenIds({ [doc.data[0].type]: doc.data }));
    }
    const types = [...new Set(Object.keys(fileIds).map((k) => k.split(' ')[0]))];
    const liveIds = writtenIds(Object.fromEntries(types.map((t) => [t, live.drupal.resources(t)])));
    assert.deepEqual(Object.keys(liveIds).sort(), Object.keys(fileIds).sort());
    const patched = live.patches().map((c) => c.path.split('/').pop());
    assert.equal(patched.length, Object.keys(liveIds).length, 'one PATCH per new id');
    assert.deepEqual(new Set(patched), new Set(Object.keys(liveIds).map((k) => k.split(' ')[1])));

    // One edit in Drupal; the next incremental run writes only that course to Moodle.
    live.tick(3600);
    const course = live.drupal.resources(COURSE)[150];
    live.drupal.edit(COURSE, course.id, { title: 'Kurs 1150 — überarbeitet' });
    live.sim.resetCallLog();
    const from = live.drupal.calls.length;
    const incremental = await live.run();
    assert.deepEqual(incremental.entities.filter((e) => !['unchanged', 'ignored'].includes(e.outcome)).map((e) => [e.resource, e.id, e.outcome]),
      [[COURSE, course.attributes.drupal_internal__nid, 'updated']]);
    assert.deepEqual(live.moodleWrites().map((c) => c.wsfunction), ['core_course_update_courses']);
    assert.equal(live.patches(from).length, 0);
    const gets = live.callsSince(from).filter((c) => c.method === 'GET');
    // What it read: the changed listings also hold every entity the first run PATCHed (their
    // `changed` is the high-water mark), and the reads of what depends on those.
    t.diagnostic(`the incremental run after one edit made ${gets.length} Drupal reads`);
  } finally {
    await Promise.all([file.close(), live.close()]);
  }
});
