// A push in tool_trigger's form: Moodle's \core\event\course_completed posted by an "HTTP post"
// step (Moodle ids, form-encoded or JSON) to `serve`'s handler; the receiver reads the course, the
// user and the completion back from the Moodle simulator and writes the registration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, fullConfig, makeSite, core } from '../sync/harness.mjs';
import { serveContext, startServer } from '../../../js/host/serve-command.mjs';
import { SECRET } from './receiver-site.mjs';
import { TEST_NOW, testClock } from '../test-clock.mjs';

const DONE = TEST_NOW - 3 * 3600;
const rfc = (s) => new Date(s * 1000).toISOString().replace('.000Z', '+00:00');

test('tool_trigger\'s course_completed event, form-encoded then as JSON: one status call gives the date, the same event again writes nothing', async () => {
  const site = await makeSite({ config: await fullConfig() });
  let server;
  try {
    const synced = await site.run();
    const course = Number(entity(synced, 'node--course', 100).moodle_id);
    const user = Number(entity(synced, 'user--user', 20).moodle_id);
    const { completion } = site.sim;
    const [a1, a2] = [1, 2].map((n) => completion.addActivity(course, { modname: 'page', name: `Page ${n}`, tracking: 1 }));
    completion.setCriteria(course, { activities: [a1, a2], aggregation: 1 });
    completion.complete(user, a1, { time: DONE - 60 });
    completion.complete(user, a2, { time: DONE });

    const lines = [];
    const ctx = await serveContext(core, site.configFile, { env: { ...site.env, MOODLE_SYNC_COMPLETION_SECRET: SECRET }, now: testClock, log: (l) => lines.push(l) });
    server = await startServer(ctx, { port: 0 });
    const post = async (body, contentType) => {
      const response = await fetch(`${server.url}/completion`, {
        method: 'POST', headers: { authorization: `Bearer ${SECRET}`, 'content-type': contentType }, body,
      });
      return { status: response.status, body: await response.json() };
    };

    site.sim.resetCallLog();
    const form = `eventname=${encodeURIComponent('\\core\\event\\course_completed')}&courseid=${course}&relateduserid=${user}&timecreated=${DONE + 5}`;
    const first = await post(form, 'application/x-www-form-urlencoded');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.message, 'Updated 0 nodes and 1 registrations');
    const registration = (await site.readExport('registrations.json')).data.find((r) => r.attributes.drupal_internal__registration_id === 500);
    assert.deepEqual(
      [registration.attributes.field_completed, registration.attributes.field_completed_date, registration.attributes.field_completed_activities],
      [true, rfc(DONE), 2],
      'the date is the latest criterion time, not the event\'s time',
    );
    const called = site.sim.callLog.map((c) => c.wsfunction);
    assert.equal(called.filter((f) => f === 'core_completion_get_course_completion_status').length, 1);
    assert.ok(!called.some((f) => /create|update|enrol_manual|override/.test(f)), 'nothing written to Moodle');

    const json = JSON.stringify({ courseid: course, relateduserid: user, timecreated: DONE + 5 });
    const again = await post(json, 'application/json');
    assert.equal(again.status, 200);
    assert.equal(again.body.message, 'Updated 0 nodes and 0 registrations');
    assert.equal(lines.length, 2, 'one log line per request');
    assert.doesNotMatch(lines.join('\n'), /relateduserid|courseid|course_completed|Bearer/, 'the log holds no payload and no header');
  } finally {
    await server?.close();
    await site.close();
  }
});
