// The real Moodle 4.5 site the suite runs against, built by tests/real-moodle/run.sh: its URL and
// tokens (from the lab's env.sh), a web-service client with generous time limits (the PHP
// built-in server is slow), the reset to the post-build state between scenarios, and the timings
// that run.sh prints at the end.
import { execFile } from 'node:child_process';
import { appendFile, access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeForm } from '../js/simulator/conformance/replay-request.mjs';

const need = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite with "bash tests/real-moodle/run.sh"`);
  return value;
};

export const lab = {
  url: need('MOODLE_URL'),
  dir: need('LAB_DIR'),
  kit: need('REAL_MOODLE_KIT'),
  work: need('REAL_MOODLE_WORK'),  // the suite's own folder: the timings, what has been used
  tokens: { admin: need('MOODLE_TOKEN'), nocap: need('MOODLE_TOKEN_NOCAP'), otherservice: need('MOODLE_TOKEN_OTHERSERVICE') },
};

/** Seconds allowed for one web-service call: a big batch on the PHP built-in server takes long. */
const CALL_TIMEOUT_S = 600;

/**
 * A web-service client for a Moodle site (the real one or the simulator): `call(wsfunction,
 * params, { token })` posts a form like every client does and resolves to `{ status, text, json }`
 * (`json` undefined when the answer is not JSON).
 */
export function restClient(url, tokens) {
  return async function call(wsfunction, params = {}, { token = 'admin' } = {}) {
    const head = `wstoken=${encodeURIComponent(tokens[token] ?? token)}&wsfunction=${encodeURIComponent(wsfunction)}`;
    const form = encodeForm(params);
    const response = await fetch(`${url}/webservice/rest/server.php`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `${head}&moodlewsrestformat=json${form ? `&${form}` : ''}`,
      signal: AbortSignal.timeout(CALL_TIMEOUT_S * 1000),
    });
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  };
}

/** The real site's client; `read(...)` answers the decoded JSON and throws on a Moodle error. */
export const moodle = restClient(lab.url, lab.tokens);

export async function read(wsfunction, params = {}, call = moodle) {
  const { json, text } = await call(wsfunction, params);
  if (json === undefined || (json && typeof json === 'object' && 'exception' in json)) {
    throw new Error(`${wsfunction}: ${text.slice(0, 300)}`);
  }
  return json;
}

const RESET = fileURLToPath(new URL('./lab-reset.sh', import.meta.url));

function resetLab() {
  return new Promise((resolve, reject) => {
    const args = [RESET, lab.kit, lab.dir, 'reset'];
    const [command, argv] = process.getuid?.() === 0 ? ['bash', args] : ['sudo', ['-n', 'bash', ...args]];
    execFile(command, argv, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`lab-reset.sh reset failed: ${stderr || stdout}`));
      else resolve(stdout);
    });
  });
}

const USED = () => path.join(lab.work, 'lab-used');

/**
 * Puts the site back into its post-build state unless no scenario has used it yet: every
 * scenario starts from the same site.
 */
export async function freshLab() {
  const used = await access(USED()).then(() => true, () => false);
  if (used) await timed('lab reset', resetLab);
  await writeFile(USED(), '');
}

/** Runs `fn`, appends "label<TAB>seconds" to the timings run.sh prints, resolves to fn's value. */
export async function timed(label, fn) {
  const start = process.hrtime.bigint();
  try {
    return await fn();
  } finally {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await appendFile(path.join(lab.work, 'timings.tsv'), `${label}\t${seconds.toFixed(1)}\n`);
  }
}
