// The Moodle simulator in a process of its own, so that a benchmark measures only the sync.
import { spawn } from 'node:child_process';
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
