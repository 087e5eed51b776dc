// What an action's result hands the engine. A Moodle answer's body goes into the core as its own
// UTF-8 bytes beside the rest of the result as JSON (no JSON-escaped copy of a large body is
// made); a result in any other form goes in as its JSON text. The engine must get the same value
// either way. A String object is a body JSON.stringify writes as the string it holds but that is
// not a string primitive: it takes the JSON path, so each run below is compared with its twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadCore } from '../../../js/core.mjs';
import { loadConfigFile } from '../../../js/host/config-file.mjs';
import { readFileExport } from '../../../js/source/file-export.mjs';

const EXAMPLE = new URL('../../../examples/northfield/', import.meta.url).pathname;
const core = await loadCore();

async function exampleInput() {
  const config = await loadConfigFile(core, path.join(EXAMPLE, 'moodle-sync.json'));
  const source = await readFileExport(config.sourcePath);
  return { text: config.text, file: config.file, documents: source.documents, ...source.siteInput() };
}

const TRICKY = 'quote " backslash \\ nul \u0000 line\nsep \u2028 é 😀 replaced \uFFFD end';

// Moodle's answers by function: every character JSON escapes, and text beyond ASCII.
function answerOf(action, shape) {
  const fn = /wsfunction=([a-z_]+)/.exec(action.body)?.[1];
  if (fn === 'core_course_get_courses') return { status: 200, content_type: 'application/json; charset=utf-8', body: shape(JSON.stringify([{ id: 7, fullname: TRICKY, shortname: 'T', idnumber: 'x', categoryid: 1 }])) };
  if (fn === 'core_course_get_categories') return { status: 200, content_type: 'application/json', body: shape(`not JSON ${TRICKY}`) };
  if (fn === 'core_user_get_users') return { status: 503, content_type: 'text/html', body: shape('') };
  if (fn === 'core_cohort_search_cohorts') return { status: 200, content_type: 'application/json', body: shape('\uD800 a lone surrogate') };
  return { status: 0, body: shape(''), transport_error: `offline ${TRICKY}` };
}

async function observed(shape) {
  const calls = [];
  const { snapshot, plan } = await core.observe(await exampleInput(), (action) => {
    if (action.kind !== 'call') return { ok: true };
    calls.push(action.body);
    return answerOf(action, shape);
  });
  return { calls, snapshot: snapshot.text, plan };
}

test('a body given as text reaches the engine as the same value as through its JSON', async () => {
  const framed = await observed((body) => body);
  const asJson = await observed((body) => new String(body));  // eslint-disable-line no-new-wrappers
  assert.ok(framed.calls.length > 0);
  assert.deepEqual(framed.calls, asJson.calls);
  assert.equal(framed.snapshot, asJson.snapshot);
  assert.deepEqual(framed.plan, asJson.plan);
  assert.ok(framed.snapshot.includes(JSON.stringify(TRICKY).slice(1, -1)), 'the listing answer, read as it was given');
});

test('an apply run given the observed snapshot (compacted on its way in) runs as one given its JSON', async () => {
  const input = await exampleInput();
  // Moodle as it answers a site it holds one course of: every read succeeds.
  const moodle = (action) => {
    const fn = /wsfunction=([a-z_]+)/.exec(action.body)?.[1];
    if (fn === 'core_course_get_courses') return answerOf(action, (body) => body);
    return { status: 200, body: fn === 'core_user_get_users' ? '{"users": [], "warnings": []}' : '[]' };
  };
  const { snapshot } = await core.observe(input, (action) => (action.kind === 'call' ? moodle(action) : { ok: true }));
  const asJson = snapshot.toJSON();
  assert.ok(Object.keys(asJson).length > 3, Object.keys(asJson).join(', '));
  const apply = async (given) => {
    const calls = [];
    const report = await core.runEngine({ ...input, snapshot: given }, (action) => {
      if (action.kind !== 'call') return { ok: true };
      calls.push(action.body);
      return { status: 200, body: '[]' };
    });
    return { calls, report: JSON.stringify(report) };
  };
  const fromHandle = await apply(snapshot);
  assert.deepEqual(fromHandle, await apply(asJson));
  assert.ok(fromHandle.report.includes('"outcome"'));
});

test('results without a text body: null, a number, no body, not an object', async () => {
  for (const body of [null, 42, undefined]) {
    const { snapshot } = await core.observe(await exampleInput(), (action) => (action.kind === 'call' ? { status: 200, body } : { ok: true }));
    assert.equal(typeof snapshot.text, 'string');
  }
  const { snapshot } = await core.observe(await exampleInput(), (action) => (action.kind === 'call' ? 'not a result' : { ok: true }));
  assert.equal(typeof snapshot.text, 'string');
});

test('a result JSON.stringify does not write member by member goes in as its JSON text', async () => {
  // An array with a body (written as the array), and an object with its own toJSON.
  const asArray = (body) => Object.assign([], { body });
  const withToJson = (body) => ({ body, toJSON: () => ({ status: 200, body: '[]' }) });
  const run = async (wrap) => {
    const { snapshot } = await core.observe(await exampleInput(), (action) => (action.kind === 'call' ? wrap('[]') : { ok: true }));
    return snapshot.text;
  };
  assert.equal(await run(asArray), await run(() => []));
  assert.equal(await run(withToJson), await run(() => ({ status: 200, body: '[]' })));
});

test('a report whose entities were never read is digested and printed as one read in full', async () => {
  const { formatReport } = await import('../../../js/host/report-format.mjs');
  // A run's report, as the engine gives it: its entities kept as bytes until read.
  const unreadReport = async () => core.runEngine({ ...(await exampleInput()), dry_run: true }, (action) => (action.kind === 'call' ? { status: 200, body: '[]' } : { ok: true }));
  const text = JSON.stringify(await unreadReport());
  assert.ok(JSON.parse(text).entities.length > 5);
  for (const verbose of [false, true]) {
    const expected = core.call('digest_report', { report: JSON.parse(text), verbose });
    assert.ok(expected.ok);
    assert.deepEqual(core.digestReport(await unreadReport(), verbose), expected);
    assert.deepEqual(formatReport(core, await unreadReport(), { verbose }), formatReport(core, JSON.parse(text), { verbose }));
  }
  const read = await unreadReport();
  read.entities.length = 1;  // read and changed: digested as it is now
  assert.deepEqual(core.digestReport(read), core.call('digest_report', { report: { ...JSON.parse(text), entities: read.entities }, verbose: false }));
});

// An answer read as bytes (moodle-client.mjs with asBytes): its chunks as they arrived.
const chunked = (text, size) => {
  const bytes = new TextEncoder().encode(text);
  const chunks = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
};

test('a body given as bytes reaches the engine as the same value as given as text, however it is cut', async () => {
  const asText = await observed((body) => body);
  for (const size of [1, 2, 3, 7, 1 << 20]) {
    const calls = [];
    const { snapshot, plan } = await core.observe(await exampleInput(), (action) => {
      if (action.kind !== 'call') return { ok: true };
      calls.push(action.body);
      const answer = answerOf(action, (b) => b);
      // A lone surrogate has no UTF-8 bytes: such a body stays text. The bytes take the body's place.
      if (/\p{Surrogate}/u.test(answer.body)) return answer;
      return Object.fromEntries(Object.entries(answer).map(([k, v]) => (k === 'body' ? ['body_bytes', chunked(v, size)] : [k, v])));
    });
    assert.deepEqual(calls, asText.calls, `chunks of ${size}`);
    assert.equal(snapshot.text, asText.snapshot, `chunks of ${size}`);
    assert.deepEqual(plan, asText.plan, `chunks of ${size}`);
  }
});

test('bytes that are not UTF-8 are read as response.text() reads them: U+FFFD for each bad sequence', async () => {
  const snapshotOf = async (answer) => (await core.observe(await exampleInput(), (action) => {
    if (action.kind !== 'call') return { ok: true };
    return /core_course_get_courses/.test(action.body) ? answer() : { status: 200, body: '[]' };
  })).snapshot.text;
  // A course name holding a cut two-byte sequence, a byte no UTF-8 uses and a cut three-byte one.
  const [head, tail] = '[{"id":7,"fullname":"a NAME b","shortname":"T","idnumber":"x","categoryid":1}]'.split('NAME').map((t) => new TextEncoder().encode(t));
  const bytes = Uint8Array.from([...head, 0xc3, 0x28, 0xff, 0xe2, 0x82, ...tail]);
  const expected = new Response(bytes).text();
  const asText = await snapshotOf(async () => ({ status: 200, body: await expected }));
  assert.equal([...(await expected)].filter((c) => c === '\uFFFD').length, 3, 'three bad sequences');
  assert.ok(asText.includes('\uFFFD'), 'the snapshot holds them');
  for (const size of [1, 2, 5, 1000]) {
    const chunks = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    // A member after the bytes (as a host adds elapsed_ms) keeps its place after the body.
    assert.equal(await snapshotOf(() => ({ status: 200, content_type: 'application/json', body_bytes: chunks, elapsed_ms: 3 })),
      await snapshotOf(async () => ({ status: 200, content_type: 'application/json', body: await expected, elapsed_ms: 3 })), `chunks of ${size}`);
  }
});

test('a body JSON.stringify leaves out (inherited, not enumerable) is not given to the engine', async () => {
  const snapshotOf = async (result) => (await core.observe(await exampleInput(), (action) => (action.kind === 'call' ? result() : { ok: true }))).snapshot.text;
  const without = await snapshotOf(() => ({ status: 200 }));
  assert.equal(await snapshotOf(() => Object.assign(Object.create({ body: '[]' }), { status: 200 })), without);
  assert.equal(await snapshotOf(() => Object.defineProperty({ status: 200 }, 'body', { value: '[]', enumerable: false })), without);
  assert.notEqual(await snapshotOf(() => ({ status: 200, body: '[]' })), without, 'an own body is given');
});
