// The JavaScript face of the core: plain values in and out, failures as Errors with the core's
// message, one module shared by every caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreError, loadCore } from '../../../js/core.mjs';

const core = await loadCore();

test('loading twice shares one module', async () => {
  const again = await loadCore();
  assert.equal(again.version, core.version);
  assert.match(core.version, /^\d+\.\d+\.\d+$/);
});

// The preview of the bundled example the module runs before its first large request
// (wasm/heap_settle.cpp) plans every component a sync plans: an example that no longer plans one
// of them would leave that component's lasting objects to be made amid a run's memory.
test('the module settles its heap with a preview of the bundled example', () => {
  assert.equal(core.heapSettled, true);
  assert.ok(core.heapInUseBytes < 1048576, `${core.heapInUseBytes} bytes held after the preview`);
});

test('a bad configuration throws a CoreError carrying every issue', () => {
  const text = JSON.stringify({ site: { urls: [] }, source: { path: 'x' }, moodle: { url: 'nope', token: 'tok-SECRET-1' }, components: {} });
  assert.throws(() => core.loadConfig(text, 'site.json'), (e) => {
    assert.ok(e instanceof CoreError && e instanceof Error);
    assert.equal(e.kind, 'config');
    assert.deepEqual(e.issues.map((i) => i.path), ['$.site.urls', '$.moodle.url', '$.moodle.token']);
    assert.match(e.message, /^site\.json: \$\.site\.urls: /m);
    assert.ok(!e.message.includes('tok-SECRET-1'), 'the token must not be echoed');
    return true;
  });
});

test('values come back as plain objects', () => {
  assert.deepEqual(core.decideMoodleId('42'), { action: 'update', moodle_id: 42 });
  assert.deepEqual(core.decideMoodleId(undefined), { action: 'create' });
  const call = core.encodeCall('core_course_get_courses_by_field', { field: 'ids', value: '3,4' });
  assert.equal(call.body, 'wsfunction=core_course_get_courses_by_field&moodlewsrestformat=json&field=ids&value=3%2C4');
  assert.equal(call.variables, 5);
  assert.deepEqual(core.planBatches([8, 8, 8], { budget: 20 }), [{ begin: 0, end: 2 }, { begin: 2, end: 3 }]);
});

test('a call over the budget throws instead of being sent truncated', () => {
  assert.throws(() => core.encodeCall('core_user_get_users_by_field', { field: 'id', values: [1, 2, 3] }, 5),
    (e) => e instanceof CoreError && e.kind === 'budget' && /over the max_input_vars budget of 5/.test(e.message));
});

test('a decoded Moodle error is classified and redacted', () => {
  const body = JSON.stringify({ exception: 'moodle_exception', errorcode: 'invalidtoken', message: 'Invalid token tok-XYZ' });
  const answer = core.decodeAnswer({ status: 200, body, secrets: ['tok-XYZ'] });
  assert.equal(answer.ok, false);
  assert.equal(answer.error.class, 'credentials');
  assert.equal(answer.error.message, 'Invalid token [redacted]');
});

test('mapping an entity reports problems with entity and field', () => {
  const result = core.mapEntity({
    component: 'courses',
    mapping: { fullname: 'title', shortname: 'field_code', startdate: 'field_start | timestamp' },
    entity: { type: 'node--course', id: 'u1', attributes: { drupal_internal__nid: 9, title: 'Ökologie', field_code: 'OEK', field_start: 'soon' } },
  });
  assert.deepEqual(result.fields, { fullname: 'Ökologie', shortname: 'OEK' });
  assert.deepEqual(result.issues, [{ entity: 'node--course 9', field: 'startdate', source: 'field_start | timestamp', message: '"soon" is not an ISO 8601 date' }]);
});

test('completionRequest takes the request as the host has it (camelCase) and answers the gate', () => {
  const secret = 'a'.repeat(40);
  assert.deepEqual(core.completionRequest({ method: 'POST', pathSecret: secret, contentType: 'application/json', contentLength: 20, secret }),
    { accept: true });
  assert.equal(core.completionRequest({ method: 'POST', authorization: `Bearer ${secret}`, contentLength: 11, secret, maxBytes: 10 }).status, 413);
  const refused = core.completionRequest({ method: 'GET', pathSecret: `${secret}b`, secret });
  assert.deepEqual(refused, { accept: false, status: 401, body: { message: 'Unauthorized' }, headers: { 'WWW-Authenticate': 'Bearer' } });
  assert.equal(JSON.stringify(refused).includes(secret), false);
});

test('sourceQueries of a completion run passes the course ids', () => {
  const config = {
    site: { urls: ['https://d.example'] }, source: { type: 'jsonapi', url: 'https://d.example' }, moodle: { url: 'https://m.example' },
    components: {
      courses: { bundle: 'course', category: { fixed: 1 }, mapping: { fullname: 'title', shortname: 'title' } },
      completion: { registration_type: 'registration--course_registration', fields: { completed: 'field_completed' } },
    },
  };
  const { queries } = core.sourceQueries({ text: JSON.stringify(config), mode: 'completion', courseIds: [5] });
  assert.deepEqual(queries.map((q) => q.kind), ['dependents', 'references']);
  assert.ok(queries[0].params.some(([k, v]) => k === 'filter[in][condition][value][]' && v === '5'));
});

test('callText takes the request as JSON text or its UTF-8 bytes and answers the text call() parses', () => {
  // Texts beyond ASCII at the start, the middle and the end (a pair of UTF-16 units among them):
  // the request's UTF-8 size is counted (in slices of 16,384 units, a pair kept whole across their
  // edge), then it is encoded into the core's buffer.
  const texts = ['plain', 'Ökologie', 'x'.repeat(1000) + 'Ü—😀' + 'y'.repeat(10), 'end 😀', '😀'.repeat(300),
    'x'.repeat(16383) + '😀', 'é'.repeat(40000), '—'.repeat(16383) + '😀' + '—'.repeat(5)];
  for (const text of texts) {
    const input = { text, secrets: [] };
    const answer = core.callText('redact', JSON.stringify(input));
    assert.match(answer, /^[\x00-\x7f]*$/, 'characters beyond ASCII come as \\u escapes');
    assert.deepEqual(JSON.parse(answer), { ok: true, value: text });
    assert.deepEqual(JSON.parse(answer), core.call('redact', input));
    assert.equal(core.callText('redact', new TextEncoder().encode(JSON.stringify(input))), answer);
  }
  const refused = JSON.parse(core.callText('redact', '{"text": '));
  assert.equal(refused.ok, false);
  assert.equal(refused.error.kind, 'input');
  assert.throws(() => core.callText('redact', { text: 'x' }), (e) => e instanceof CoreError && e.kind === 'input' && /JSON text/.test(e.message));
});
