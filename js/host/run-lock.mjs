// The run lock of a Node host: a file beside the journal (`<export>.moodle-sync.lock`) saying which
// run holds the export's state. This module only does the I/O (create the file exclusively, read
// it, probe its holder's process, remove it); whether to take, take over or refuse is the core's
// `run_lock` decision.
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { readFileSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const ATTEMPTS = 5;  // another run may take or free the lock between our read and our create

export class RunLockError extends Error {
  constructor(message, exitCode) {
    super(message);
    this.name = 'RunLockError';
    this.exitCode = exitCode;
  }
}

export function lockPathFor(sourcePath) {
  return `${sourcePath.replace(/\/+$/, '')}.moodle-sync.lock`;
}

/** Whether a process of this host runs with that pid (one of another user counts as running). */
export function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function readHeld(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return {};
    throw new RunLockError(`${file}: cannot read the run lock (${e.code ?? e.message})`, 2);
  }
  try {
    return { held: JSON.parse(text), text };
  } catch {
    return { held: null, held_text: text, text };
  }
}

// Removes the lock judged stale, and only that one: two runs may judge the same dead run's lock at
// once, and the slower one must not remove the lock the faster one has just created. The lock is
// moved aside under a name of our own, then compared with what was judged; a fresh lock moved by
// mistake is put back (or, if yet another run created one meanwhile, that one stays).
async function removeStale(file, judgedText) {
  const aside = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.stale`;
  try {
    await rename(file, aside);
  } catch (e) {
    if (e.code === 'ENOENT') return;  // another run removed it first
    throw new RunLockError(`${file}: cannot remove the stale run lock (${e.code ?? e.message})`, 2);
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved !== judgedText) await link(aside, file).catch(() => {});
  await unlink(aside).catch(() => {});
}

// The lock appears complete or not at all: written to a private file, then linked to its name
// (a link fails when the name exists, so two runs cannot both create it).
async function createLock(file, text) {
  const draft = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.draft`;
  await writeFile(draft, text, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, file);
    return true;
  } catch (e) {
    if (e.code === 'EEXIST') return false;
    throw new RunLockError(`${file}: cannot create the run lock (${e.code ?? e.message})`, 2);
  } finally {
    await unlink(draft).catch(() => {});
  }
}

/**
 * Takes the run lock of an export, or throws a RunLockError naming the run that holds it.
 * Resolves to `{ file, note, release() }`; `note` says when a dead run's lock was taken over. The
 * lock goes when `release()` is called, when the process exits, or on SIGINT, SIGTERM and SIGHUP.
 */
export async function acquireRunLock(core, sourcePath, { pid = process.pid, host = hostname(), clock = () => Date.now() / 1000, isAlive = processAlive } = {}) {
  const file = lockPathFor(sourcePath);
  const me = { pid, host, started_at: new Date(Math.floor(clock()) * 1000).toISOString() };
  const text = `${JSON.stringify(me)}\n`;
  let note = '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const found = await readHeld(file);
    const holderPid = found.held?.pid;
    const holderAlive = Number.isInteger(holderPid) && holderPid > 0 ? isAlive(holderPid) : null;
    const { text: judgedText, ...lock } = found;
    const answer = core.call('run_lock', { lock_file: file, me, ...lock, holder_alive: holderAlive });
    if (!answer.ok) throw new RunLockError(answer.error.message, 2);
    const { decision, message, exit_code: exitCode } = answer.value;
    if (decision === 'refuse') throw new RunLockError(message, exitCode);
    if (decision === 'take_over') {
      await removeStale(file, judgedText);
      note = answer.value.note;
    }
    if (await createLock(file, text)) return holdLock(file, text, note);
  }
  throw new RunLockError(`${file}: other runs kept taking the run lock; try again`, 2);
}

function holdLock(file, text, note) {
  // Removes the lock only while it is still this run's: a run that took over never loses its lock to us.
  const removeSync = () => {
    try {
      if (readFileSync(file, 'utf8') === text) unlinkSync(file);
    } catch { /* already gone */ }
  };
  const onSignal = (signal) => {
    removeSync();
    stopWatching();
    process.kill(process.pid, signal);  // end as the signal would have ended the process
  };
  const stopWatching = () => {
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('exit', removeSync);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', removeSync);
  return {
    file,
    note,
    async release() {
      stopWatching();
      removeSync();
    },
  };
}

/** Runs `body(lock)` holding the export's run lock; the lock goes whatever ends the body. */
export async function withRunLock(core, sourcePath, body, options) {
  const lock = await acquireRunLock(core, sourcePath, options);
  try {
    return await body(lock);
  } finally {
    await lock.release();
  }
}
