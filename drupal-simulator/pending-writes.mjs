// Writes not yet committed. Drupal runs the entity hooks (and so the `webhooks` module's POST)
// inside the save's database transaction (SqlContentEntityStorage::save()): until the commit, every
// other request reads the entity as it was — a new one is not there (404, absent from listings), a
// deleted one is still there, an edited one has its old values. A pending write becomes visible
// when its webhook deliveries are answered and its commit window is over: `reads` JSON:API reads
// that would have shown it, and the site's clock reaching `until`.

export class PendingWrites {
  /** @param store the site's committed entities; @param clock the site's clock (unix seconds) */
  constructor(store, clock) {
    this.store = store;
    this.clock = clock;
    this.writes = new Map();   // uuid -> { type, id, next: resource | null (deleted), reads, until, delivering }
  }

  /** The entity as its latest write left it (pending or committed); undefined when there is none. */
  latest(type, id) {
    const w = this.writes.get(id);
    if (w && w.type === type) return w.next ?? undefined;
    return this.store.get(type, id);
  }

  has(id) { return this.writes.has(id); }

  /**
   * Holds `next` (null: deleted) for `type`/`id` until its window is over. A second write of the
   * same entity joins the first: the later values, the longer window.
   */
  hold(type, id, next, { reads = 0, until = null, delivering = false } = {}) {
    const before = this.writes.get(id);
    const write = {
      type, id, next,
      reads: Math.max(reads, before?.reads ?? 0),
      until: Math.max(until ?? -Infinity, before?.until ?? -Infinity),
      delivering: (before?.delivering ?? 0) + (delivering ? 1 : 0),
    };
    this.writes.set(id, write);
    this.maybeCommit(write);
    return write;
  }

  /** A webhook dispatch for the write of `id` is answered. */
  delivered(id) {
    const w = this.writes.get(id);
    if (!w) return;
    w.delivering = Math.max(0, w.delivering - 1);
    this.maybeCommit(w);
  }

  ready(w) {
    return !w.delivering && w.reads <= 0 && !(this.clock() < w.until);
  }

  maybeCommit(w) {
    if (this.ready(w)) this.commit(w);
  }

  commit(w) {
    this.writes.delete(w.id);
    const current = this.store.get(w.type, w.id);
    if (w.next === null) {
      if (current) this.store.remove(w.type, w.id);
    } else if (current) {
      current.attributes = w.next.attributes;
      current.relationships = w.next.relationships;
      this.store.touch(w.type, current);
    } else {
      this.store.insert(w.next);
    }
  }

  /**
   * A JSON:API GET of `type` (a listing, or the resource `id`) is about to be answered: writes
   * whose window is over commit first; the others stay hidden from it and count it.
   */
  beforeRead(type, id) {
    for (const w of [...this.writes.values()]) {
      if (w.type !== type || (id !== undefined && w.id !== id)) continue;
      if (this.ready(w)) this.commit(w);
      else if (w.reads > 0) w.reads -= 1;
    }
  }

  /** Commits every pending write now (or those of `type`), whatever their window. */
  commitAll(type) {
    for (const w of [...this.writes.values()]) if (type === undefined || w.type === type) this.commit(w);
  }

  list() {
    return [...this.writes.values()].map(({ type, id, next, reads, until, delivering }) => ({ type, id, deleted: next === null, reads, until, delivering: delivering > 0 }));
  }
}
