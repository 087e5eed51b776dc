// `moodle-sync serve`: the serverless function's handler (every route: events, completion, sync,
// health, and the admin page at /admin/) served from Node with @hono/node-server; without a
// configuration, the admin page alone with the bundled example (adminOnlyContext). Leases, the event queue and the replay cache
// live in files beside the state ("<state path>.moodle-sync-state/"); the journal is the CLI's
// journal file and every run takes the CLI's run lock too, so serve and a `sync` never run on one
// state at once.
import { serve } from '@hono/node-server';
import { createHandler } from '../serverless/handler.mjs';
import { dispatch } from './http-routes.mjs';
import { adminAssets } from './admin-assets.mjs';
import { FileKvStore } from '../state/file-kv-store.mjs';
import { loadConfigFile } from './config-file.mjs';
import { completionSettings } from './completion-run.mjs';
import { withRunLock } from './run-lock.mjs';
import { SetupError, prepareRun } from './sync-run.mjs';

/**
 * The push secret from the environment (the variable is completion.secret_env, default filled in by
 * the core). The core judges it (length, whitespace at either end: README, "Completions"); a refusal
 * is a SetupError naming the variable, never its value.
 */
export function completionSecret(core, settings, env = process.env) {
  const name = settings.secret_env;
  const secret = env[name] ?? '';
  const verdict = core.completionSecretCheck({ secretEnv: name, secret });
  if (!verdict.usable) throw new SetupError(verdict.problem);
  return secret;
}

/** The folder of serve's state store for a configuration's state path. */
export function stateStoreDirFor(statePath) {
  return `${statePath.replace(/\/+$/, '')}.moodle-sync-state/`;
}

/**
 * What `serve` answers with for a configuration file: `{config, env, handler}`. `now()` is the
 * clock in seconds (a push's dates and a signature's age are judged against it); `sleep(ms)` the
 * pause of an event window and of a re-read.
 */
export async function serveContext(core, configFile, { env = process.env, now, sleep, log = () => {}, fetchImpl, drupalFetch, adminProxy = false } = {}) {
  const config = await loadConfigFile(core, configFile);
  // A completion component needs its push secret before anything is served (README, "Completions").
  const settings = completionSettings(config);
  if (settings) completionSecret(core, settings, env);
  const prepare = () => prepareRun(core, configFile, { env, fetchImpl, drupalFetch, wait: sleep });
  await prepare();  // the token and the source, checked at start
  // Runs of this process wait for each other; the file lock keeps out another process's run.
  let queue = Promise.resolve();
  const runLock = (body) => {
    const run = queue.then(() => withRunLock(core, config.statePath, () => body()));
    queue = run.catch(() => {});
    return run;
  };
  const handler = createHandler({
    loadCore: async () => core, configText: config.text, configName: configFile, store: new FileKvStore(stateStoreDirFor(config.statePath)),
    prepare, runLock, clock: now, sleep, log, fetchImpl, drupalFetch, admin: adminContext(config.settings.source, { fetchImpl: drupalFetch, proxy: adminProxy }),
  });
  return { config, env, handler, completion: Boolean(settings) };
}

/** The admin page's routes: its files, and the proxy to the configured Drupal when the source is one. */
export function adminContext(source, { fetchImpl, example, proxy = false } = {}) {
  // Off unless asked for: serve is often reachable from outside (Drupal posts its events to it),
  // and the proxy would let anyone reach a Drupal that is otherwise internal.
  let drupal = { url: source?.url };
  if (source?.type !== 'jsonapi') drupal = { problem: 'no Drupal to proxy: serve proxies the Drupal of its configuration when source.type is "jsonapi"' };
  else if (!proxy) drupal = { problem: 'the Drupal proxy is off: start serve with --admin-proxy to read Drupal through it' };
  return { ...adminAssets(), drupal, fetchImpl, example };
}

/**
 * `serve` without a configuration: the admin page only, with the bundled example and a fresh
 * Moodle simulator in memory at /simulator/ (its clock: `now()`, unix seconds). `close()` stops it.
 */
export async function adminOnlyContext({ now, log = () => {} } = {}) {
  const { startAdminExample } = await import('./admin-example.mjs');
  const { simulator, example, close } = await startAdminExample({ clock: () => Math.floor(now()) });
  const routes = { log, admin: adminContext(null, { example }), simulator };
  return { env: {}, handler: { handle: (request) => dispatch(request, routes) }, close };
}

/**
 * Serves the handler on host:port; resolves to `{server, url, close()}` once listening. The URL it
 * returns has no secret in it.
 */
export async function startServer(ctx, { port = 8787, host = '127.0.0.1' } = {}) {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: (request) => ctx.handler.handle(request, ctx.env, {}), port, hostname: host }, (info) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({ server, url: `http://${shownHost}:${info.port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
    server.once('error', reject);
  });
}
