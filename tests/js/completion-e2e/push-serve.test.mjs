// The push receiver end to end: a real `moodle-sync serve` process receives local_completion_push's
// payload for 1,000 users and writes the file export; the same payload again writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { expectedFields, pluginPayload } from '../../../examples/generated-completion-site.mjs';
import { completedAt, completionSite, post, registrationsByPair, SECRET, startServe } from './harness.mjs';

const COURSES = 20;
const USERS = 1000;
let site;
let server;
let payload;

before(async () => {
  site = await completionSite({ courses: COURSES, users: USERS, sync: false });
  // The plugin keys by the idnumbers: course-<nid>, user-<uid>; no Moodle call is needed.
  const courses = new Map();
  for (const r of (await site.readExport('registrations.json')).data) {
    const nid = r.attributes.entity_id;
    if (!courses.has(nid)) courses.set(nid, { nid, learners: [] });
  }
  const users = new Map((await site.readExport('users.json')).data.map((u) => [u.id, u.attributes.drupal_internal__uid]));
  for (const r of (await site.readExport('registrations.json')).data) {
    courses.get(r.attributes.entity_id).learners.push({ uid: users.get(r.relationships.user_uid.data.id) });
  }
  site.pushed = courses;
  payload = JSON.stringify(pluginPayload(courses, { time: completedAt }));
  server = await startServe(site.configFile, site.env);
});

after(async () => {
  await server?.stop();
  await site?.close();
});

test('serve prints where it listens with the secret hidden', () => {
  assert.match(server.first, /http:\/\/127\.0\.0\.1:\d+\/completion\/<secret>/);
  assert.ok(!server.lines.join('\n').includes(SECRET));
});

test('1,000 users in one push write the configured fields into the export; the same push again writes nothing', async () => {
  const registrations = path.join(site.exportDir, 'registrations.json');
  const first = await post(server.url, payload);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  // Every registration had null fields: each one is written, and each course gets its total.
  assert.equal(first.body.message, `Updated ${COURSES} nodes and ${USERS} registrations`);
  const byPair = await registrationsByPair(site);
  let checked = 0;
  for (const { nid, learners } of site.pushed.values()) {
    for (const [j, { uid }] of learners.entries()) {
      const { attributes } = byPair.get(`${uid}:${nid}`);
      for (const [field, value] of Object.entries(expectedFields(j, completedAt))) {
        assert.deepEqual(attributes[field], value, `registration of user ${uid} in course ${nid}: ${field}`);
      }
      checked += 1;
    }
  }
  assert.equal(checked, USERS);
  const courses = (await site.readExport('courses.json')).data;
  assert.ok(courses.every((c) => c.attributes.field_activities_total === 2), 'the course total');

  const bytes = await readFile(registrations, 'utf8');
  const mtime = (await stat(registrations)).mtimeMs;
  const second = await post(server.url, payload);
  assert.equal(second.status, 200);
  assert.equal(second.body.message, 'Updated 0 nodes and 0 registrations');
  assert.equal(await readFile(registrations, 'utf8'), bytes, 'the export is not rewritten');
  assert.equal((await stat(registrations)).mtimeMs, mtime);
});

test('the receiver logs counts only: no name, key or value of the payload', () => {
  const log = server.lines.join('\n');
  assert.match(log, /Updated \d+ nodes and \d+ registrations/);
  for (const leak of ['user-10', 'course-1000', 'course_completed', SECRET]) assert.ok(!log.includes(leak), `the log holds ${leak}`);
});

