// The simulator's Moodle-like latency model and its answer to a request over post_max_size.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../../simulator/server.mjs';
import { callLatencyMs, latencyModel } from '../../../simulator/latency.mjs';
import { testClock } from '../test-clock.mjs';
import { post } from './rest-post.mjs';

function createCourses(n, prefix = 'c') {
  const parts = ['wsfunction=core_course_create_courses'];
  for (let i = 0; i < n; i++) parts.push(`courses[${i}][fullname]=F${i}&courses[${i}][shortname]=${prefix}${i}&courses[${i}][categoryid]=1`);
  return parts.join('&');
}

test('off unless given', () => {
  assert.equal(latencyModel(undefined), null);
  assert.equal(latencyModel(false), null);
});

test('a fixed cost per call and a cost per item that grows with the batch, per function', () => {
  const model = latencyModel(true);
  assert.equal(callLatencyMs(model, 'core_course_create_courses', 100), 150 + 100 * 15);
  assert.equal(callLatencyMs(model, 'core_user_create_users', 100), 150 + 100 * 9);
  assert.equal(callLatencyMs(model, 'enrol_manual_enrol_users', 100), 150 + 100 * 5);
  const perItem = (n) => (callLatencyMs(model, 'core_course_create_courses', n) - 150) / n;
  assert.ok(Math.abs(perItem(300) / perItem(100) - 4) < 1e-9, '300 items cost 4x more per item than 100');
  assert.equal(callLatencyMs(model, 'core_course_get_courses', 0), 150, 'a read: the fixed cost');
  assert.equal(callLatencyMs(latencyModel({ callMs: 10, scale: 0.5 }), 'core_user_create_users', 100), (10 + 900) / 2);
  assert.throws(() => latencyModel({ callMs: -1 }), /latency.callMs must be a number >= 0/);
});

test('the time passes on the caller\'s clock: each call waits what the model says', async () => {
  const waits = [];
  const sim = await startSimulator({ clock: testClock, latency: { wait: async (ms) => { waits.push(ms); } } });
  try {
    assert.equal((await post(sim, createCourses(3))).status, 200);
    assert.equal((await post(sim, 'wsfunction=core_webservice_get_site_info')).status, 200);
    assert.deepEqual(waits, [callLatencyMs(latencyModel(true), 'core_course_create_courses', 3), 150]);
  } finally {
    await sim.close();
  }
});

test('a request over post_max_size is answered as PHP and Moodle answer it: XML invalidtoken, nothing made', async () => {
  const sim = await startSimulator({ clock: testClock, postMaxSize: 4096 });
  try {
    const res = await post(sim, createCourses(60, 'big'));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/xml/);
    const body = await res.text();
    assert.match(body, /<ERRORCODE>invalidtoken<\/ERRORCODE>/);
    assert.equal([...sim.state.courses.values()].filter((c) => String(c.shortname).startsWith('big')).length, 0);
    const small = await post(sim, createCourses(1, 'small'));
    assert.match(small.headers.get('content-type'), /^application\/json/);
  } finally {
    await sim.close();
  }
});
