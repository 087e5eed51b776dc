// FileKvStore: a KeyValueStore in a folder, for a host on one machine (`serve`). One file per key;
// compare and swap under a lock file per key, made with link() so that two processes cannot both
// hold it; a write lands by an atomic rename, so a reader sees the old value or the new one. The
// keys and values may name people: the folder is made readable by its owner alone (0700) and so is
// every file (0600).
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { processAlive } from '../host/run-lock.mjs';
import { KvStoreError, checkIfVersion, checkKey, encodeValue, versionMatches } from './kv-store.mjs';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const MAX_NAME = 200;          // file names stay well under the usual 255-byte limit
const STALE_LOCK_MS = 30000;   // a lock of another machine held this long belongs to a writer that died
const LOCK_WAIT_MS = 10000;

const randomTag = () => randomBytes(6).toString('hex');
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// A file name for any key: letters, digits, '-' and '_' are kept, every other byte is %XX (so no
// name holds a '.' or a '/', and none can be '.', '..' or a lock's name). A longer name becomes
// the key's SHA-256; the file itself names its key, for list().
function fileNameOf(key) {
  let name = 'k-';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    name += /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return name.length <= MAX_NAME ? name : `h-${createHash('sha256').update(key).digest('hex')}`;
}

function keyOfFileName(name) {
  if (!name.startsWith('k-') || name.includes('.')) return null;
  return Buffer.from(name.slice(2).replace(/%([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}

export class FileKvStore {
  #dir;
  #made = false;

  constructor(dir) {
    if (typeof dir !== 'string' || !dir) throw new TypeError('FileKvStore: a folder path expected');
    this.#dir = dir;
  }

  get dir() {
    return this.#dir;
  }

  async get(key) {
    checkKey(key);
    const entry = await this.#read(key, path.join(this.#dir, fileNameOf(key)));
    return entry ? { value: entry.value, version: entry.version } : null;
  }

  async put(key, value, { ifVersion } = {}) {
    checkKey(key);
    checkIfVersion(ifVersion, key);
    const text = encodeValue(key, value);
    await this.#ensureDir(key);
    const file = path.join(this.#dir, fileNameOf(key));
    // A condition that fails now has failed: a conflict needs no lock (a file changes only by
    // rename). Checked again while waiting for the lock, so that writers racing for one key give
    // up as soon as one of them has written it, instead of taking the lock in turn to find out.
    const conflict = { ok: false, conflict: true };
    const holds = async () => versionMatches((await this.#read(key, file))?.version ?? null, ifVersion);
    if (!(await holds())) return conflict;
    return this.#locked(key, file, holds, conflict, async () => {
      if (!(await holds())) return conflict;
      const version = randomTag();
      await this.#replace(key, file, `{"key":${JSON.stringify(key)},"version":"${version}","value":${text}}\n`);
      return { ok: true, version };
    });
  }

  async delete(key, { ifVersion } = {}) {
    checkKey(key);
    checkIfVersion(ifVersion, key);
    const file = path.join(this.#dir, fileNameOf(key));
    const holds = async () => {
      const current = await this.#read(key, file);
      return current !== null && versionMatches(current.version, ifVersion);
    };
    if (!(await holds())) return { ok: false };
    return this.#locked(key, file, holds, { ok: false }, async () => {
      if (!(await holds())) return { ok: false };
      await this.#io(key, () => unlink(file));
      await this.#syncDir(key);
      return { ok: true };
    });
  }

  async list(prefix = '') {
    let names;
    try {
      names = await readdir(this.#dir);
    } catch (e) {
      if (e.code === 'ENOENT') return [];
      throw new KvStoreError(`state store ${this.#dir}: cannot list (${e.code ?? e.message})`, { kind: 'io', cause: e });
    }
    const keys = [];
    for (const name of names) {
      if (name.includes('.')) continue;  // locks and temporary files
      const key = name.startsWith('h-') ? (await this.#readFile(null, path.join(this.#dir, name)))?.key : keyOfFileName(name);
      if (typeof key === 'string' && key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort();
  }

  async #io(key, operation) {
    try {
      return await operation();
    } catch (e) {
      if (e instanceof KvStoreError) throw e;
      throw new KvStoreError(`state store "${key}" in ${this.#dir}: ${e.code ?? e.message}`, { kind: 'io', key, cause: e });
    }
  }

  async #ensureDir(key) {
    if (this.#made) return;
    await this.#io(key, () => mkdir(this.#dir, { recursive: true, mode: DIR_MODE }));
    this.#made = true;
  }

  async #readFile(key, file) {
    let text;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') return null;
      throw new KvStoreError(`state store "${key}" in ${this.#dir}: cannot read (${e.code ?? e.message})`, { kind: 'io', key, cause: e });
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new KvStoreError(`state store "${key}": ${file} is not JSON (damaged outside the store)`, { kind: 'io', key });
    }
  }

  async #read(key, file) {
    const entry = await this.#readFile(key, file);
    return entry && entry.key === key && typeof entry.version === 'string' ? entry : null;
  }

  // Written beside its final name, private from the start, flushed, then renamed over it.
  async #replace(key, file, text) {
    const temp = `${file}.${randomTag()}.tmp`;
    await this.#io(key, async () => {
      const handle = await open(temp, 'wx', FILE_MODE);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temp, file);
      } catch (e) {
        await unlink(temp).catch(() => {});
        throw e;
      }
    });
    await this.#syncDir(key);
  }

  // The rename or unlink is durable once the folder is flushed.
  async #syncDir(key) {
    await this.#io(key, async () => {
      const handle = await open(this.#dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  // Runs `body` holding the key's lock; answers `failed` without it once `holds()` says the
  // condition can no longer be met.
  async #locked(key, file, holds, failed, body) {
    const lock = `${file}.lock`;
    const mine = JSON.stringify({ pid: process.pid, host: hostname(), tag: randomTag() });
    const started = Date.now();
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      if (await this.#tryLock(key, lock, mine)) break;
      if (!(await holds())) return failed;
      await this.#removeIfStale(lock);
      if (Date.now() - started > LOCK_WAIT_MS) {
        throw new KvStoreError(`state store "${key}": its lock ${lock} stayed held for ${LOCK_WAIT_MS} ms`, { kind: 'busy', key });
      }
      await sleep(wait);
    }
    try {
      return await body();
    } finally {
      // Removed only while it is still ours: a lock judged stale and taken over is the new holder's.
      if (await readFile(lock, 'utf8').catch(() => null) === mine) await unlink(lock).catch(() => {});
    }
  }

  // The lock appears whole or not at all: written under a private name, then linked to its own
  // (a link fails when the name exists, so two writers cannot both make it).
  async #tryLock(key, lock, text) {
    const draft = `${lock}.${randomTag()}.draft`;
    await this.#io(key, () => writeFile(draft, text, { mode: FILE_MODE, flag: 'wx' }));
    try {
      await link(draft, lock);
      return true;
    } catch (e) {
      if (e.code === 'EEXIST') return false;
      throw new KvStoreError(`state store "${key}": cannot make its lock (${e.code ?? e.message})`, { kind: 'io', key, cause: e });
    } finally {
      await unlink(draft).catch(() => {});
    }
  }

  // Whether a lock belongs to a writer that died holding it: on this machine, its process is gone;
  // from another machine sharing the folder (or unreadable), it is older than STALE_LOCK_MS by the
  // file system's own clock (the folder's modification time, which our failed attempt has just
  // set), so that a clock set differently on this machine judges nothing.
  async #isStale(lock, text) {
    let holder = null;
    try {
      holder = JSON.parse(text);
    } catch { /* judged by its age */ }
    if (holder?.host === hostname() && Number.isInteger(holder.pid) && holder.pid > 0) return !processAlive(holder.pid);
    const [lockInfo, dirInfo] = await Promise.all([stat(lock), stat(this.#dir)]);
    return dirInfo.mtimeMs - lockInfo.mtimeMs > STALE_LOCK_MS;
  }

  // A stale lock is moved aside under a name of our own and compared with what was judged: two
  // writers judging the same stale lock must not remove the fresh one the faster one made.
  async #removeIfStale(lock) {
    let judged;
    try {
      judged = await readFile(lock, 'utf8');
      if (!(await this.#isStale(lock, judged))) return;
    } catch {
      return;  // gone meanwhile
    }
    const aside = `${lock}.${randomTag()}.stale`;
    try {
      await rename(lock, aside);
    } catch {
      return;
    }
    const moved = await readFile(aside, 'utf8').catch(() => null);
    if (moved !== judged) await link(aside, lock).catch(() => {});
    await unlink(aside).catch(() => {});
  }
}
