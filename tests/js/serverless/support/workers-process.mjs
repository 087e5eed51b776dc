// Runs a module in a Workers-like Node process (workers-runtime.mjs) and collects its answers.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNTIME = fileURLToPath(new URL('./workers-runtime.mjs', import.meta.url));
const REQUESTS = fileURLToPath(new URL('./workers-requests.mjs', import.meta.url));

/**
 * `entry`: the script to run (default: workers-requests.mjs, which sends `input.requests` to
 * `input.module`). Resolves to {code, stdout, stderr, answers} (answers: the JSON lines printed).
 */
export function runInWorkersRuntime(input, { entry = REQUESTS } = {}) {
  return new Promise((resolve, reject) => {
    // The parent's environment goes along (a moved clock, for one); the worker's `env` is in the input.
    const { NODE_TEST_CONTEXT, ...parentEnv } = process.env;
    const child = spawn(process.execPath, ['--disallow-code-generation-from-strings', '--import', RUNTIME, entry], {
      env: { ...parentEnv, WORKERS_RUNTIME_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const answers = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      resolve({ code, stdout, stderr, answers });
    });
  });
}
