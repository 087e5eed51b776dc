// The event queue: events accepted by requests, waiting for the runner that plans a window of
// them. One key holds the whole queue and every change is a compare-and-swap on it, so a push is
// never lost and no event is taken twice, however many requests push and take at once. A queue
// holds one window's worth of events (a thousand or so), which one value carries easily.
// Pushes of one process to one store are written together: while one write is under way, the
// pushes arriving meanwhile wait and go in the next one, so a burst costs a few writes, not one
// (and a race) per request.
import { KvStoreError } from './kv-store.mjs';

const ATTEMPTS = 200;

// Callers that lost a race wait a little, at random, so that they do not collide again at once.
const backoff = (attempt) => new Promise((resolve) => {
  setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50));
});

// The pushes waiting for a write, per store and key: {waiting: [{events, resolve, reject}], writing}.
const groups = new WeakMap();

function groupOf(kv, key) {
  if (!groups.has(kv)) groups.set(kv, new Map());
  const byKey = groups.get(kv);
  if (!byKey.has(key)) byKey.set(key, { waiting: [], writing: false });
  return byKey.get(key);
}

export class EventQueue {
  #kv;
  #key;

  constructor(kv, { prefix = '' } = {}) {
    this.#kv = kv;
    this.#key = `${prefix}queue/events`;
  }

  /** Adds events at the end; resolves to the number of events queued once they are stored. */
  async push(events) {
    if (!Array.isArray(events)) throw new TypeError('EventQueue.push: an array of events expected');
    if (events.length === 0) return this.size();
    const group = groupOf(this.#kv, this.#key);
    const stored = new Promise((resolve, reject) => { group.waiting.push({ events, resolve, reject }); });
    if (!group.writing) this.#writeGroup(group);
    return stored;
  }

  // Writes every push waiting, in the order pushed, then those that arrived meanwhile.
  async #writeGroup(group) {
    group.writing = true;
    while (group.waiting.length) {
      const pushes = group.waiting.splice(0);
      const events = pushes.flatMap((p) => p.events);
      try {
        const size = await this.#change((queued) => ({ next: [...queued, ...events], result: queued.length + events.length }));
        for (const p of pushes) p.resolve(size);
      } catch (e) {
        for (const p of pushes) p.reject(e);
      }
    }
    group.writing = false;
  }

  /** Takes up to `max` events from the front; each event is taken by one caller only. */
  async take(max) {
    if (!Number.isInteger(max) || max < 1) throw new TypeError('EventQueue.take: a positive integer expected');
    return this.#change((queued) => (queued.length ? { next: queued.slice(max), result: queued.slice(0, max) } : { result: [] }));
  }

  /** How many events wait. */
  async size() {
    return this.#events(await this.#kv.get(this.#key)).length;
  }

  #events(current) {
    const events = current?.value?.events;
    return Array.isArray(events) ? events : [];
  }

  // Reads the queue, computes the change, writes it only over what was read; again when another
  // caller changed the queue meanwhile. `next` undefined: nothing to write.
  async #change(compute) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const current = await this.#kv.get(this.#key);
      const { next, result } = compute(this.#events(current));
      if (next === undefined) return result;
      const put = await this.#kv.put(this.#key, { events: next }, { ifVersion: current ? current.version : null });
      if (put.ok) return result;
      await backoff(attempt);
    }
    throw new KvStoreError(`state store "${this.#key}": other requests kept changing the queue; try again`, { kind: 'busy', key: this.#key });
  }
}
