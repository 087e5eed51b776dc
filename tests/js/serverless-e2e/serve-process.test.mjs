// `moodle-sync serve` as a process of its own, after a CLI sync of the same configuration (serve
// keeps the CLI's journal): the Drupal simulator's webhooks-module events reach it over HTTP and
// Moodle follows; /health answers with its token. The webhooks form carries no timestamp, so the
// process's own clock plays no part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPLETION_SECRET, COURSE_DE, EVENTS_SECRET, HEALTH_TOKEN, newCourse } from './harness.mjs';
import { makeLiveSite } from '../source-jsonapi/live-harness.mjs';
import { startServe } from '../completion-e2e/harness.mjs';
import { readFile, writeFile } from 'node:fs/promises';

test('serve takes the webhooks module\'s events after a CLI sync and answers /health', async (t) => {
  const live = await makeLiveSite();
  t.after(() => live.close());
  const config = JSON.parse(await readFile(live.configFile, 'utf8'));
  config.events = {};
  await writeFile(live.configFile, JSON.stringify(config, null, 2));
  assert.equal((await live.run()).exit_code, 0);
  const env = { ...live.env, MOODLE_SYNC_EVENTS_SECRET: EVENTS_SECRET, MOODLE_SYNC_HEALTH_TOKEN: HEALTH_TOKEN, MOODLE_SYNC_COMPLETION_SECRET: COMPLETION_SECRET };
  const server = await startServe(live.configFile, env);
  t.after(() => server.stop());
  assert.match(server.first, /\/events, .*\/sync and .*\/health; the admin page at .*\/admin\//);
  for (const secret of [EVENTS_SECRET, HEALTH_TOKEN, COMPLETION_SECRET]) assert.ok(!server.lines.join('\n').includes(secret));

  assert.equal((await fetch(`${server.base}/health`)).status, 401);
  const health = await fetch(`${server.base}/health`, { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } });
  assert.equal(health.status, 200, await health.clone().text());
  assert.equal((await health.json()).moodle.ok, true);

  live.drupal.webhooks.add({ url: `${server.base}/events`, secret: EVENTS_SECRET });
  live.tick(60);
  live.drupal.edit('node--course', COURSE_DE, { title: 'German via serve' });
  const course = newCourse(920, 'Made via serve');
  live.drupal.add('node--course', course);
  await live.drupal.webhooks.idle();
  for (const d of live.drupal.webhooks.deliveries) assert.ok([200, 202].includes(d.status), `${d.event}: ${d.status} ${d.response} ${server.stderr()}`);
  // A 202 goes on after the answer: wait (on the simulators' side) until Moodle has both.
  const courses = () => [...live.sim.state.courses.values()];
  for (let i = 0; i < 200 && !(courses().some((c) => c.idnumber === 'course-920') && courses().find((c) => c.idnumber === 'course-100')?.fullname === 'German via serve'); i += 1) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(courses().find((c) => c.idnumber === 'course-100').fullname, 'German via serve');
  assert.equal(courses().filter((c) => c.idnumber === 'course-920').length, 1, server.stderr());
});
