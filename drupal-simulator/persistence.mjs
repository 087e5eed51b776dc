// `--state FILE`: the site survives a restart. The file holds every resource (with the writes
// made through PATCH and sim.edit/add/remove) and the accounts' secrets, so a client keeps its
// credentials across a restart. Written atomically: a temporary file, then a rename.

import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** `{ resources, exported, secrets }` from the file, or null when there is no file yet. */
export function loadStateFile(file) {
  if (!file || !existsSync(file)) return null;
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not a state file of the Drupal simulator (${e.message})`);
  }
  if (!Array.isArray(data?.resources)) throw new Error(`${file}: not a state file of the Drupal simulator (no "resources" list)`);
  return data;
}

/** It holds the accounts' secrets, so only its owner may read it. */
export function saveStateFile(file, store, secrets) {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, JSON.stringify({ ...store.toJSON(), secrets }), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/**
 * Writes the state file after writes, at most once a second: a write-back PATCHes every entity of
 * a large site one by one, and writing the whole site after each would make it quadratic. A write
 * waits for the next save at most a second; `flush()` (on close) saves what is pending.
 */
export class StateWriter {
  constructor(file, save, { intervalMs = 1000 } = {}) {
    this.file = file;
    this.save = save;
    this.intervalMs = intervalMs;
    this.lastSave = -Infinity;
    this.timer = null;
  }

  written() {
    if (!this.file || this.timer) return;
    const wait = this.lastSave + this.intervalMs - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  flush() {
    if (!this.file) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.save();
    this.lastSave = performance.now();
  }
}
