// The moodle-sync command as child processes of the test: run one to its end, or start one to
// read its output or kill it. The simulator the command talks to runs in the test process, so
// every child is asynchronous (a synchronous child would block the simulator's event loop).
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../../cli/moodle-sync.mjs', import.meta.url));

/** The test's environment without a Moodle token (a token set by whoever runs the tests must not leak in), plus `env`. */
export function cliEnv(env = {}) {
  const base = { ...process.env };
  delete base.MOODLE_TOKEN;
  return { ...base, ...env };
}

/** Runs `moodle-sync ...args` to its end: `{ code, stdout, stderr }`. */
export function runCli(args, env = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: cliEnv(env), maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, signal: error?.signal ?? null, stdout, stderr });
    });
  });
}

/** Starts `moodle-sync ...args`; `exited` resolves to `{ code, signal, stdout, stderr }`. */
export function startCli(args, env = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s) => { stdout += s; });
  child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
  const exited = once(child, 'close').then(([code, signal]) => ({ code, signal, stdout, stderr }));
  return { child, exited, output: () => stdout };
}

/** The first line the child prints on stdout (rejects when it exits before printing one). */
export function firstLine(started) {
  return new Promise((resolve, reject) => {
    const look = () => {
      const out = started.output();
      const end = out.indexOf('\n');
      if (end >= 0) {
        started.child.stdout.off('data', look);
        resolve(out.slice(0, end));
      }
    };
    started.child.stdout.on('data', look);
    started.exited.then((r) => reject(new Error(`exited (${r.code ?? r.signal}) before printing a line: ${r.stderr}`)));
    look();
  });
}

/** Every file of a folder with its bytes, to prove a command left it alone. */
export async function snapshot(dir) {
  const files = {};
  for (const name of (await readdir(dir)).sort()) files[name] = await readFile(path.join(dir, name));
  return files;
}
