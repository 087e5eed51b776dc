// Key-value stores: where the serverless function keeps what outlives one request (the journal, the
// event queue, leases, the replay cache, known deliveries). Every store implements the interface
// below; the modules of js/state build on it alone, so the function runs on any platform's store
// that can compare and swap.
//
// KeyValueStore (values are JSON; versions are opaque strings that change on every write):
//   get(key)                 -> Promise<{value, version} | null>
//   put(key, value, {ifVersion}?)
//                            -> Promise<{ok: true, version} | {ok: false, conflict: true}>
//        ifVersion undefined: unconditional; null: only if the key is absent; "<v>": only if the
//        current version is v. A conflict is an answer, not an error: the caller reads and retries.
//   delete(key, {ifVersion}?) -> Promise<{ok: boolean}>   (false: absent, or another version)
//   list(prefix)             -> Promise<[key]>   (for tests and clean-up; nothing depends on it)
// Errors (the store unreachable, refused, broken) are thrown as KvStoreError, naming the key.

/** A store that could not answer: `kind` says why ('unauthorized', 'timeout', 'transport', 'server', 'protocol', 'io'). */
export class KvStoreError extends Error {
  constructor(message, { kind, key, status, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = 'KvStoreError';
    this.kind = kind;
    this.key = key;
    if (status !== undefined) this.status = status;
  }
}

/** Throws a TypeError naming the argument unless `key` is a non-empty string. */
export function checkKey(key) {
  if (typeof key !== 'string' || key === '') throw new TypeError(`state store key: a non-empty string expected, got ${JSON.stringify(key)}`);
}

/** Throws a TypeError unless `ifVersion` is undefined, null or a string. */
export function checkIfVersion(ifVersion, key) {
  if (ifVersion !== undefined && ifVersion !== null && typeof ifVersion !== 'string') {
    throw new TypeError(`state store "${key}": ifVersion must be undefined, null or a version string`);
  }
}

/** Whether a stored version satisfies `ifVersion` (undefined: always; null: only when absent). */
export function versionMatches(current, ifVersion) {
  if (ifVersion === undefined) return true;
  if (ifVersion === null) return current === null;
  return current !== null && current === ifVersion;
}

/** The JSON text of a value; a value JSON cannot carry (undefined, a function, a cycle) is a TypeError naming the key. */
export function encodeValue(key, value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new TypeError(`state store "${key}": the value is not JSON (${e.message})`);
  }
  if (text === undefined) throw new TypeError(`state store "${key}": the value is not JSON`);
  return text;
}

/**
 * In memory, for tests and for one process that keeps nothing across restarts. Values are kept as
 * JSON text, so a caller never shares an object with the store. Versions count up across the whole
 * store: a key deleted and made again never gets back a version it had (no ABA).
 */
export class MemoryKvStore {
  #entries = new Map();
  #counter = 0;

  async get(key) {
    checkKey(key);
    const entry = this.#entries.get(key);
    return entry ? { value: JSON.parse(entry.text), version: entry.version } : null;
  }

  async put(key, value, { ifVersion } = {}) {
    checkKey(key);
    checkIfVersion(ifVersion, key);
    const text = encodeValue(key, value);
    if (!versionMatches(this.#entries.get(key)?.version ?? null, ifVersion)) return { ok: false, conflict: true };
    this.#counter += 1;
    const version = String(this.#counter);
    this.#entries.set(key, { text, version });
    return { ok: true, version };
  }

  async delete(key, { ifVersion } = {}) {
    checkKey(key);
    checkIfVersion(ifVersion, key);
    const current = this.#entries.get(key)?.version ?? null;
    if (current === null || !versionMatches(current, ifVersion)) return { ok: false };
    this.#entries.delete(key);
    return { ok: true };
  }

  async list(prefix = '') {
    return [...this.#entries.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}
