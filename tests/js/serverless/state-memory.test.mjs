// The conformance suite on the in-memory store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvStoreError, MemoryKvStore } from '../../../js/state/kv-store.mjs';
import { KvStateStore } from '../../../js/state/kv-state-store.mjs';
import { kvConformance } from './support/kv-conformance.mjs';

kvConformance('MemoryKvStore', async () => ({ store: new MemoryKvStore() }));

test('KvStateStore: a store that refuses "only if absent" on a key it reads as absent is an error, not a hang', async () => {
  const kv = new MemoryKvStore();
  const broken = {
    get: (key) => kv.get(key),
    put: (key, value, options) => (options?.ifVersion === null ? Promise.resolve({ ok: false, conflict: true }) : kv.put(key, value, options)),
    delete: (key, options) => kv.delete(key, options),
  };
  await assert.rejects(new KvStateStore(broken).append([{ n: 1 }]), (e) => e instanceof KvStoreError && e.kind === 'protocol' && /journal\/g\/0\/1/.test(e.message));
});
