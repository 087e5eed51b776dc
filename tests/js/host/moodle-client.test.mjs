// The Moodle client's answers read as bytes (what the sync's hosts ask for): the chunks as they
// arrived, the same text response.text() gives, and never the token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMoodleClient } from '../../../js/host/moodle-client.mjs';
import { answerText, holdsBytes, withoutBom } from '../../../js/answer-bytes.mjs';

const TOKEN = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const encode = (text) => new TextEncoder().encode(text);

// A fetch whose answer arrives in the given chunks (Uint8Arrays), or fails after them.
const fetchOf = (chunks, { failAfter = false, status = 200 } = {}) => async () => new Response(new ReadableStream({
  start(controller) {
    for (const chunk of chunks) controller.enqueue(chunk);
    if (failAfter) controller.error(new TypeError('terminated', { cause: { code: 'ECONNRESET' } }));
    else controller.close();
  },
}), { status, headers: { 'content-type': 'application/json' } });

const cut = (bytes, size) => {
  const chunks = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.slice(at, at + size));
  return chunks;
};
const joined = (chunks) => Uint8Array.from(chunks.flatMap((c) => [...c]));

test('an answer without the token is given as its chunks, the same text as response.text() reads', async () => {
  const text = '[{"id":1,"fullname":"Kurs — Übung 😀"}]';
  for (const size of [1, 3, 1000]) {
    const client = createMoodleClient({ url: 'http://moodle.test', token: TOKEN, fetchImpl: fetchOf(cut(encode(text), size)) });
    const answer = await client.send('wsfunction=x', { asBytes: true });
    assert.equal(answer.status, 200);
    assert.equal(answer.content_type, 'application/json');
    assert.equal(answer.body, undefined);
    assert.deepEqual(joined(answer.body_bytes), encode(text), `chunks of ${size}`);
    assert.equal(answerText(answer.body_bytes), text);
  }
  const asText = await createMoodleClient({ url: 'http://moodle.test', token: TOKEN, fetchImpl: fetchOf([encode(text)]) }).send('wsfunction=x');
  assert.equal(asText.body, text, 'not asked for bytes: text as before');
});

test('an answer that holds the token, within a chunk or across chunks, is given as text with it redacted', async () => {
  for (const form of [TOKEN, encodeURIComponent(`${TOKEN}`)]) {
    const text = `{"exception":"x","debuginfo":"token ${form} was refused"}`;
    for (const size of [1, 5, 16, 31, 4096]) {
      const client = createMoodleClient({ url: 'http://moodle.test', token: TOKEN, fetchImpl: fetchOf(cut(encode(text), size)) });
      const answer = await client.send('wsfunction=x', { asBytes: true });
      assert.equal(answer.body_bytes, undefined, `chunks of ${size}`);
      assert.equal(answer.body, '{"exception":"x","debuginfo":"token [redacted] was refused"}', `chunks of ${size}`);
    }
  }
});

test('a byte order mark is dropped as response.text() drops it, however the start is cut', async () => {
  const text = '\uFEFF[1]';
  const expected = await new Response(encode(text)).text();
  assert.equal(expected, '[1]');
  for (const size of [1, 2, 3, 4]) {
    const client = createMoodleClient({ url: 'http://moodle.test', token: TOKEN, fetchImpl: fetchOf(cut(encode(`${text}`), size)) });
    const answer = await client.send('wsfunction=x', { asBytes: true });
    assert.equal(answerText(answer.body_bytes), expected, `chunks of ${size}`);
  }
  assert.deepEqual(withoutBom([encode('\uFEFF\uFEFFx')]).map((c) => [...c]), [[0xef, 0xbb, 0xbf, 0x78]], 'only the first');
  assert.deepEqual(withoutBom([Uint8Array.of(0xef, 0xbb)]).map((c) => [...c]), [[0xef, 0xbb]], 'a cut mark is no mark');
});

test('an answer cut off while it is read is a transport error, as with text', async () => {
  const client = createMoodleClient({ url: 'http://moodle.test', token: TOKEN, fetchImpl: fetchOf([encode('[{"id":')], { failAfter: true }) });
  const answer = await client.send('wsfunction=x', { asBytes: true });
  assert.equal(answer.status, 0);
  assert.match(answer.transport_error, /terminated \(ECONNRESET\)/);
});

test('bytes are found within chunks and across their edges, and nowhere else', () => {
  const needle = encode('abcd');
  assert.equal(holdsBytes([encode('xxabcdxx')], needle), true);
  assert.equal(holdsBytes([encode('xxab'), encode('cdxx')], needle), true);
  assert.equal(holdsBytes([encode('a'), encode('b'), encode('c'), encode('d')], needle), true);
  assert.equal(holdsBytes([encode('xa'), encode('bc'), encode('dx')], needle), true);
  assert.equal(holdsBytes([encode('abc'), encode('xd')], needle), false);
  assert.equal(holdsBytes([encode('ab'), encode('c'), encode('')], needle), false);
  assert.equal(holdsBytes([], needle), false);
});
