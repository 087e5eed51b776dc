// The serverless function: one handler, `handle(request, env, ctx) -> Promise<Response>`, on
// web-standard Request/Response only, for every platform (Node's `serve`, Lambda, Workers). `env`
// holds the configuration and the secrets; `ctx.waitUntil(promise)`, when the platform has it,
// keeps work going after the answer. The routes are js/host/http-routes.mjs.
import { loadCore as loadWasmCore } from '../core.mjs';
import { runCompletionPush } from '../host/completion-run.mjs';
import { dispatch } from '../host/http-routes.mjs';
import { SetupError } from '../host/setup-error.mjs';
import { HttpKvStore } from '../state/http-kv-store.mjs';
import { KvStateStore } from '../state/kv-state-store.mjs';
import { createEventRunner } from './event-runner.mjs';
import { drupalProbe, moodleProbe } from './health-route.mjs';
import { jsonResponse } from './http.mjs';
import { loadConfigText, prepareFromConfig } from './prepare.mjs';
import { createRunExclusion, instanceHolder } from './run-exclusion.mjs';
import { eventSecret } from './signed-request.mjs';

const wallClock = () => Date.now() / 1000;
const realSleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const BUDGET_ENV = 'MOODLE_SYNC_BUDGET_MS';

/** The state store named by env (MOODLE_SYNC_STATE_URL + MOODLE_SYNC_STATE_TOKEN). */
function storeFromEnv(env, fetchImpl) {
  const url = env.MOODLE_SYNC_STATE_URL;
  const token = env.MOODLE_SYNC_STATE_TOKEN;
  if (!url || !token) throw new SetupError('no state store: set MOODLE_SYNC_STATE_URL and MOODLE_SYNC_STATE_TOKEN (README.md, "State stores")');
  return new HttpKvStore({ url, token, fetchImpl });
}

/** The run's time budget: env MOODLE_SYNC_BUDGET_MS over events.budget_ms (the core checks a /sync body's). */
function budgetOf(events, env) {
  const text = env[BUDGET_ENV];
  if (text === undefined || text === '') return events.budget_ms;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 1000 || ms > 900000) throw new SetupError(`${BUDGET_ENV}: expected milliseconds between 1000 and 900000`);
  return ms;
}

/**
 * A handler. Options (each optional; the platform adapters and tests pass them):
 *   loadCore()            the wasm core (default: js/core.mjs)
 *   store                 KeyValueStore for leases, the queue, replays and (by default) the journal
 *                         (default: HttpKvStore from env.MOODLE_SYNC_STATE_URL/_TOKEN)
 *   configText/configName the configuration (default: env.MOODLE_SYNC_CONFIG)
 *   fetchImpl/drupalFetch fetch for Moodle (and the state store) / for Drupal
 *   clock()               unix seconds (float); sleep(ms) the pause between windows and re-reads
 *   log(line)             one line per request; never a secret
 *   runLock(body)         the host's own run lock around every run (serve: the CLI's file lock)
 *   prepare(core, config, env)  `prepared` for one run (serve: the CLI's journal file and export)
 *   admin                 the admin page's context (js/host/admin-routes.mjs); without it /admin is 404
 */
export function createHandler(options = {}) {
  const { loadCore = loadWasmCore, configName = 'moodle-sync.json', log = () => {}, clock = wallClock, sleep = realSleep } = options;
  let setupPromise;

  async function setUp(env) {
    const core = await loadCore();
    const text = options.configText ?? env.MOODLE_SYNC_CONFIG;
    if (!text) throw new SetupError('no configuration: set MOODLE_SYNC_CONFIG to the text of the configuration file');
    const config = loadConfigText(core, text, configName);
    const kv = options.store ?? storeFromEnv(env, options.fetchImpl);
    const journal = new KvStateStore(kv);
    const prepare = options.prepare
      ? () => options.prepare(core, config, env)
      : () => prepareFromConfig(core, config, { env, journal, fetchImpl: options.fetchImpl, drupalFetch: options.drupalFetch, wait: sleep });
    const first = await prepare();  // the token and the credentials, checked before the first answer
    const events = config.settings.events;
    const budgetMs = budgetOf(events, env);
    const holder = instanceHolder();
    let redact = first.redact;
    const preparedRun = async () => {
      const prepared = await prepare();
      ({ redact } = prepared);
      return prepared;
    };
    const exclusive = createRunExclusion({ core, kv, clock, ttlSeconds: events.lease_seconds, holder, runLock: options.runLock });
    const shared = { core, kv, events, clock, sleep, log, exclusive, prepare: preparedRun, budgetMs: () => budgetMs, redact: () => redact };
    const runner = createEventRunner({ ...shared, holder });
    return { ...shared, config, env, runner, live: Boolean(first.source.read), redactNow: (t) => redact(t) };
  }

  // Built once, on the first request (a platform gives `env` only then); a failure is tried again.
  const setUpOnce = (env) => {
    setupPromise ??= setUp(env).catch((e) => {
      setupPromise = undefined;
      throw e;
    });
    return setupPromise;
  };

  function completionContext(setup) {
    const { core, config, env, clock: now } = setup;
    const settings = config.settings.components?.completion;
    if (!settings) return undefined;
    const secret = env[settings.secret_env] ?? '';
    const verdict = core.completionSecretCheck({ secretEnv: settings.secret_env, secret });
    if (!verdict.usable) return { unusable: verdict.problem };
    const push = ({ body, contentType }) => setup.exclusive(async () => runCompletionPush(core, await setup.prepare(), { body, contentType, now: Math.floor(now()) }));
    return { core, secret, maxBytes: settings.max_push_bytes, push, redact: setup.redactNow };
  }

  function routesContext(setup, platform) {
    const { core, env, events } = setup;
    const { secret, problem } = eventSecret(core, events, env);
    const healthToken = env[events.health_token_env] ?? '';
    const signed = { ...setup, secret, secretProblem: problem, waitUntil: platform.waitUntil?.bind(platform) };
    const completion = completionContext(setup);
    // Each log line loses whatever secret it might quote.
    const secrets = [secret, healthToken, completion?.secret].filter(Boolean);
    const logLine = (line) => log(secrets.reduce((text, s) => text.split(s).join('<secret>'), setup.redactNow(line)));
    return {
      log: logLine,
      events: { ...signed, log: logLine },
      eventRuns: { core, kv: setup.kv, token: healthToken, tokenEnv: events.health_token_env },
      sync: { ...signed, log: logLine },
      completion: completion?.unusable ? { unusable: completion.unusable } : completion,
      health: {
        core,
        token: healthToken,
        tokenEnv: events.health_token_env,
        moodle: async () => moodleProbe(core, (await setup.prepare()).client),
        drupal: async () => drupalProbe((await setup.prepare()).source),
      },
      admin: options.admin,  // the admin page, from a host that can read its files (serve)
    };
  }

  return {
    async handle(request, env = {}, platform = {}) {
      let setup;
      try {
        setup = await setUpOnce(env);
      } catch (e) {
        // The reason names a variable or a JSON path, never a value; it goes to the log only.
        log(`${request.method} ${new URL(request.url).pathname} -> 500: not set up: ${e.message}`);
        return jsonResponse(500, { message: 'The function is not set up; its log says why.' });
      }
      return dispatch(request, routesContext(setup, platform));
    },
  };
}

let defaultHandler;

/** The platform entry point: a handler built on the first request from `env` alone. */
export const handle = (request, env = {}, ctx = {}) => {
  defaultHandler ??= createHandler();
  return defaultHandler.handle(request, env, ctx);
};
