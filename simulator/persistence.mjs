// `--state FILE`: the site survives a restart. The file holds the SimState tables and sequences plus
// the tokens, so a client configured with a token keeps working after the simulator restarts.

import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { SimState } from './state.mjs';

/** Returns { state, tokens } from the file, or null when there is no file yet. */
export function loadStateFile(file) {
  if (!file || !existsSync(file)) return null;
  const data = JSON.parse(readFileSync(file, 'utf8'));
  return { state: SimState.fromJSON(data), tokens: data.tokens ?? null };
}

/**
 * Writes a temporary file next to the target and renames it: a reader never sees half a file. It
 * holds the tokens and the accounts, so only its owner may read it.
 */
export function saveStateFile(file, state, tokens) {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, JSON.stringify({ ...state.toJSON(), tokens }), { mode: 0o600 });
  chmodSync(temp, 0o600);  // a temporary file left by a killed run keeps its old mode otherwise
  renameSync(temp, file);
}
