// The simulators (Moodle, Drupal) in processes of their own, so that a benchmark measures only the sync.
import { fork, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../cli/moodle-sync.mjs', import.meta.url));

/** `{ url, tokens, stop() }` once the simulator printed its line. */
export async function startSimulatorProcess() {
  const child = spawn(process.execPath, [path.resolve(CLI), 'simulate', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { ...JSON.parse(line), stop: () => child.kill('SIGTERM') };
}

const DRUPAL_CHILD = fileURLToPath(new URL('./drupal-simulator-child.mjs', import.meta.url));

/**
 * The Drupal simulator serving a generated site (`options.site`: generatedPeopleExport's sizes) in
 * a process of its own, with `options.latencyMs` per request: `{ url, credentials, ask(op, args), stop() }`
 * once it serves; `ask` runs one of the child's operations (calls, now, tick, editSpread, remove).
 */
export async function startDrupalSimulatorProcess(options) {
  const child = fork(DRUPAL_CHILD, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let next = 0;
  const ready = new Promise((resolve, reject) => {
    child.on('message', (m) => {
      if (m.ready) return resolve(m.ready);
      const { resolve: done, reject: fail } = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) fail(new Error(m.error)); else done(m.value);
    });
    child.once('exit', (code) => reject(new Error(`the Drupal simulator exited (${code}) before serving`)));
  });
  const { url, credentials } = await ready;
  const ask = (op, args) => new Promise((resolve, reject) => {
    next += 1;
    pending.set(next, { resolve, reject });
    child.send({ id: next, op, args });
  });
  return { url, credentials, ask, stop: () => ask('close').catch(() => child.kill('SIGTERM')) };
}
