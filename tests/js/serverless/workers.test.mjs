// The Workers module (js/serverless/worker.mjs) in a Node process made to look like a Workers
// runtime (support/workers-runtime.mjs): no Node built-in can be imported, no `process`, no code
// generation from strings, no WebAssembly compiled from bytes; the .wasm is imported as a module.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runInWorkersRuntime } from './support/workers-process.mjs';
import { startKvServer } from './support/kv-reference-server.mjs';
import { makeLiveSite, moodleCall } from '../source-jsonapi/live-harness.mjs';

const WORKER = new URL('../../../js/serverless/worker.mjs', import.meta.url).href;
const PROBE = fileURLToPath(new URL('./support/workers-probe.mjs', import.meta.url));
const HEALTH_TOKEN = 'health-token-for-the-workers-test-0123456789';
const EVENTS_SECRET = 'events-secret-for-the-workers-test-0123456789';
const STATE_TOKEN = 'state-token-for-the-workers-test-0123456789';
const COURSE = '1b5fe941-c8f1-5244-9986-7801df666730';  // nid 100, idnumber course-100
const ORIGIN = 'https://moodle-sync.example.workers.dev';

let live;
let kv;
let env;
before(async () => {
  live = await makeLiveSite({ config: (c) => { c.events = { window_ms: 0 }; return c; } });
  kv = await startKvServer({ token: STATE_TOKEN });
  env = {
    ...live.env,
    MOODLE_SYNC_CONFIG: await readFile(live.configFile, 'utf8'),
    MOODLE_SYNC_HEALTH_TOKEN: HEALTH_TOKEN,
    MOODLE_SYNC_EVENTS_SECRET: EVENTS_SECRET,
    MOODLE_SYNC_STATE_URL: kv.url,
    MOODLE_SYNC_STATE_TOKEN: STATE_TOKEN,
  };
});
after(async () => {
  await kv?.close();
  await live?.close();
});

test('the Workers-like process refuses Node built-ins, code from strings and compiling bytes', async () => {
  const { code, answers, stderr } = await runInWorkersRuntime({}, { entry: PROBE });
  assert.equal(code, 0, stderr);
  const [seen] = answers;
  assert.equal(seen.process, 'undefined');
  assert.match(seen.importFs, /refused: import of the Node built-in "node:fs"/);
  assert.match(seen.importBarePath, /refused: import of the Node built-in "path"/);
  assert.match(seen.newFunction, /^EvalError/);
  assert.match(seen.compile, /Wasm code generation disallowed/);
  assert.match(seen.instantiateBytes, /Wasm code generation disallowed/);
  assert.match(seen.newModule, /Wasm code generation disallowed/);
});

test('the Workers module sets itself up from env and answers a request (404 for an unknown path)', async () => {
  const { code, answers, stderr } = await runInWorkersRuntime({
    module: WORKER, env, requests: [{ url: `${ORIGIN}/nothing-here` }],
  });
  assert.equal(code, 0, stderr);
  assert.equal(answers[0].status, 404, answers[0].body);
});

test('the Workers module answers GET /health with its token, and 401 without', async () => {
  const url = `${ORIGIN}/health`;
  const { code, answers, stderr } = await runInWorkersRuntime({
    module: WORKER,
    env,
    requests: [
      { url, headers: { authorization: `Bearer ${HEALTH_TOKEN}` } },
      { url },
    ],
  });
  assert.equal(code, 0, stderr);
  const [healthy, unauthorized] = answers;
  assert.equal(healthy.status, 200, healthy.body);
  const body = JSON.parse(healthy.body);
  assert.match(body.version, /^\d+\.\d+\.\d+/);
  assert.equal(body.moodle.ok, true);
  assert.equal(body.drupal.ok, true);
  assert.ok(!healthy.body.includes(HEALTH_TOKEN) && !healthy.body.includes(live.env.DRUPAL_PASSWORD), 'no secret in the answer');
  assert.equal(unauthorized.status, 401);
});

test('the Workers module runs a signed POST /events: the course is created in Moodle', async () => {
  const body = JSON.stringify({ op: 'update', type: 'node--course', uuid: COURSE, id: '100' });
  const { code, answers, stderr } = await runInWorkersRuntime({
    module: WORKER,
    env,
    requests: [
      { url: `${ORIGIN}/events`, method: 'POST', headers: { 'content-type': 'application/json' }, body },
      { url: `${ORIGIN}/events`, method: 'POST', body, signWith: EVENTS_SECRET },
    ],
  });
  assert.equal(code, 0, stderr);
  const [unsigned, signed] = answers;
  assert.equal(unsigned.status, 401, unsigned.body);
  assert.equal(signed.status, 200, signed.body);
  const answer = JSON.parse(signed.body);
  assert.equal(answer.state, 'done');
  assert.equal(answer.report.exit_code, 0);
  const { courses } = await moodleCall(live.sim, 'core_course_get_courses_by_field', { field: 'idnumber', value: 'course-100' });
  assert.equal(courses.length, 1);
  assert.equal(courses[0].fullname, 'German for Beginners');
  // The Moodle id was written back to Drupal and the journal kept in the HTTP state store.
  assert.equal(live.drupal.resource('node--course', COURSE)?.attributes.field_moodle_id, String(courses[0].id));
});
