// The serverless function: one handler, `handle(request, env, ctx) -> Promise<Response>`, on
// web-standard Request/Response only, for every platform (Node's `serve`, Lambda, Workers). `env`
// holds the configuration and the secrets; `ctx.waitUntil(promise)`, when the platform has it,
// keeps work going after the answer. The routes are js/host/http-routes.mjs.
import { loadCore as loadWasmCore } from '../core.mjs';
import { dispatch } from '../host/http-routes.mjs';
import { SetupError } from '../host/setup-error.mjs';
import { drupalProbe, moodleProbe } from './health-route.mjs';
import { jsonResponse } from './http.mjs';
import { loadConfigText, prepareFromConfig } from './prepare.mjs';

const wallClock = () => Date.now() / 1000;
const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A handler. Options (each optional; the platform adapters and tests pass them):
 *   loadCore()            the wasm core (default: js/core.mjs)
 *   store                 KeyValueStore for leases, the queue, replays and (by default) the journal
 *   configText/configName the configuration (default: env.MOODLE_SYNC_CONFIG)
 *   fetchImpl/drupalFetch fetch for Moodle / for Drupal
 *   clock()               unix seconds (float); sleep(ms) the pause between re-reads and windows
 *   log(line)             one line per request; never a secret
 *   runLock(body)         runs body() holding the host's own run lock too (serve: the CLI's file lock)
 *   prepare(core, config, env)  `prepared` for one run (serve: the CLI's file journal and export)
 */
export function createHandler(options = {}) {
  const { loadCore = loadWasmCore, configName = 'moodle-sync.json', log = () => {} } = options;
  let setupPromise;

  async function setUp(env) {
    const core = await loadCore();
    const text = options.configText ?? env.MOODLE_SYNC_CONFIG;
    if (!text) throw new SetupError('no configuration: set MOODLE_SYNC_CONFIG to the text of the configuration file');
    const config = loadConfigText(core, text, configName);
    const prepare = options.prepare
      ? (runEnv) => options.prepare(core, config, runEnv)
      : (runEnv) => prepareFromConfig(core, config, { env: runEnv, journal: options.journal, fetchImpl: options.fetchImpl, drupalFetch: options.drupalFetch, wait: options.sleep });
    await prepare(env);  // the token and the credentials, checked before the first request is answered
    return { core, config, prepare };
  }

  // Built once, on the first request (a platform gives `env` only then); a failure is tried again.
  const setUpOnce = (env) => {
    setupPromise ??= setUp(env).catch((e) => {
      setupPromise = undefined;
      throw e;
    });
    return setupPromise;
  };

  function routesContext({ core, config, prepare }, env) {
    const eventsSettings = config.settings.events ?? {};
    const healthTokenEnv = eventsSettings.health_token_env ?? 'MOODLE_SYNC_HEALTH_TOKEN';
    return {
      log,
      health: {
        core,
        token: env[healthTokenEnv] ?? '',
        moodle: async () => moodleProbe(core, (await prepare(env)).client),
        drupal: async () => drupalProbe((await prepare(env)).source),
      },
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
      return dispatch(request, routesContext(setup, env, platform));
    },
  };
}

let defaultHandler;

/** The platform entry point: a handler built on the first request from `env` alone. */
export const handle = (request, env = {}, ctx = {}) => {
  defaultHandler ??= createHandler();
  return defaultHandler.handle(request, env, ctx);
};
