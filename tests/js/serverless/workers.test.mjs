// The Workers module (js/serverless/worker.mjs) in a Node process made to look like a Workers
// runtime (support/workers-runtime.mjs): no Node built-in can be imported, no `process`, no code
// generation from strings, no WebAssembly compiled from bytes; the .wasm is imported as a module.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runInWorkersRuntime } from './support/workers-process.mjs';
import { makeLiveSite } from '../source-jsonapi/live-harness.mjs';

const WORKER = new URL('../../../js/serverless/worker.mjs', import.meta.url).href;
const PROBE = fileURLToPath(new URL('./support/workers-probe.mjs', import.meta.url));
const HEALTH_TOKEN = 'health-token-for-the-workers-test-0123456789';

let live;
let env;
before(async () => {
  live = await makeLiveSite();
  env = { ...live.env, MOODLE_SYNC_CONFIG: await readFile(live.configFile, 'utf8'), MOODLE_SYNC_HEALTH_TOKEN: HEALTH_TOKEN };
});
after(() => live?.close());

test('the Workers-like process refuses Node built-ins, code from strings and compiling bytes', async () => {
  const { code, answers, stderr } = await runInWorkersRuntime({}, { entry: PROBE });
  assert.equal(code, 0, stderr);
  const [seen] = answers;
  assert.equal(seen.process, 'undefined');
  assert.equal(seen.global, 'undefined');
  assert.match(seen.importFs, /refused: import of the Node built-in "node:fs"/);
  assert.match(seen.importBarePath, /refused: import of the Node built-in "path"/);
  assert.match(seen.newFunction, /^EvalError/);
  assert.match(seen.compile, /Wasm code generation disallowed/);
  assert.match(seen.instantiateBytes, /Wasm code generation disallowed/);
  assert.match(seen.newModule, /Wasm code generation disallowed/);
});

test('the Workers module sets itself up from env and answers a request (404 for an unknown path)', async () => {
  const { code, answers, stderr } = await runInWorkersRuntime({
    module: WORKER, env, requests: [{ url: 'https://moodle-sync.example.workers.dev/nothing-here' }],
  });
  assert.equal(code, 0, stderr);
  assert.equal(answers[0].status, 404, answers[0].body);
});

test('the Workers module answers GET /health with its token, and 401 without', async () => {
  const url = 'https://moodle-sync.example.workers.dev/health';
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
