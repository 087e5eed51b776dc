// Fault injection as a client sees it, and its determinism.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../../simulator/server.mjs';
import { testClock } from '../test-clock.mjs';
import { post } from './rest-post.mjs';
import { faultForCall, normaliseFaults } from '../../../simulator/faults.mjs';

const createCourse = (sim, shortname) => post(sim, `wsfunction=core_course_create_courses&courses[0][fullname]=F&courses[0][shortname]=${shortname}&courses[0][categoryid]=1`);
const siteInfo = (sim) => post(sim, 'wsfunction=core_webservice_get_site_info');

/** A simulator on the test clock with `faults` (`{}`: none), closed when `body` ends. */
async function withSimulator(faults, body) {
  const sim = await startSimulator({ clock: testClock, faults });
  try {
    return await body(sim);
  } finally {
    await sim.close();
  }
}

const hasCourse = (sim, shortname) => [...sim.state.courses.values()].some((c) => c.shortname === shortname);

async function failedCallNumbers(faults, calls) {
  return withSimulator(faults, async (sim) => {
    for (let i = 0; i < calls; i++) {
      try {
        const res = await siteInfo(sim);
        await res.text();
      } catch {
        // a reset: the client sees no answer
      }
    }
    return sim.callLog.filter((e) => e.fault).map((e) => `${e.n}:${e.fault}`);
  });
}

test('a seeded run fails the same call numbers with the same kinds every time', async () => {
  const faults = { rate: 0.3, seed: 42 };
  const first = await failedCallNumbers(faults, 30);
  const second = await failedCallNumbers(faults, 30);
  assert.ok(first.length > 0 && first.length < 30, `some calls fail: ${first}`);
  assert.deepEqual(second, first);
  assert.notDeepEqual(await failedCallNumbers({ rate: 0.3, seed: 43 }, 30), first);
});

test('the decision depends only on (seed, call number)', () => {
  const faults = normaliseFaults({ rate: 0.5, seed: 7, kinds: ['http503', 'html'] });
  const decisions = Array.from({ length: 100 }, (_, i) => faultForCall(faults, i + 1));
  assert.deepEqual(Array.from({ length: 100 }, (_, i) => faultForCall(faults, i + 1)), decisions);
  assert.ok(decisions.every((d) => d === null || d === 'http503' || d === 'html'));
  const rate = decisions.filter(Boolean).length / 100;
  assert.ok(rate > 0.3 && rate < 0.7, `about half fail: ${rate}`);
});

test('a scripted fault happens exactly on the Nth call', async () => {
  await withSimulator({ script: { 3: 'http503' } }, async (sim) => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await siteInfo(sim)).status);
    assert.deepEqual(statuses, [200, 200, 503, 200, 200]);
    assert.deepEqual(sim.callLog.map((e) => e.fault ?? null), [null, null, 'http503', null, null]);
  });
});

test('http503: a 503 HTML page, and the call does not run', async () => {
  await withSimulator({ script: { 1: 'http503' } }, async (sim) => {
    const res = await createCourse(sim, 'f503');
    assert.equal(res.status, 503);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.match(await res.text(), /Service Unavailable/);
    assert.equal(hasCourse(sim, 'f503'), false);
    assert.deepEqual(sim.callLog[0], { n: 1, wsfunction: 'core_course_create_courses', items: 1, variables: 6, status: 503, fault: 'http503' });
  });
});

test('reset: the connection closes without an answer', async () => {
  await withSimulator({ script: { 1: 'reset' } }, async (sim) => {
    await assert.rejects(siteInfo(sim), TypeError);
    assert.equal(sim.callLog[0].status, null);
    assert.equal((await siteInfo(sim)).status, 200);
  });
});

test('truncated: HTTP 200 with a cut JSON body, and the call DID run', async () => {
  await withSimulator({ script: { 1: 'truncated' } }, async (sim) => {
    const res = await createCourse(sim, 'fcut');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const text = await res.text();
    assert.throws(() => JSON.parse(text), SyntaxError);
    assert.ok('[{"id":2,"shortname":"fcut"}]'.startsWith(text.slice(0, 5)));
    assert.equal(hasCourse(sim, 'fcut'), true);
  });
});

test('html: a PHP fatal-error page, status 500 by default or 200 when asked', async () => {
  await withSimulator({ script: { 1: 'html', 2: 'html' } }, async (sim) => {
    const res = await siteInfo(sim);
    assert.equal(res.status, 500);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.match(await res.text(), /<b>Fatal error<\/b>/);
    sim.setFaults({ script: { 2: 'html' }, htmlStatus: 200 });
    const second = await siteInfo(sim);
    assert.equal(second.status, 200);
    assert.match(await second.text(), /Fatal error/);
  });
});

test('faults can be changed at runtime and the call log can be reset', async () => {
  await withSimulator({}, async (sim) => {
    assert.equal((await siteInfo(sim)).status, 200);
    sim.setFaults({ rate: 1, kinds: ['http503'] });
    assert.equal((await siteInfo(sim)).status, 503);
    sim.setFaults({});
    assert.equal((await siteInfo(sim)).status, 200);
    assert.equal(sim.callLog.length, 3);
    sim.resetCallLog();
    assert.equal(sim.callLog.length, 0);
    sim.setFaults({ script: { 1: 'http503' } });
    assert.equal((await siteInfo(sim)).status, 503, 'call numbering restarts after resetCallLog');
  });
});

test('latencyMs delays every answer', async () => {
  await withSimulator({ latencyMs: 120 }, async (sim) => {
    // Elapsed time is measured on the monotonic clock: the wall clock may be set or stepped.
    const started = performance.now();
    await (await siteInfo(sim)).text();
    assert.ok(performance.now() - started >= 100);
  });
});

test('unknown fault kinds are refused', () => {
  assert.throws(() => normaliseFaults({ kinds: ['teapot'] }), /unknown fault kind/);
});

test('the call log records function, items, variables, status and error code', async () => {
  await withSimulator({}, async (sim) => {
    await post(sim, 'wsfunction=core_course_delete_courses&courseids[0]=999999&courseids[1]=999998');
    await post(sim, 'wsfunction=core_course_create_categories&categories[0][parent]=0');
    assert.deepEqual(sim.callLog.map(({ n, wsfunction, items, variables, status, errorcode }) => ({ n, wsfunction, items, variables, status, errorcode })), [
      { n: 1, wsfunction: 'core_course_delete_courses', items: 2, variables: 5, status: 200, errorcode: undefined },
      { n: 2, wsfunction: 'core_course_create_categories', items: 1, variables: 4, status: 200, errorcode: 'invalidparameter' },
    ]);
  });
});


test('timeout: the call runs and its changes stay, then the connection dies without an answer', async () => {
  await withSimulator({ script: { 1: 'timeout' } }, async (sim) => {
    await assert.rejects(createCourse(sim, 'ftimeout').then((r) => r.text()));
    assert.equal(hasCourse(sim, 'ftimeout'), true);
    assert.equal(sim.callLog[0].fault, 'timeout');
  });
});

test('gateway504: a proxy answers 504 at once; the call takes effect as the lateBy-th next request arrives', async () => {
  await withSimulator({ script: { 1: 'gateway504' }, lateBy: 2 }, async (sim) => {
    const res = await createCourse(sim, 'f504');
    assert.equal(res.status, 504);
    assert.match(await res.text(), /504 Gateway Time-out/);
    assert.equal(hasCourse(sim, 'f504'), false, 'still running');
    await (await siteInfo(sim)).text();
    assert.equal(hasCourse(sim, 'f504'), false, 'still running at the next request');
    await (await siteInfo(sim)).text();
    assert.equal(hasCourse(sim, 'f504'), true, 'done by the second one');
  });
});

test('deadlock: Moodle answers dml_write_exception and writes nothing', async () => {
  await withSimulator({ script: { 1: 'deadlock' } }, async (sim) => {
    const res = await createCourse(sim, 'fdeadlock');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { exception: 'dml_write_exception', errorcode: 'dmlwriteexception', message: 'Error writing to database' });
    assert.equal(hasCourse(sim, 'fdeadlock'), false);
  });
});

test('a rate without kinds draws from the four older kinds only', () => {
  const faults = normaliseFaults({ rate: 1, seed: 3 });
  const kinds = new Set(Array.from({ length: 200 }, (_, i) => faultForCall(faults, i + 1)));
  assert.deepEqual([...kinds].sort(), ['html', 'http503', 'reset', 'truncated']);
});
