// The conformance suite on the in-memory store.
import { MemoryKvStore } from '../../../js/state/kv-store.mjs';
import { kvConformance } from './support/kv-conformance.mjs';

kvConformance('MemoryKvStore', async () => ({ store: new MemoryKvStore() }));
