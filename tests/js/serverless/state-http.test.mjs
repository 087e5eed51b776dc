// The conformance suite on the HTTP store against the reference server, and what only HTTP can
// show: the token in the Authorization header alone, failures classified and naming the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpKvStore } from '../../../js/state/http-kv-store.mjs';
import { KvStoreError } from '../../../js/state/kv-store.mjs';
import { startKvServer } from './support/kv-reference-server.mjs';
import { kvConformance } from './support/kv-conformance.mjs';

const TOKEN = 'kv-token-4b1d8e0f-secret';

async function open() {
  const server = await startKvServer({ token: TOKEN });
  return { store: new HttpKvStore({ url: server.url, token: TOKEN }), server, close: () => server.close() };
}

kvConformance('HttpKvStore', open, {
  extra: {
    'the token travels in the Authorization header only': async (kv, { server }) => {
      await kv.put('a b/ü?x#y', { n: 1 }, { ifVersion: null });
      await kv.get('a b/ü?x#y');
      assert.ok(server.entries.has('a b/ü?x#y'), 'the key arrives whole');
      await kv.delete('a b/ü?x#y');
      assert.ok(server.requests.length >= 3);
      for (const r of server.requests) {
        assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
        assert.ok(!r.url.includes(TOKEN));
        assert.ok(!Object.entries(r.headers).some(([name, value]) => name !== 'authorization' && String(value).includes(TOKEN)));
      }
    },
  },
});

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

test('HttpKvStore: a wrong token is "unauthorized", and the error names the key but neither token', async () => {
  const server = await startKvServer({ token: TOKEN });
  try {
    const wrong = 'wrong-token-77c0';
    const error = await rejection(new HttpKvStore({ url: server.url, token: wrong }).get('lock/run'));
    assert.ok(error instanceof KvStoreError);
    assert.equal(error.kind, 'unauthorized');
    assert.equal(error.status, 401);
    assert.match(error.message, /GET "lock\/run"/);
    assert.ok(!error.message.includes(wrong) && !error.message.includes(TOKEN));
    assert.ok(!error.message.includes(server.url), 'no URL (it may carry credentials)');
  } finally {
    await server.close();
  }
});

test('HttpKvStore: failures are classified (server, protocol, transport, timeout) and never show the token', async () => {
  const answer = (status, headers = {}, body = '') => async () => new Response(body || null, { status, headers });
  const cases = [
    ['server', answer(503)],
    ['protocol', answer(200, {}, '{}')],                              // no ETag
    ['protocol', answer(200, { etag: '"1"' }, 'not json')],
    ['protocol', answer(302)],
    ['transport', async () => { throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }); }],
    ['transport', async () => { throw new TypeError(`failed for Bearer ${TOKEN}`); }],
    ['timeout', (url, init) => new Promise((resolve, reject) => {
      init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    })],
  ];
  for (const [kind, fetchImpl] of cases) {
    const kv = new HttpKvStore({ url: 'https://store.example/kv', token: TOKEN, fetchImpl, timeoutMs: 20 });
    const error = await rejection(kv.get('queue/events'));
    assert.equal(error.kind, kind, error.message);
    assert.match(error.message, /"queue\/events"/);
    assert.ok(!error.message.includes(TOKEN), error.message);
  }
});

test('HttpKvStore: a store that cannot be reached at all is a transport error naming the key', async () => {
  const server = await startKvServer({ token: TOKEN });
  const { url } = server;
  await server.close();
  const error = await rejection(new HttpKvStore({ url, token: TOKEN }).put('run/1', {}));
  assert.equal(error.kind, 'transport');
  assert.match(error.message, /PUT "run\/1"/);
});

test('HttpKvStore: the protocol on the wire (conditional headers, statuses)', async () => {
  const server = await startKvServer({ token: TOKEN });
  try {
    const kv = new HttpKvStore({ url: `${server.url}/`, token: TOKEN });
    const made = await kv.put('k', 1, { ifVersion: null });
    await kv.put('k', 2, { ifVersion: made.version });
    await kv.delete('k');
    const [create, swap, remove] = server.requests;
    assert.deepEqual([create.method, create.headers['if-none-match'], create.url], ['PUT', '*', '/kv/k']);
    assert.deepEqual([swap.method, swap.headers['if-match']], ['PUT', `"${made.version}"`]);
    assert.deepEqual([remove.method, remove.headers['if-match']], ['DELETE', undefined]);
  } finally {
    await server.close();
  }
});
