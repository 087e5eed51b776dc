// The event queue: events accepted by requests, waiting for the runner that plans a window of
// them. One key holds the whole queue and every change is a compare-and-swap on it, so a push is
// never lost and no event is taken twice, however many requests push and take at once. A queue
// holds one window's worth of events (a thousand or so), which one value carries easily.
import { KvStoreError } from './kv-store.mjs';

const ATTEMPTS = 200;

// Callers that lost a race wait a little, at random, so that they do not collide again at once.
const backoff = (attempt) => new Promise((resolve) => {
  setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50));
});

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
    return this.#change((queued) => ({ next: [...queued, ...events], result: queued.length + events.length }));
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
