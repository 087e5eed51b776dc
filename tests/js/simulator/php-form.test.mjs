// PHP's form parsing as the simulator reproduces it, and max_input_vars as seen through the server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseForm, arrayMerge, splitPairs, toPlain } from '../../../simulator/php-form.mjs';
import { requestParams } from '../../../simulator/request-params.mjs';
import { startSimulator } from '../../../simulator/server.mjs';
import { testClock } from '../test-clock.mjs';

const plain = (text, options) => toPlain(parseForm(text, options).vars);
const keysOf = (map) => [...map.keys()];

test('bracket keys build nested arrays; [] appends after the largest integer key', () => {
  assert.deepEqual(plain('a[0][b]=x&a[0][c]=y&a[]=z&a[7]=w&a[]=v'), { a: { 0: { b: 'x', c: 'y' }, 1: 'z', 7: 'w', 8: 'v' } });
});

test('items keep body order, not index order (Moodle takes list items in body order)', () => {
  const { vars } = parseForm('criteria[7][key]=id&criteria[3][key]=parent');
  assert.deepEqual(keysOf(vars.get('criteria')), ['7', '3']);
});

test('a later key overwrites an earlier one in place; a scalar and an array replace each other', () => {
  const { vars } = parseForm('a=1&b=2&a=3');
  assert.deepEqual([...vars], [['a', '3'], ['b', '2']]);
  assert.deepEqual(plain('a=1&a[x]=2'), { a: { x: '2' } });
  assert.deepEqual(plain('a[x]=2&a=1'), { a: '1' });
});

test('decoding: + is a space, %XX a byte (UTF-8), a malformed % stays, no = means an empty value', () => {
  assert.deepEqual(plain('x=%41+b%zz&y&n=%E6%97%A5%E6%9C%AC'), { x: 'A b%zz', y: '', n: '日本' });
  assert.deepEqual(plain('c%5B0%5D=encoded'), { c: { 0: 'encoded' } });
});

test('PHP name rules: dots and spaces become _, text after ] is ignored, an unclosed [ is a plain name', () => {
  assert.deepEqual(plain('a.b=1& c d=2'), { a_b: '1', c_d: '2' });
  assert.deepEqual(plain('a[b]c=1'), { a: { b: '1' } });
  assert.deepEqual(plain('a[b=1'), { a_b: '1' });
  assert.deepEqual(plain('a[b][c=1'), { a: { b: '1' } });
  assert.deepEqual(plain('=x&[]=y'), {});
});

test('integer keys are canonical: 07 and 7 are different keys, 7 and "7" the same', () => {
  assert.deepEqual(keysOf(parseForm('a[07]=1&a[7]=2&a[7]=3').vars.get('a')), ['07', '7']);
});

test('max_input_vars: a POST body keeps N+1 variables, a query string N', () => {
  const body = Array.from({ length: 10 }, (_, i) => `v${i}=${i}`).join('&');
  assert.equal(splitPairs(body, { source: 'post', maxInputVars: 5 }).kept, 6);
  assert.equal(splitPairs(body, { source: 'get', maxInputVars: 5 }).kept, 5);
  assert.equal(splitPairs(body, { source: 'post', maxInputVars: 5 }).received, 10);
});

test('empty pairs count against max_input_vars in a POST body but not in a query string', () => {
  assert.equal(splitPairs('a=1&&b=2&c=3', { source: 'post', maxInputVars: 2 }).pairs.length, 3);
  assert.deepEqual(splitPairs('a=1&&b=2&c=3', { source: 'post', maxInputVars: 2 }).pairs.map(([k]) => k), ['a', '', 'b']);
  assert.deepEqual(splitPairs('a=1&&b=2&c=3', { source: 'get', maxInputVars: 2 }).pairs.map(([k]) => k), ['a', 'b']);
  assert.equal(splitPairs('a=1&', { source: 'post' }).received, 1);
});

test('array_merge($_GET, $_POST): the body wins on a shared key, which keeps the query position', () => {
  const merged = arrayMerge(parseForm('wsfunction=q&wstoken=t').vars, parseForm('x=1&wsfunction=b').vars);
  assert.deepEqual([...merged], [['wsfunction', 'b'], ['wstoken', 't'], ['x', '1']]);
});

test('only form-encoded POST bodies are read (a charset parameter is fine); PUT and JSON bodies are not', () => {
  const limits = { maxInputVars: 5000, postMaxSize: 1 << 20 };
  const body = Buffer.from('a=1');
  assert.equal(requestParams({ method: 'POST', query: '', contentType: 'application/x-www-form-urlencoded; charset=UTF-8', body }, limits).params.get('a'), '1');
  assert.equal(requestParams({ method: 'POST', query: '', contentType: 'text/plain', body }, limits).params.size, 0);
  assert.equal(requestParams({ method: 'PUT', query: '', contentType: 'application/x-www-form-urlencoded', body }, limits).params.size, 0);
  assert.equal(requestParams({ method: 'POST', query: '', contentType: 'application/x-www-form-urlencoded', body: Buffer.from('a'.repeat(20)) }, { ...limits, postMaxSize: 10 }).params.size, 0);
});

test('multipart/form-data fields are read like PHP does', () => {
  const boundary = 'XyZ';
  const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="courseids[0]"\r\n\r\n5\r\n--${boundary}\r\nContent-Disposition: form-data; name="wsfunction"\r\n\r\nf\r\n--${boundary}--\r\n`);
  const { params } = requestParams({ method: 'POST', query: '', contentType: `multipart/form-data; boundary=${boundary}`, body }, { maxInputVars: 5000, postMaxSize: 1 << 20 });
  assert.equal(params.get('courseids').get('0'), '5');
  assert.equal(params.get('wsfunction'), 'f');
});

async function getCourses(sim, siteCourseIndex, total) {
  const ids = Array.from({ length: total }, (_, i) => `options[ids][${i}]=${i === siteCourseIndex ? 1 : 1000000 + i}`);
  const res = await fetch(`${sim.url}/webservice/rest/server.php`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `wstoken=${sim.tokens.admin}&wsfunction=core_course_get_courses&moodlewsrestformat=json&${ids.join('&')}`,
  });
  return res.json();
}

test('through the server: POST variable N+1 is still read, variable N+2 is dropped silently', async () => {
  const sim = await startSimulator({ clock: testClock, maxInputVars: 50 });
  try {
    // 3 leading variables (token, function, format): options[ids][47] is variable 51, [48] is 52.
    assert.deepEqual((await getCourses(sim, 47, 60)).map((c) => c.id), [1]);
    assert.deepEqual(await getCourses(sim, 48, 60), []);
    assert.equal(sim.callLog[0].variables, 63);
    assert.equal(sim.callLog[0].items, 48);
    assert.equal(sim.callLog[0].droppedVariables, 12);
  } finally {
    await sim.close();
  }
});
