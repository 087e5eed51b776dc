// Runs killed at a chosen action: before it is performed (`onAction`) or after (`afterAction`).
export class Killed extends Error {}

/** How many actions a whole run of a fresh site makes. */
export async function countActions(newSite) {
  const site = await newSite();
  try {
    let n = 0;
    await site.run({ onAction: () => { n += 1; } });
    return n;
  } finally {
    await site.close();
  }
}

/** A run of `site` killed before or after its `k`-th action; resolves once it was. */
export async function runKilledAt(site, k, when) {
  let n = 0;
  const kill = (action) => {
    n += 1;
    if (n === k) throw new Killed(`killed ${when} action ${k} (${action.kind} ${action.wsfunction ?? ''})`);
  };
  try {
    await site.run(when === 'before' ? { onAction: kill } : { afterAction: kill });
  } catch (e) {
    if (e instanceof Killed) return;
    throw e;
  }
  throw new Error(`the run ended before action ${k}`);
}

const CLI = new URL('../../../cli/moodle-sync.mjs', import.meta.url).pathname;

/**
 * `moodle-sync sync --json` as a child process against `site`. With `killAtCall`, the child gets
 * SIGKILL as the simulator receives its call number `killAtCall` (counted from this run's first
 * call): that call still runs in Moodle, its answer reaches nobody. Resolves to
 * `{ killed, code, report }` (report: the printed JSON of a run that ended).
 */
export async function runCli(site, { killAtCall, allowRemovals = false } = {}) {
  const { spawn } = await import('node:child_process');
  site.sim.resetCallLog();
  const args = [CLI, 'sync', '-c', site.configFile, '--json', ...(allowRemovals ? ['--allow-removals'] : [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...site.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let killed = false;
  site.sim.onRequest = killAtCall ? (n) => { if (n === killAtCall && !killed) { killed = true; child.kill('SIGKILL'); } } : null;
  const out = [];
  const err = [];
  child.stdout.on('data', (c) => out.push(c));
  child.stderr.on('data', (c) => err.push(c));
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  site.sim.onRequest = null;
  if (killed) return { killed, code, report: null };
  const text = Buffer.concat(out).toString('utf8');
  let report = null;
  try { report = JSON.parse(text); } catch { throw new Error(`the sync printed no report (exit ${code}): ${Buffer.concat(err).toString('utf8').slice(0, 2000)}`); }
  return { killed, code, report };
}
