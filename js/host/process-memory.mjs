// How a sync process is started: the Node and C library settings that keep its resident memory close
// to what it uses. The `moodle-sync` command starts with them (its first line, which a test compares
// with these values); the sync benchmarks run their sync in a process started the same way.
// - `--max-semi-space-size=2`: V8's young generation otherwise grows to two 16 MiB halves as soon as
//   a run allocates quickly (reading an export, planning), and keeps them: 32 MiB for objects that
//   live a few milliseconds. Larger halves only save work for programs that keep many mid-lived
//   objects, which a sync does not (its CPU time is unchanged, see README's benchmark section).
// - `MALLOC_MMAP_THRESHOLD_=65536`: glibc raises its mmap threshold each time a large block is freed,
//   so that the next large blocks (answer chunks, file buffers) come from the heap, which keeps them
//   resident once freed. A fixed threshold gives each block of 64 KiB or more its own mapping,
//   returned to the system when freed.
// - `MALLOC_TRIM_THRESHOLD_=131072`: free memory at the top of the heap is returned above 128 KiB.
// - `--expose-gc`: a process that runs one sync after another (`serve`, the benchmarks) collects
//   the last run's garbage before it reads the export again (collectGarbage). The last run's export
//   (megabytes of file bytes, outside V8's heap, and their index) is otherwise still held while the
//   next is read: V8 sees too little pressure to collect it, and the process's peak was there.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const NODE_FLAGS = Object.freeze(['--max-semi-space-size=2', '--expose-gc']);
export const MALLOC_ENV = Object.freeze({ MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '131072' });

/** The first line of the `moodle-sync` command: `env -S` sets the variables and passes the flags. */
export const SHEBANG = `#!/usr/bin/env -S ${Object.entries(MALLOC_ENV).map(([k, v]) => `${k}=${v}`).join(' ')} node ${NODE_FLAGS.join(' ')}`;

/** Whether this process was started with the settings above. */
export function runsWithMemorySettings(proc = process) {
  return NODE_FLAGS.every((flag) => proc.execArgv.includes(flag)) && Object.entries(MALLOC_ENV).every(([k, v]) => proc.env[k] === v);
}

/**
 * Runs the script `scriptUrl` (its `import.meta.url`) again, with this process's arguments, in a
 * process started with the settings, unless this one has them. Resolves to the exit code of that
 * process, or to null when this process has the settings already (it then goes on itself).
 */
export async function rerunWithMemorySettings(scriptUrl) {
  if (runsWithMemorySettings()) return null;
  const child = spawn(process.execPath, [...NODE_FLAGS, ...process.execArgv, fileURLToPath(scriptUrl), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ...MALLOC_ENV },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Collects the garbage now, in a process started with the settings (elsewhere, a browser or a
 * serverless function, it does nothing): before a run reads its export, so that the last run's
 * export is gone first. One full collection of a heap this small takes 5 to 10 ms.
 */
export function collectGarbage() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}
