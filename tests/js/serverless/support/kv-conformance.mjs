// One conformance suite for every KeyValueStore: each store's test file calls it with a factory
// that makes a fresh, empty store (and may clean up after). What runs on the store is the same
// everywhere: compare and swap, the journal, the queue, leases, the replay cache, deliveries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from '../../../../js/core.mjs';
import { KvStateStore } from '../../../../js/state/kv-state-store.mjs';
import { EventQueue } from '../../../../js/state/event-queue.mjs';
import { acquireLease, withLease } from '../../../../js/state/leases.mjs';
import { seenBefore } from '../../../../js/state/replay.mjs';
import { rememberDelivery } from '../../../../js/state/deliveries.mjs';

const core = await loadCore();
const T0 = 1700000000;  // the clock of these tests: injected, never the machine's

/** The same store reached through another object, as another process would reach it. */
const otherProcess = (kv) => ({
  get: (...args) => kv.get(...args),
  put: (...args) => kv.put(...args),
  delete: (...args) => kv.delete(...args),
  list: (...args) => kv.list(...args),
});

/** Registers the suite for `name`; `open()` resolves to {store, close?()}. */
export function kvConformance(name, open, { extra = {} } = {}) {
  const withStore = (title, body) => test(`${name}: ${title}`, async () => {
    const opened = await open();
    try {
      await body(opened.store, opened);
    } finally {
      await opened.close?.();
    }
  });

  withStore('get of a missing key is null; put then get gives the value and its version', async (kv) => {
    assert.equal(await kv.get('nothing/here'), null);
    const put = await kv.put('a/b', { n: 1, list: [1, 'x'], nested: { ok: true } });
    assert.equal(put.ok, true);
    assert.equal(typeof put.version, 'string');
    assert.deepEqual(await kv.get('a/b'), { value: { n: 1, list: [1, 'x'], nested: { ok: true } }, version: put.version });
  });

  withStore('every write changes the version; a value read is a copy', async (kv) => {
    const first = await kv.put('k', { n: 1 });
    const second = await kv.put('k', { n: 1 });
    assert.notEqual(first.version, second.version);
    const read = await kv.get('k');
    read.value.n = 99;
    assert.deepEqual((await kv.get('k')).value, { n: 1 });
  });

  withStore('ifVersion null: only when absent', async (kv) => {
    assert.equal((await kv.put('k', 1, { ifVersion: null })).ok, true);
    assert.deepEqual(await kv.put('k', 2, { ifVersion: null }), { ok: false, conflict: true });
    assert.equal((await kv.get('k')).value, 1);
  });

  withStore('ifVersion "<v>": only over that version', async (kv) => {
    const { version } = await kv.put('k', 'one');
    const two = await kv.put('k', 'two', { ifVersion: version });
    assert.equal(two.ok, true);
    assert.deepEqual(await kv.put('k', 'stale', { ifVersion: version }), { ok: false, conflict: true });
    assert.deepEqual(await kv.put('absent', 'x', { ifVersion: version }), { ok: false, conflict: true });
    assert.equal((await kv.get('k')).value, 'two');
    assert.equal(await kv.get('absent'), null);
  });

  withStore('a key deleted and made again never matches an old version', async (kv) => {
    const { version } = await kv.put('k', 1);
    assert.deepEqual(await kv.delete('k'), { ok: true });
    await kv.put('k', 2);
    assert.deepEqual(await kv.put('k', 3, { ifVersion: version }), { ok: false, conflict: true });
  });

  withStore('delete: absent or another version is {ok: false}', async (kv) => {
    assert.deepEqual(await kv.delete('none'), { ok: false });
    const { version } = await kv.put('k', 1);
    await kv.put('k', 2);
    assert.deepEqual(await kv.delete('k', { ifVersion: version }), { ok: false });
    const current = await kv.get('k');
    assert.deepEqual(await kv.delete('k', { ifVersion: current.version }), { ok: true });
    assert.equal(await kv.get('k'), null);
  });

  withStore('keys of any characters are kept apart and listed by prefix', async (kv) => {
    const keys = ['x/a b', 'x/a%20b', 'x/ü/ß', 'x/..', 'x/.', 'x/a?b#c', 'x/' + 'long'.repeat(100), 'x/a/b', 'x/a\\b', 'y/other'];
    for (const [i, key] of keys.entries()) await kv.put(key, { i });
    for (const [i, key] of keys.entries()) assert.deepEqual((await kv.get(key)).value, { i }, key);
    assert.deepEqual((await kv.list('x/')).sort(), keys.filter((k) => k.startsWith('x/')).sort());
  });

  withStore('a bad key or a value JSON cannot carry is a TypeError', async (kv) => {
    await assert.rejects(kv.get(''), TypeError);
    await assert.rejects(kv.put('k', undefined), TypeError);
    await assert.rejects(kv.put('k', 1, { ifVersion: 5 }), TypeError);
  });

  withStore('concurrent compare-and-swap increments: none is lost', async (kv) => {
    await kv.put('counter', 0);
    const increment = async () => {
      for (;;) {
        const { value, version } = await kv.get('counter');
        if ((await kv.put('counter', value + 1, { ifVersion: version })).ok) return;
      }
    };
    await Promise.all(Array.from({ length: 20 }, increment));
    assert.equal((await kv.get('counter')).value, 20);
  });

  withStore('concurrent "only if absent": exactly one wins', async (kv) => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => kv.put('once', i, { ifVersion: null })));
    assert.equal(results.filter((r) => r.ok).length, 1);
  });

  // The journal.
  withStore('journal: empty, appends in order, replace', async (kv) => {
    const journal = new KvStateStore(kv, { prefix: 'p/' });
    assert.deepEqual(await journal.load(), []);
    await journal.append([{ n: 1 }]);
    await journal.append([{ n: 2 }, { n: 3 }]);
    await journal.append([]);
    assert.deepEqual(await new KvStateStore(kv, { prefix: 'p/' }).load(), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.deepEqual(await new KvStateStore(kv, { prefix: 'q/' }).load(), [], 'another prefix is another journal');
    await journal.replace([{ r: 1 }]);
    await journal.append([{ n: 4 }]);
    assert.deepEqual(await new KvStateStore(kv, { prefix: 'p/' }).load(), [{ r: 1 }, { n: 4 }]);
    assert.ok((await kv.list('p/')).every((k) => k.startsWith('p/journal/')));
  });

  withStore('journal: 100 concurrent appends from 10 writers are all kept, each writer\'s in its order', async (kv) => {
    const writers = Array.from({ length: 10 }, () => new KvStateStore(kv));
    await Promise.all(Array.from({ length: 100 }, (_, i) => writers[i % 10].append([{ i }])));
    const loaded = (await new KvStateStore(kv).load()).map((r) => r.i);
    assert.deepEqual([...loaded].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
    for (let w = 0; w < 10; w += 1) {
      const own = loaded.filter((i) => i % 10 === w);
      assert.deepEqual(own, [...own].sort((a, b) => a - b), `writer ${w}`);
    }
  });

  withStore('journal: 30 writers appending at the same moment lose nothing', async (kv) => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => new KvStateStore(kv).append([{ i }])));
    const loaded = await new KvStateStore(kv).load();
    assert.deepEqual(loaded.map((r) => r.i).sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i));
  });

  withStore('journal: 100 concurrent appends of one writer keep its order', async (kv) => {
    const journal = new KvStateStore(kv);
    await Promise.all(Array.from({ length: 100 }, (_, i) => journal.append([{ i }])));
    assert.deepEqual((await new KvStateStore(kv).load()).map((r) => r.i), Array.from({ length: 100 }, (_, i) => i));
  });

  withStore('journal: a replace keeps what others appended since its load, and appends racing it', async (kv) => {
    const run = new KvStateStore(kv);
    const other = new KvStateStore(kv);
    await run.append([{ mine: 0 }]);
    assert.deepEqual(await run.load(), [{ mine: 0 }]);
    await other.append([{ other: 1 }]);          // after run's load: run never saw it
    await run.append([{ mine: 1 }]);
    await Promise.all([
      run.replace([{ state: 'new' }]),
      ...Array.from({ length: 10 }, (_, i) => new KvStateStore(kv).append([{ racing: i }])),
    ]);
    await other.append([{ other: 2 }]);           // other's slot was sealed: it follows to the new state
    const loaded = await new KvStateStore(kv).load();
    assert.deepEqual(loaded[0], { state: 'new' });
    assert.ok(!loaded.some((r) => 'mine' in r), 'what run saw is replaced');
    assert.deepEqual(loaded.filter((r) => 'other' in r), [{ other: 1 }, { other: 2 }]);
    assert.deepEqual(loaded.filter((r) => 'racing' in r).map((r) => r.racing).sort((a, b) => a - b), Array.from({ length: 10 }, (_, i) => i));
  });

  withStore('journal: a reader sees the old state or the new one, never a mix', async (kv) => {
    const writer = new KvStateStore(kv);
    await writer.append(Array.from({ length: 5 }, (_, i) => ({ old: i })));
    await writer.load();
    const reads = [];
    const replacing = writer.replace([{ whole: 'new' }]);
    for (let i = 0; i < 20; i += 1) reads.push(new KvStateStore(kv).load());
    await replacing;
    for (const read of await Promise.all(reads)) {
      const isOld = read.length === 5 && read.every((r, i) => r.old === i);
      const isNew = read.length === 1 && read[0].whole === 'new';
      assert.ok(isOld || isNew, JSON.stringify(read));
    }
  });

  withStore('journal: old generations are removed; repeated replaces leave a bounded store', async (kv) => {
    const journal = new KvStateStore(kv);
    await journal.load();
    for (let i = 0; i < 10; i += 1) {
      await journal.append([{ i }]);
      await journal.replace([{ state: i }]);
    }
    assert.deepEqual(await new KvStateStore(kv).load(), [{ state: 9 }]);
    assert.ok((await kv.list('')).length <= 6, (await kv.list('')).join(' '));
  });

  withStore('journal: a record that is not an object and a missing segment are skipped like a cut line', async (kv) => {
    const journal = new KvStateStore(kv);
    await journal.append([{ n: 1 }, 'cut', null, [1]]);
    await journal.append([{ n: 2 }]);
    await journal.append([{ n: 3 }]);
    assert.deepEqual((await kv.delete('journal/g/0/2')).ok, true);  // a segment lost
    await kv.put('journal/g/0/4', { records: 'not a list' });
    assert.deepEqual(await new KvStateStore(kv).load(), [{ n: 1 }, { n: 3 }]);
    const after = new KvStateStore(kv);
    await after.load();
    await after.append([{ n: 5 }]);
    assert.deepEqual(await new KvStateStore(kv).load(), [{ n: 1 }, { n: 3 }, { n: 5 }]);
  });

  // The event queue.
  withStore('queue: push and take in order, size', async (kv) => {
    const queue = new EventQueue(kv, { prefix: 'p/' });
    assert.equal(await queue.size(), 0);
    assert.deepEqual(await queue.take(5), []);
    assert.equal(await queue.push([{ n: 1 }, { n: 2 }]), 2);
    assert.equal(await queue.push([{ n: 3 }]), 3);
    assert.equal(await new EventQueue(kv, { prefix: 'q/' }).size(), 0, 'another prefix is another queue');
    assert.deepEqual(await queue.take(2), [{ n: 1 }, { n: 2 }]);
    assert.equal(await queue.size(), 1);
    assert.deepEqual(await queue.take(10), [{ n: 3 }]);
    assert.deepEqual(await queue.take(10), []);
  });

  withStore('queue: concurrent pushes and takes lose no event and take none twice', async (kv) => {
    // Each pusher as if from its own process: pushes of one process are written together.
    const pushers = Array.from({ length: 40 }, (_, p) => new EventQueue(otherProcess(kv)).push([{ id: `${p}a` }, { id: `${p}b` }]));
    const taken = [];
    let pushed = false;
    const taker = async () => {
      const queue = new EventQueue(kv);
      for (;;) {
        const events = await queue.take(3);
        taken.push(...events);
        if (events.length === 0 && pushed) return;
        if (events.length === 0) await new Promise((resolve) => { setTimeout(resolve, 1); });
      }
    };
    const takers = Array.from({ length: 5 }, taker);
    await Promise.all(pushers);
    pushed = true;
    await Promise.all(takers);
    const ids = taken.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'no event taken twice');
    assert.deepEqual(ids.sort(), Array.from({ length: 40 }, (_, p) => [`${p}a`, `${p}b`]).flat().sort());
    assert.equal(await new EventQueue(kv).size(), 0);
  });

  withStore('queue: the pushes of one process arriving together are written together, none lost', async (kv) => {
    let puts = 0;
    const counted = { ...otherProcess(kv), put: (...args) => { puts += 1; return kv.put(...args); } };
    const sizes = await Promise.all(Array.from({ length: 50 }, (_, i) => new EventQueue(counted).push([{ i }])));
    assert.ok(puts <= 3, `${puts} writes for 50 pushes`);
    assert.equal(Math.max(...sizes), 50);
    assert.deepEqual((await new EventQueue(kv).take(100)).map((e) => e.i), Array.from({ length: 50 }, (_, i) => i));
  });

  // Leases (the clock is injected: unix seconds).
  withStore('lease: take, refuse another holder, renew, release', async (kv) => {
    const first = await acquireLease(core, kv, 'lock/run', { holder: 'run-a', now: T0, ttlSeconds: 120 });
    assert.equal(first.ok, true);
    assert.equal(first.decision, 'take');
    assert.equal(first.expiresAt, T0 + 120);
    const refused = await acquireLease(core, kv, 'lock/run', { holder: 'run-b', now: T0 + 60, ttlSeconds: 120 });
    assert.equal(refused.ok, false);
    assert.match(refused.message, /run-a/);
    const renewed = await first.renew({ now: T0 + 100 });
    assert.deepEqual(renewed, { ok: true, expiresAt: T0 + 220 });
    assert.equal((await acquireLease(core, kv, 'lock/run', { holder: 'run-b', now: T0 + 200, ttlSeconds: 120 })).ok, false, 'renewed: still held');
    assert.deepEqual(await first.release(), { ok: true });
    const after = await acquireLease(core, kv, 'lock/run', { holder: 'run-b', now: T0 + 201, ttlSeconds: 120 });
    assert.equal(after.ok, true);
    assert.equal(after.decision, 'take');
  });

  withStore('lease: the same holder asking again renews', async (kv) => {
    await acquireLease(core, kv, 'lock/run', { holder: 'run-a', now: T0, ttlSeconds: 120 });
    const again = await acquireLease(core, kv, 'lock/run', { holder: 'run-a', now: T0 + 10, ttlSeconds: 120 });
    assert.equal(again.ok, true);
    assert.equal(again.decision, 'renew');
    assert.equal(again.expiresAt, T0 + 130);
  });

  withStore('lease: an expired lease is taken over; the old holder can neither renew nor release it', async (kv) => {
    const old = await acquireLease(core, kv, 'lock/entity/node--course/u1', { holder: 'run-a', now: T0, ttlSeconds: 120 });
    const taken = await acquireLease(core, kv, 'lock/entity/node--course/u1', { holder: 'run-b', now: T0 + 121, ttlSeconds: 120 });
    assert.equal(taken.ok, true);
    assert.equal(taken.decision, 'take_over');
    assert.equal((await old.renew({ now: T0 + 122 })).ok, false);
    assert.deepEqual(await old.release(), { ok: false });
    assert.equal((await kv.get('lock/entity/node--course/u1')).value.holder, 'run-b');
  });

  withStore('lease: of ten holders asking at once, one gets it', async (kv) => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => acquireLease(core, kv, 'lock/run', { holder: `run-${i}`, now: T0, ttlSeconds: 120 })));
    assert.equal(results.filter((r) => r.ok).length, 1);
  });

  withStore('lease: withLease runs the body holding it and frees it after, even on a throw', async (kv) => {
    const options = { holder: 'run-a', now: () => T0, ttlSeconds: 120 };
    const done = await withLease(core, kv, 'lock/run', options, async () => {
      assert.equal((await withLease(core, kv, 'lock/run', { ...options, holder: 'run-b' }, async () => 'no')).ok, false);
      return 'yes';
    });
    assert.deepEqual(done, { ok: true, value: 'yes' });
    await assert.rejects(withLease(core, kv, 'lock/run', options, async () => { throw new Error('boom'); }), /boom/);
    assert.equal(await kv.get('lock/run'), null);
  });

  // The replay cache and deliveries.
  withStore('replay: a signature seen within its time to live is seen before; after it, not', async (kv) => {
    const options = { now: T0, ttlSeconds: 300 };
    assert.equal(await seenBefore(core, kv, 'replay/abc', options), false);
    assert.equal(await seenBefore(core, kv, 'replay/abc', { ...options, now: T0 + 299 }), true);
    assert.equal(await seenBefore(core, kv, 'replay/other', options), false);
    assert.equal(await seenBefore(core, kv, 'replay/abc', { ...options, now: T0 + 301 }), false);
    const atOnce = await Promise.all(Array.from({ length: 5 }, () => seenBefore(core, kv, 'replay/twice', options)));
    assert.deepEqual(atOnce.filter((seen) => !seen).length, 1, 'of identical requests at once, one is new');
  });

  withStore('deliveries: new once, duplicate within the time to live, new again after', async (kv) => {
    assert.equal(await rememberDelivery(kv, 'd-1', { now: T0, ttl: 86400 }), 'new');
    assert.equal(await rememberDelivery(kv, 'd-1', { now: T0 + 5, ttl: 86400 }), 'duplicate');
    assert.equal(await rememberDelivery(kv, 'd-2', { now: T0 + 5, ttl: 86400 }), 'new');
    assert.equal(await rememberDelivery(kv, 'd-1', { now: T0 + 86401, ttl: 86400 }), 'new');
    const atOnce = await Promise.all(Array.from({ length: 5 }, () => rememberDelivery(kv, 'd-3', { now: T0, ttl: 60 })));
    assert.deepEqual(atOnce.filter((r) => r === 'new').length, 1);
  });

  for (const [title, body] of Object.entries(extra)) withStore(title, body);
}
