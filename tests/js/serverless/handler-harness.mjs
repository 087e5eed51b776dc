// The function's handler over real HTTP for the tests: the Drupal and Moodle simulators (the live
// site of tests/js/source-jsonapi), a MemoryKvStore, the test clock (moved by the test, never read
// from the machine) and an injected sleep that records each pause and waits for none.
import { readFile } from 'node:fs/promises';
import { createHandler } from '../../../js/serverless/handler.mjs';
import { signatureOf, signedHeaders } from '../../../js/serverless/signature.mjs';
import { startServer } from '../../../js/host/serve-command.mjs';
import { MemoryKvStore } from '../../../js/state/kv-store.mjs';
import { core, makeLiveSite, moodleCall } from '../source-jsonapi/live-harness.mjs';
import { TEST_NOW } from '../test-clock.mjs';

export { core, moodleCall };
export const EVENTS_SECRET = 'events-secret-0123456789abcdef-0123456789';
export const HEALTH_TOKEN = 'health-token-0123456789abcdef-0123456789';
export const COMPLETION_SECRET = 'k3VtRz9q-completion-secret-0123456789abcdef';

/**
 * A live site with the handler served in front of it. `config(c)` patches the configuration;
 * `events` is merged into its `events` section; `sleep(ms)` replaces the recording one; `clock`
 * the test clock (seconds); `env` adds to the function's environment.
 */
export async function startFunction({ config: patch = (c) => c, events = {}, sleep, env: extraEnv = {}, drupal = {}, store = new MemoryKvStore(), fetchImpl } = {}) {
  const site = await makeLiveSite({
    drupal,
    config: (c) => {
      c.events = { window_ms: 0, budget_ms: 600000, ...events };
      return patch(c) ?? c;
    },
  });
  let now = TEST_NOW;
  const sleeps = [];
  const lines = [];
  const env = { ...site.env, MOODLE_SYNC_EVENTS_SECRET: EVENTS_SECRET, MOODLE_SYNC_HEALTH_TOKEN: HEALTH_TOKEN, MOODLE_SYNC_COMPLETION_SECRET: COMPLETION_SECRET, ...extraEnv };
  const handler = createHandler({
    configText: await readFile(site.configFile, 'utf8'), configName: 'moodle-sync.json', store,
    clock: () => now, fetchImpl,
    sleep: sleep ?? (async (ms) => { sleeps.push(ms); }),
    log: (line) => lines.push(line),
  });
  const server = await startServer({ handler, env }, { port: 0 });
  const fn = {
    site, store, sleeps, lines, env, url: server.url,
    now: () => now,
    tick(seconds) { now += seconds; },
    /** One request: {status, body (decoded JSON or the text), headers}. */
    async send(pathname, { method = 'POST', body, headers = {} } = {}) {
      const response = await fetch(`${server.url}${pathname}`, { method, headers, body });
      const text = await response.text();
      let decoded;
      try { decoded = JSON.parse(text); } catch { decoded = text; }
      return { status: response.status, body: decoded, text, headers: response.headers };
    },
    /** A POST signed our way at the test clock (or at `timestamp`). */
    async signed(pathname, payload, { timestamp = now, headers = {} } = {}) {
      const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
      return fn.send(pathname, { body, headers: { ...(await signedHeaders({ secret: EVENTS_SECRET, body, timestamp })), ...headers } });
    },
    /** A POST as the Drupal `webhooks` module sends it (X-Hub-Signature: sha1=...). */
    async webhook(payload, { delivery = crypto.randomUUID(), algorithm = 'SHA-1', event = payload.event } = {}) {
      const body = JSON.stringify(payload);
      const hex = await signatureOf({ secret: EVENTS_SECRET, algorithm, body });
      const header = algorithm === 'SHA-1' ? { 'x-hub-signature': `sha1=${hex}` } : { 'x-hub-signature-256': `sha256=${hex}` };
      return fn.send('/events', { body, headers: { 'content-type': 'application/json', 'x-drupal-event': event, 'x-drupal-delivery': delivery, ...header } });
    },
    async close() {
      await server.close();
      await site.close();
    },
  };
  return fn;
}

/** The Moodle courses with that idnumber. */
export async function moodleCourses(sim, idnumber) {
  const answer = await moodleCall(sim, 'core_course_get_courses_by_field', { field: 'idnumber', value: idnumber });
  return answer.courses ?? [];
}
