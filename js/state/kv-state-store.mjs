// The journal (the StateStore of core/include/moodle_sync/state_store.hpp: load, append, replace)
// on a key-value store that can compare and swap, for hosts without a local disk.
//
// Layout, under `<prefix>journal/`:
//   head                  {gen}: where a reader starts (a hint: readers follow seals from there)
//   g/<gen>/0             the base of a generation made by a replace: {base: [records], prev, from?}
//   g/<gen>/<n>, n >= 1   either a segment {records: [...]} appended, or a seal {seal: <next gen>,
//                         keep: [n...]} that ends the generation
// An append claims the lowest free slot with "only if absent": two appends never take the same
// slot, so none is lost. A replace writes a new generation's base, then seals the current one in
// its next free slot; that one write is the moment the new state becomes the state (atomic). Slots
// appended by others after the replacer's load, before its seal, are named in the seal's `keep`
// and stay part of the state: a concurrent run's records outlive a replace that never saw them.
// Generation "0" has no base: a store never written reads as empty.
//
// What a kill can leave: a base never sealed (never read), a segment missing (skipped like the
// cut last line of the file store, as long as a later slot exists), a record that is not an object
// (skipped). One caller's operations run one at a time, in the order called.

import { KvStoreError } from './kv-store.mjs';

const INITIAL = '0';
const PROBE = 3;          // a missing slot is a gap when one of the next PROBE slots exists
const READ_AHEAD = 4;     // slots read at once by a load
const MAX_HOPS = 1000;    // seals followed in one load: a loop of seals is an error, not a hang
const MAX_RELOADS = 5;    // a load that raced a replace and its clean-up starts again

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const recordsOf = (list) => (Array.isArray(list) ? list.filter(isObject) : []);
const isSeal = (v) => isObject(v) && typeof v.seal === 'string';
const isBase = (v) => isObject(v) && Array.isArray(v.base);

function randomGeneration() {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class KvStateStore {
  #kv;
  #prefix;
  #position = null;   // {gen, next, known}: where this caller appends; `known`: slots whose records it has
  #queue = Promise.resolve();

  constructor(kv, { prefix = '' } = {}) {
    this.#kv = kv;
    this.#prefix = `${prefix}journal/`;
  }

  /** Records of earlier runs, in the order written. */
  load() {
    return this.#serial(() => this.#load());
  }

  /** Adds records; resolves once they are stored. */
  append(records) {
    return this.#serial(() => this.#append(records));
  }

  /** Makes `records` the whole state, atomically; records others appended since this caller's load are kept. */
  replace(records) {
    return this.#serial(() => this.#replace(records));
  }

  #serial(operation) {
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => {});
    return run;
  }

  get #headKey() {
    return `${this.#prefix}head`;
  }

  #slotKey(gen, slot) {
    return `${this.#prefix}g/${gen}/${slot}`;
  }

  async #slot(gen, slot) {
    return (await this.#kv.get(this.#slotKey(gen, slot)))?.value ?? null;
  }

  async #headGeneration() {
    const gen = (await this.#kv.get(this.#headKey))?.value?.gen;
    return typeof gen === 'string' && gen ? gen : INITIAL;
  }

  /**
   * A reader of one generation's slots in order, READ_AHEAD at a time (a store over HTTP answers
   * them at once). A slot read ahead is as it was when read: a read of a moment, like any other.
   */
  #reader(gen) {
    const read = new Map();
    const at = async (slot) => {
      if (!read.has(slot)) {
        const slots = Array.from({ length: READ_AHEAD }, (_, i) => slot + i);
        const values = await Promise.all(slots.map((n) => this.#slot(gen, n)));
        slots.forEach((n, i) => read.set(n, values[i]));
      }
      return read.get(slot);
    };
    return {
      at,
      /** The first slot after `slot` (a missing one) that exists within PROBE, or null: the end. */
      async afterGap(slot) {
        for (let next = slot + 1; next <= slot + PROBE; next += 1) {
          if (await at(next) !== null) return next;
        }
        return null;
      },
    };
  }

  async #load() {
    for (let attempt = 1; ; attempt += 1) {
      const start = await this.#headGeneration();
      const read = await this.#readFrom(start, attempt === MAX_RELOADS);
      // A reader slower than a replace and its clean-up may have read a generation cut under it:
      // when the head moved meanwhile to somewhere this read did not reach, read again.
      const now = read && attempt < MAX_RELOADS ? await this.#headGeneration() : null;
      if (read && (attempt === MAX_RELOADS || now === start || now === read.gen)) {
        this.#position = { gen: read.gen, next: read.next, known: new Set(read.slots) };
        return read.records;
      }
    }
  }

  /** Reads generation `gen` and follows its seals; null when its base is gone (read again from the head). */
  async #readFrom(gen, lastAttempt) {
    for (let hops = 0; hops <= MAX_HOPS; hops += 1) {
      const records = [];
      if (gen !== INITIAL) {
        const base = await this.#baseRecords(gen);
        if (base === null && !lastAttempt) return null;
        records.push(...(base ?? []));
      }
      const slots = [];
      const reader = this.#reader(gen);
      let slot = 1;
      let sealedTo = null;
      for (;;) {
        const value = await reader.at(slot);
        if (value === null) {
          const after = await reader.afterGap(slot);
          if (after === null) break;
          slot = after;
          continue;
        }
        if (isSeal(value)) {
          sealedTo = value.seal;
          break;
        }
        records.push(...recordsOf(value.records));
        slots.push(slot);
        slot += 1;
      }
      if (sealedTo === null) return { gen, next: slot, slots, records };
      gen = sealedTo;
    }
    throw new Error(`state store: more than ${MAX_HOPS} journal generations chained under "${this.#prefix}"; the journal is damaged`);
  }

  /** The records of a generation's base, with those its replace kept; null when the base is gone. */
  async #baseRecords(gen) {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const base = await this.#slot(gen, 0);
      if (!isBase(base)) return null;
      if (!isObject(base.from)) return recordsOf(base.base);
      const kept = await this.#keptRecords(base.from, gen);
      if (kept !== null) return [...recordsOf(base.base), ...kept];
      // The seal was not found: the replacer has finished and written its base whole since; read it
      // again. Twice not found: its replacer died before that, and its old generation is gone.
      if (attempt === 1) return recordsOf(base.base);
    }
    return null;
  }

  /** The records a seal of `from.gen` towards `target` keeps, or null when no such seal is found. */
  async #keptRecords(from, target) {
    const seen = new Map();
    const reader = this.#reader(from.gen);
    let slot = Number.isInteger(from.scan_from) && from.scan_from >= 1 ? from.scan_from : 1;
    for (;;) {
      const value = await reader.at(slot);
      if (value === null) {
        const after = await reader.afterGap(slot);
        if (after === null) return null;
        slot = after;
        continue;
      }
      if (isSeal(value)) {
        if (value.seal !== target) return null;
        const kept = [];
        for (const n of Array.isArray(value.keep) ? value.keep : []) {
          kept.push(...recordsOf((seen.has(n) ? seen.get(n) : await this.#slot(from.gen, n))?.records));
        }
        return kept;
      }
      seen.set(slot, value);
      slot += 1;
    }
  }

  async #append(records) {
    if (!Array.isArray(records)) throw new TypeError('state store append: an array of records expected');
    if (records.length === 0) return;
    if (!this.#position) await this.#load();
    const segment = { records };
    for (let vanished = 0; ; ) {
      const { gen, next } = this.#position;
      const put = await this.#kv.put(this.#slotKey(gen, next), segment, { ifVersion: null });
      if (put.ok) {
        this.#position.known.add(next);
        this.#position.next = next + 1;
        return;
      }
      const found = await this.#slot(gen, next);
      if (isSeal(found)) this.#position = { gen: found.seal, next: 1, known: new Set() };
      else if (found !== null) this.#position.next = next + 1;  // another writer's segment
      else vanished = this.#checkVanished(vanished, gen, next);
    }
  }

  async #replace(records) {
    if (!Array.isArray(records)) throw new TypeError('state store replace: an array of records expected');
    if (!this.#position) await this.#load();
    const gen = randomGeneration();
    const baseKey = this.#slotKey(gen, 0);
    let { gen: current, next, known } = this.#position;
    await this.#kv.put(baseKey, { base: records, prev: current, from: { gen: current, scan_from: next } }, { ifVersion: null });
    let keep;
    for (let vanished = 0; ; ) {
      keep = [];
      for (let n = 1; n < next; n += 1) if (!known.has(n)) keep.push(n);
      const sealed = await this.#kv.put(this.#slotKey(current, next), { seal: gen, keep }, { ifVersion: null });
      if (sealed.ok) break;
      const found = await this.#slot(current, next);
      if (isSeal(found)) {
        // Another replace sealed it first: this one follows and replaces that one's state in turn.
        current = found.seal;
        next = 1;
        known = new Set();
        await this.#kv.put(baseKey, { base: records, prev: current, from: { gen: current, scan_from: 1 } });
      } else if (found !== null) {
        next += 1;
      } else {
        vanished = this.#checkVanished(vanished, current, next);
      }
    }
    // Sealed: the new state is the state. Write its base whole, so readers need not visit the old generation.
    const kept = [];
    for (const n of keep) kept.push(...recordsOf((await this.#slot(current, n))?.records));
    await this.#kv.put(baseKey, { base: [...records, ...kept], prev: current });
    const older = current === INITIAL ? null : (await this.#slot(current, 0))?.prev;
    await this.#kv.put(this.#headKey, { gen });
    this.#position = { gen, next: 1, known: new Set() };
    // The generation before the one just sealed is reached by no reader that started after the head
    // moved to its successor: remove it. Best effort: a leftover costs space, not correctness.
    if (typeof older === 'string') await this.#removeGeneration(older).catch(() => {});
  }

  // A slot "only if absent" refused, then read as absent: deleted in between, once or twice; a store
  // that keeps answering so does not honour the protocol.
  #checkVanished(count, gen, slot) {
    if (count + 1 >= 10) {
      throw new KvStoreError(`state store "${this.#slotKey(gen, slot)}": a write "only if absent" keeps failing on a key that reads as absent`, { kind: 'protocol', key: this.#slotKey(gen, slot) });
    }
    return count + 1;
  }

  async #removeGeneration(gen) {
    let misses = 0;
    for (let slot = 0; misses <= PROBE; slot += 1) {
      const removed = await this.#kv.delete(this.#slotKey(gen, slot));
      misses = removed.ok || slot === 0 ? 0 : misses + 1;
    }
  }
}
