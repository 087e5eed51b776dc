// `moodle-sync serve`: the HTTP routes (the completion receiver) served from Node with
// @hono/node-server. Each push is applied under the export's run lock, one at a time, to a fresh
// read of the source, so a push and a sync never write the same export at once.
import { serve } from '@hono/node-server';
import { loadConfigFile } from './config-file.mjs';
import { completionSettings, runCompletionPush } from './completion-run.mjs';
import { dispatch } from './http-routes.mjs';
import { withRunLock } from './run-lock.mjs';
import { SetupError, prepareRun } from './sync-run.mjs';

/** Shorter secrets are refused: the secret is all that guards the receiver (README, "Completions"). */
export const MIN_SECRET_LENGTH = 32;
const DEFAULT_MAX_BYTES = 1048576;

/** The push secret from the environment; throws a SetupError naming the variable (never its value). */
export function completionSecret(settings, env = process.env) {
  const name = settings?.secret_env ?? 'MOODLE_SYNC_COMPLETION_SECRET';
  const secret = env[name] ?? '';
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new SetupError(`${secret ? 'the completion secret is too short' : 'no completion secret'}: set the environment variable ${name} ` +
      `(completion.secret_env) to a random secret of at least ${MIN_SECRET_LENGTH} characters, e.g. \`openssl rand -hex 32\``);
  }
  return secret;
}

/**
 * The routes' context for a configuration file: the completion route's secret, size limit and push
 * run. `now()` is the clock in seconds (a push's dates are judged against it).
 */
export async function serveContext(core, configFile, { env = process.env, now, log = () => {}, fetchImpl, drupalFetch } = {}) {
  const config = await loadConfigFile(core, configFile);
  const settings = completionSettings(config);
  if (!settings) throw new SetupError(`${configFile}: the configuration has no "completion" component: there is nothing to receive`);
  const secret = completionSecret(settings, env);
  // Whatever a log line quotes (an error's message), the secret never reaches the log.
  const logLine = (line) => log(line.split(secret).join('<secret>'));
  await prepareRun(core, configFile, { env, fetchImpl, drupalFetch });  // the token and the source, checked at start
  let queue = Promise.resolve();
  let redact = (text) => text;
  const push = ({ body, contentType }) => {
    const run = queue.then(() => withRunLock(core, config.statePath, async () => {
      const prepared = await prepareRun(core, configFile, { env, fetchImpl, drupalFetch });
      ({ redact } = prepared);
      return runCompletionPush(core, prepared, { body, contentType, now: now() });
    }));
    queue = run.catch(() => {});
    return run;
  };
  return {
    config,
    log: logLine,
    completion: { core, secret, maxBytes: settings.max_push_bytes ?? DEFAULT_MAX_BYTES, push, redact: (text) => redact(text) },
  };
}

/**
 * Serves the routes on host:port; resolves to `{server, url, close()}` once listening. The URL it
 * returns has no secret in it.
 */
export async function startServer(ctx, { port = 8787, host = '127.0.0.1' } = {}) {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: (request) => dispatch(request, ctx), port, hostname: host }, (info) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({ server, url: `http://${shownHost}:${info.port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
    server.once('error', reject);
  });
}
