// Source adapter for a live Drupal site (source.type "jsonapi"), in the role FileExport plays for
// an export: it reads the site into a core document set and writes the moodle ids back, one PATCH
// per id. Which queries, what a page or an answer means and what is kept are the core's decisions.
import { createDrupalClient } from './http-client.mjs';
import { readIntoSet } from './reader.mjs';
import { createFieldsWriter, createWriter } from './writer.mjs';
import { DrupalError, exchange, sleep } from './exchange.mjs';

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

export class JsonApiSource {
  /**
   * @param config the loaded configuration ({file, text, settings})
   * @param client createDrupalClient(...)
   * @param wait (ms) => Promise, the pause before a retry
   */
  constructor(core, config, client, { wait = sleep } = {}) {
    this.core = core;
    this.config = config;
    this.client = client;
    this.wait = wait;
    this.dirty = new Set();  // nothing is held to flush: each write-back is sent at once
    this.patch = createWriter({ core, client, retries: config.settings.source.retries, wait });
    this.patchFields = createFieldsWriter({ core, client, retries: config.settings.source.retries, wait });
  }

  get url() {
    return this.client.url;
  }

  /** The source's site is the configured URL (the site guard compares it with site.urls). */
  siteInput() {
    return { site_declaration: { where: `${this.config.file}: $.source.url`, value: { site_url: this.config.settings.source.url } } };
  }

  /** The core's queries for this mode ({mode, since?, journal, uuids?}). */
  queries(request) {
    const answer = this.core.call('source_queries', { text: this.config.text, file: this.config.file, ...request });
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), { exitCode: 2 });
    return answer.value.queries;
  }

  /**
   * A document set holding what `requests` (each {mode, since?, journal?}) read, follow-ups
   * included. The caller owns the set (docs.delete()).
   */
  async read(requests) {
    await this.verifyAccount();
    const journal = requests.find((r) => r.journal)?.journal;  // its write-backs: changed by the tool itself
    const docs = this.core.createDocumentSet({ text: this.config.text, file: this.config.file, journal });
    try {
      const queries = requests.flatMap((r) => this.queries(r));
      await readIntoSet({ core: this.core, client: this.client, docs, queries, parallel: this.config.settings.source.parallel_reads, retries: this.config.settings.source.retries, wait: this.wait });
      return docs;
    } catch (e) {
      docs.delete();
      throw e;
    }
  }

  /**
   * Drupal answers wrong Basic credentials as an anonymous visitor, without an error: a run that
   * went on would see a site without registrations, unpublished courses or blocked users. The
   * entry point says who is asking (meta.links.me); the core judges it.
   */
  async verifyAccount() {
    const { core, client, config } = this;
    const got = await exchange(core, client, 'GET', '/jsonapi', { entity: { label: 'the JSON:API entry point' }, retries: config.settings.source.retries, wait: this.wait });
    if (!got.ok) throw new DrupalError(got.error);
    const entry = { url: got.answer.url, status: got.answer.status, body: got.answer.body };
    const verdict = core.call('drupal_access_check', { text: config.text, file: config.file, answers: { account: client.account, entry } });
    if (!verdict.ok) throw new DrupalError({ class: 'setup', message: verdict.error.message });
    const [problem] = verdict.value.problems;
    if (problem) throw new DrupalError({ class: 'credentials', message: client.redact(problem) });
  }

  /** The write_back action sent as a PATCH; resolves to the engine's result. */
  async writeBack(action) {
    return this.patch(action);
  }

  /** The write_fields action of a completion run: one PATCH with every field; resolves to the engine's result. */
  async writeFields(action) {
    return this.patchFields(action);
  }

  async flush() {}

  async checkOwnersKept() {}
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
