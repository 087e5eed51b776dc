// A live Drupal site (source.type "jsonapi") as a source that only reads: the site read into a
// core document set, and what the site guard needs to know of it. It has no write: a host that
// must never change Drupal (the browser page) uses this class alone; jsonapi-source.mjs adds the
// write-backs for the sync.
import { readIntoSet } from './reader.mjs';
import { DrupalError, exchange, sleep } from './exchange.mjs';

export class JsonApiReadSource {
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
    this.dirty = new Set();  // nothing is held to flush (JsonApiSource sends each write-back at once)
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

  async flush() {}

  async checkOwnersKept() {}
}
