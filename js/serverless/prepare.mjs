// What a run of the function needs, built from the configuration's text and `env` (the platform's
// variables and secrets), with no file system: the Moodle client, the live Drupal source and the
// journal in the state store. Nothing here imports a Node built-in or reads process.env.
import { createMoodleClient } from '../host/moodle-client.mjs';
import { SetupError } from '../host/setup-error.mjs';
import { openJsonApiSource } from '../source/jsonapi/jsonapi-source.mjs';

/** The loaded configuration ({file, text, settings, mappings}); a CoreError lists every issue. */
export function loadConfigText(core, text, file) {
  const loaded = core.loadConfig(text, file);
  return { file, text, settings: loaded.settings, mappings: loaded.mappings };
}

/**
 * `prepared` for runStages/runSync: {config, source, client, redact, journal}. `journal` is the
 * state store's journal (KvStateStore). Throws SetupError for what a person must fix.
 */
export function prepareFromConfig(core, config, { env, journal, fetchImpl, drupalFetch, wait }) {
  if (config.settings.source.type !== 'jsonapi') {
    throw new SetupError(`${config.file}: $.source.type: the function reads a live Drupal site (source.type "jsonapi"); an export folder needs the CLI or serve`);
  }
  const source = openJsonApiSource(core, config, { env, fetchImpl: drupalFetch, wait });
  const { moodle } = config.settings;
  const token = moodle.token ?? env[moodle.token_env] ?? '';
  if (!token) throw new SetupError(`no Moodle token: set the environment variable ${moodle.token_env} (see README.md, "Set-up on the Moodle side")`);
  const client = createMoodleClient({ url: moodle.url, token, timeoutSeconds: moodle.timeout_seconds, fetchImpl });
  const redact = (text) => source.client.redact(client.redact(text));
  return { config, source, client, redact, journal };
}
