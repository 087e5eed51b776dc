// Source adapter for a live Drupal site (source.type "jsonapi"), in the role FileExport plays for
// an export: it reads the site into a core document set (read-source.mjs) and writes the moodle ids
// back, one PATCH per id. Which queries, what a page or an answer means and what is kept are the
// core's decisions.
import { createDrupalClient } from './http-client.mjs';
import { JsonApiReadSource } from './read-source.mjs';
import { createFieldsWriter, createWriter } from './writer.mjs';
import { DrupalError, sleep } from './exchange.mjs';

/** The credentials named by the configuration, from the environment; throws naming the variable. */
export function drupalCredentials(source, env = process.env) {
  const names = source.auth === 'oauth'
    ? { client_id: source.client_id_env, client_secret: source.client_secret_env }
    : { username: source.username_env, password: source.password_env };
  const credentials = {};
  for (const [key, name] of Object.entries(names)) {
    if (!env[name]) {
      throw Object.assign(new Error(`no Drupal credentials: set the environment variable ${name} (source.${key}_env; see README.md, "Set-up on the Drupal side")`), { exitCode: 2 });
    }
    credentials[key] = env[name];
  }
  if (source.auth === 'oauth' && source.scope) credentials.scope = source.scope;
  return credentials;
}

export class JsonApiSource extends JsonApiReadSource {
  /**
   * @param config the loaded configuration ({file, text, settings})
   * @param client createDrupalClient(...)
   * @param wait (ms) => Promise, the pause before a retry
   */
  constructor(core, config, client, { wait = sleep } = {}) {
    super(core, config, client, { wait });
    this.patch = createWriter({ core, client, retries: config.settings.source.retries, wait });
    this.patchFields = createFieldsWriter({ core, client, retries: config.settings.source.retries, wait });
  }

  /** The write_back action sent as a PATCH; resolves to the engine's result. */
  async writeBack(action) {
    return this.patch(action);
  }

  /** The write_fields action of a completion run: one PATCH with every field; resolves to the engine's result. */
  async writeFields(action) {
    return this.patchFields(action);
  }
}

/** The adapter of a loaded configuration whose source is "jsonapi". */
export function openJsonApiSource(core, config, { env = process.env, fetchImpl, wait, now } = {}) {
  const { source } = config.settings;
  const client = createDrupalClient({
    core, url: source.url, auth: source.auth, credentials: drupalCredentials(source, env),
    timeoutSeconds: source.timeout_seconds, fetchImpl, now,
  });
  return new JsonApiSource(core, config, client, { wait });
}

export { DrupalError };
