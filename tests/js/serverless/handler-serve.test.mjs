// `serve` runs the same handler: its state store is a folder beside the journal, its journal the
// CLI's, and every run takes the CLI's run lock, so a `sync` and serve never run on one state at
// once. An export folder is no source for events.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { test } from 'node:test';
import { serveContext, startServer, stateStoreDirFor } from '../../../js/host/serve-command.mjs';
import { acquireRunLock } from '../../../js/host/run-lock.mjs';
import { signedHeaders } from '../../../js/serverless/signature.mjs';
import { exportCopy } from '../completion/receiver-site.mjs';
import { core, makeLiveSite } from '../source-jsonapi/live-harness.mjs';
import { TEST_NOW } from '../test-clock.mjs';
import { COMPLETION_SECRET, EVENTS_SECRET } from './handler-harness.mjs';

async function post(url, payload) {
  const body = JSON.stringify(payload);
  const response = await fetch(url, { method: 'POST', body, headers: await signedHeaders({ secret: EVENTS_SECRET, body, timestamp: TEST_NOW }) });
  return { status: response.status, body: await response.json() };
}

test('serve with an export folder answers /events 409: events need a live source', async () => {
  const site = await exportCopy();
  const ctx = await serveContext(core, site.configFile, { env: { MOODLE_TOKEN: 't', MOODLE_SYNC_COMPLETION_SECRET: 'k3VtRz9q-completion-secret-0123456789abcdef', MOODLE_SYNC_EVENTS_SECRET: EVENTS_SECRET }, now: () => TEST_NOW });
  const server = await startServer(ctx, { port: 0 });
  try {
    const answer = await post(`${server.url}/events`, { op: 'update', type: 'node--course', uuid: '1b5fe941-c8f1-5244-9986-7801df666730' });
    assert.equal(answer.status, 409);
    assert.match(answer.body.message, /source\.type jsonapi/);
  } finally {
    await server.close();
  }
});

test('serve and the CLI share the run lock: /sync is refused 409 while a sync holds it, then runs', async () => {
  const live = await makeLiveSite();
  const env = { ...live.env, MOODLE_SYNC_EVENTS_SECRET: EVENTS_SECRET, MOODLE_SYNC_COMPLETION_SECRET: COMPLETION_SECRET };
  const ctx = await serveContext(core, live.configFile, { env, now: () => TEST_NOW, sleep: async () => {} });
  const server = await startServer(ctx, { port: 0 });
  try {
    // A CLI run in another process (the test runner's, alive) holds the lock.
    const lock = await acquireRunLock(core, ctx.config.statePath, { pid: process.ppid });
    let answer;
    try {
      answer = await post(`${server.url}/sync`, { full: true });
    } finally {
      await lock.release();
    }
    assert.equal(answer.status, 409, JSON.stringify(answer.body));
    assert.equal(live.moodleWrites().length, 0);
    const after = await post(`${server.url}/sync`, { full: true, budget_ms: 600000 });
    assert.equal(after.status, 200, JSON.stringify(after.body));
    assert.equal(after.body.report.exit_code, 0);
    // The journal is the CLI's file; leases and run records live in the folder beside it.
    assert.ok((await live.journal()).length > 0, 'the CLI journal was written');
    assert.ok((await stat(stateStoreDirFor(ctx.config.statePath))).isDirectory());
  } finally {
    await server.close();
    await live.close();
  }
});
