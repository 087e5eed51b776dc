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
