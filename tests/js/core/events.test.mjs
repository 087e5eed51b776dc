// The JavaScript face of the events core: the wrappers hand the host's shapes (headers in any
// case, camelCase or the core's keys) to the core, and turn a bad event body into the 400 to answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CoreError, loadCore } from '../../../js/core.mjs';

const core = await loadCore();
const example = new URL('../../../examples/northfield/', import.meta.url);
const config = JSON.parse(readFileSync(new URL('moodle-sync.json', example), 'utf8'));
config.source = { type: 'jsonapi', url: 'https://learn.northfield.example' };
const text = JSON.stringify(config);
const course = JSON.parse(readFileSync(new URL('export/courses.json', example), 'utf8')).data[0];
const registration = JSON.parse(readFileSync(new URL('export/registrations.json', example), 'utf8')).data[0];
const hex = 'ab'.repeat(32);

test('eventGate: header names in any case; the MAC covers "<ts>." + body', () => {
  const gate = core.eventGate({
    method: 'POST', now: 1765000000,
    headers: { 'Content-Type': 'application/json', 'X-Moodle-Sync-Timestamp': '1765000000', 'X-Moodle-Sync-Signature': `sha256=${hex}` },
  });
  assert.equal(gate.accept, true);
  assert.deepEqual(gate.verify, { algorithm: 'SHA-256', prefix: '1765000000.', signature_hex: hex });
  assert.equal(core.eventGate({ method: 'POST', now: 1765000000, max_bytes: 10, headers: { 'content-type': 'application/json', 'content-length': '11', 'x-hub-signature-256': `sha256=${hex}` } }).status, 413);
});

test('eventParse: a bad body comes back as the 400 to answer, its problem naming the JSON path', () => {
  const answer = core.eventParse({ text, body: JSON.stringify({ events: [{ op: 'save', type: 'node--course', uuid: course.id }] }) });
  assert.deepEqual(answer, { status: 400, body: { message: 'Invalid input.', problem: '$.events[0].op: expected "insert", "update" or "delete", got "save"' } });
  assert.throws(() => core.eventParse({ text, body: '{}', form: 'github' }), CoreError);
});

test('eventParse of a webhooks body, eventReads, a DocumentSet: the course read by an event brings its registrations', () => {
  const body = JSON.stringify({ event: 'entity:node:update', entity: { nid: [{ value: 100 }], uuid: [{ value: course.id }], type: [{ target_id: 'course' }] } });
  const { events } = core.eventParse({ text, body, form: 'webhooks', event_header: 'entity:node:update' });
  assert.deepEqual(events, [{ op: 'update', type: 'node--course', uuid: course.id, id: '100' }]);
  const { queries, gone_checks: goneChecks } = core.eventReads({ text, events });
  assert.deepEqual(goneChecks, []);
  assert.deepEqual(queries.map((q) => [q.type, q.kind]), [['node--course', 'events']]);
  const docs = core.createDocumentSet({ text });
  try {
    assert.equal(docs.add({ url: 'https://learn.northfield.example/jsonapi/node/course', query: queries[0], body: JSON.stringify({ data: [course], links: {} }) }).ok, true);
    const { queries: next } = docs.followups();
    assert.ok(next.some((q) => q.type === 'registration--course_registration' && q.kind === 'dependents'), JSON.stringify(next));
  } finally {
    docs.delete();
  }
});

test('DocumentSet.addGone: a JSON:API 404 makes the entity gone, a 403 does not', () => {
  const docs = core.createDocumentSet({ text });
  try {
    const check = core.eventReads({ text, events: [{ op: 'delete', type: registration.type, uuid: registration.id, id: 500 }] }).gone_checks[0];
    assert.equal(check.path, `/jsonapi/registration/course_registration/${registration.id}`);
    const url = `https://learn.northfield.example${check.path}`;
    const forbidden = docs.addGone({ ...check, url, status: 403, body: '{"errors":[{"status":"403"}]}', contentType: 'application/vnd.api+json' });
    assert.equal(forbidden.gone, false);
    assert.equal(forbidden.error.class, 'credentials');
    const notFound = JSON.stringify({ errors: [{ status: '404', title: 'Not Found', detail: 'The "entity" parameter was not converted' }] });
    // The event's id is used only when Drupal shows no entity has it (the check's id read).
    assert.deepEqual(check.id_check.params, [['filter[drupal_internal__registration_id]', '500']]);
    const idFree = { status: 200, body: '{"data":[]}', content_type: 'application/vnd.api+json' };
    assert.deepEqual(docs.addGone({ ...check, url, status: 404, body: notFound, content_type: 'application/vnd.api+json', idAnswer: idFree }), { ok: true, gone: true });
    const unchecked = docs.addGone({ ...check, url, status: 404, body: notFound, content_type: 'application/vnd.api+json' });
    assert.equal(unchecked.gone, true);
    assert.match(unchecked.note, /id "500" is not used/);
  } finally {
    docs.delete();
  }
});

test('eventSettle, eventAnswer, eventSecretCheck, healthRequest, healthAnswer', () => {
  const events = [{ op: 'insert', type: 'node--course', uuid: course.id }];
  assert.equal(core.eventSettle({ text, events, found: {}, attempt: 1 }).retry.delay_ms, 250);
  assert.deepEqual(core.eventAnswer({ runId: 'r1', state: 'queued', accepted: 1 }), { status: 202, body: { run_id: 'r1', state: 'queued', accepted: 1 } });
  assert.equal(core.eventSecretCheck({ secretEnv: 'MOODLE_SYNC_EVENTS_SECRET', secret: undefined }).usable, false);
  assert.equal(core.healthRequest({ method: 'GET', authorization: `Bearer ${hex}`, token: hex }).accept, true);
  const health = core.healthAnswer({ moodle: { status: 200, body: '{"sitename":"M"}', contentType: 'application/json' } });
  assert.deepEqual(health, { status: 200, body: { version: core.version, moodle: { ok: true }, drupal: null } });
});

test('the events section: every default when the file has none', () => {
  const { settings } = core.loadConfig(text);
  assert.equal(settings.events.window_ms, 2000);
  assert.deepEqual(settings.events.commit_waits_ms, [250, 500, 1000, 2000, 4000]);
});
