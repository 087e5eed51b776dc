// Outgoing entity events as the contrib `webhooks` module sends them (drupal.org/project/webhooks:
// webhooks.module, src/WebhooksService.php): on every insert, update and delete of an entity, one
// POST per configured webhook whose events include `entity:<entity type>:create|update|delete`.
// Body `{"event", "user", "entity"}` with the entity in core's serialization; headers
// `X-Drupal-Event`, `X-Drupal-Delivery: <uuid>` and, with a secret, the HMAC of the raw body in
// `X-Hub-Signature: sha1=<hex>` (8.x-1.x) or `X-Hub-Signature-256: sha256=<hex>` (newer releases).
// The module posts inside the entity hook, synchronously, once, with no timeout, and only logs a
// failure: the save waits for the answer and nothing is retried.

import { createHmac, randomUUID } from 'node:crypto';
import { actingUser, coreSerialization } from './core-serialization.mjs';

/** The signature header of each `signature` setting: [header, algorithm, prefix]. */
const SIGNATURES = {
  sha1: ['X-Hub-Signature', 'sha1', 'sha1='],
  sha256: ['X-Hub-Signature-256', 'sha256', 'sha256='],
  'x-hub-signature-sha256': ['X-Hub-Signature', 'sha256', 'sha256='],
};

const OPS = { insert: 'create', update: 'update', delete: 'delete' };

/** `entity:node:create` for an insert of a `node--course`. */
export const eventName = (type, op) => `entity:${type.split('--')[0]}:${OPS[op]}`;

function wants(hook, event) {
  return hook.events.includes('*') || hook.events.includes(event);
}

export class WebhookSender {
  /** @param fetchImpl the HTTP client (the global fetch) */
  constructor({ fetchImpl = (...a) => fetch(...a) } = {}) {
    this.fetchImpl = fetchImpl;
    this.hooks = [];
    /** Every POST: `{ url, event, delivery, request: {headers, body}, status, error }` (status null when it failed). */
    this.deliveries = [];
    this.inFlight = new Set();
  }

  /**
   * A webhook: `url`, `secret` ('' = unsigned), `signature` ('sha1' | 'sha256' |
   * 'x-hub-signature-sha256'), `events` (event names, '*' for all), `contentType`.
   */
  add({ url, secret = '', signature = 'sha1', events = ['*'], contentType = 'application/json' } = {}) {
    if (!url) throw new TypeError('webhooks.add: a url is required');
    if (!SIGNATURES[signature]) throw new TypeError(`webhooks.add: unknown signature ${signature} (one of ${Object.keys(SIGNATURES).join(', ')})`);
    const hook = { url: String(url), secret, signature, events: [...events], contentType };
    this.hooks.push(hook);
    return hook;
  }

  clear() { this.hooks.length = 0; }

  /** Whether a save of `type` would post anything. */
  listens(type, op) {
    const event = eventName(type, op);
    return this.hooks.some((h) => wants(h, event));
  }

  /** The request the module would send for `resource` to `hook`. */
  request(hook, { event, resource, delivery = randomUUID() }) {
    const body = JSON.stringify({ event, user: actingUser(), entity: coreSerialization(resource) });
    const headers = { 'Content-Type': hook.contentType, 'X-Drupal-Event': event, 'X-Drupal-Delivery': delivery };
    if (hook.secret) {
      const [header, algorithm, prefix] = SIGNATURES[hook.signature];
      headers[header] = prefix + createHmac(algorithm, hook.secret).update(body).digest('hex');
    }
    return { headers, body };
  }

  /**
   * Posts `op` of `resource` to every webhook that wants it, one after the other as the hook does;
   * resolves once every answer (or failure) is in. Never rejects: a failure is only recorded.
   */
  dispatch(op, resource) {
    const event = eventName(resource.type, op);
    const run = (async () => {
      for (const hook of this.hooks.filter((h) => wants(h, event))) {
        const delivery = randomUUID();
        const request = this.request(hook, { event, resource, delivery });
        const record = { url: hook.url, event, delivery, type: resource.type, uuid: resource.id, request, status: null, error: null };
        this.deliveries.push(record);
        try {
          const response = await this.fetchImpl(hook.url, { method: 'POST', headers: request.headers, body: request.body });
          record.status = response.status;
          record.response = await response.text();
        } catch (error) {
          record.error = String(error?.message ?? error);
        }
      }
    })();
    this.inFlight.add(run);
    run.finally(() => this.inFlight.delete(run));
    return run;
  }

  /** Resolves when every delivery started so far has its answer. */
  async idle() {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}
