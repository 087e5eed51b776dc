// HttpKvStore: a KeyValueStore over HTTP, so that the serverless function can keep its state in
// whatever store its platform offers, behind a small service speaking this protocol:
//   GET    <url>/<encodeURIComponent(key)>   200 JSON value + ETag: "<version>" | 404
//   PUT    <url>/<key>, JSON body; If-Match: "<version>" (only over that version) or
//          If-None-Match: * (only if absent); no header: unconditional
//                                           200 (replaced) or 201 (made) + ETag | 412 (condition failed)
//   DELETE <url>/<key>, If-Match optional   204 | 404 | 412
//   GET    <url>/?prefix=<prefix>           200 {"keys": [...]}  (optional: only list() uses it)
//   Every request carries Authorization: Bearer <token>; 401 without it.
// The token goes in that header alone: never in a URL, never in an error. Errors name the
// operation and the key, and say what kind of failure it was (KvStoreError.kind).
import { KvStoreError, checkIfVersion, checkKey, encodeValue } from './kv-store.mjs';

const DEFAULT_TIMEOUT_MS = 10000;

function versionOf(response) {
  const match = /^(?:W\/)?"([^"]*)"$/.exec((response.headers.get('etag') ?? '').trim());
  return match ? match[1] : null;
}

export class HttpKvStore {
  #base;
  #token;
  #fetch;
  #timeoutMs;

  // The platform's fetch is called as a plain function: Workers refuse it called as a method of another object.
  constructor({ url, token, fetchImpl = (...args) => globalThis.fetch(...args), timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) throw new TypeError('HttpKvStore: url must be an http(s) URL');
    if (typeof token !== 'string' || !token) throw new TypeError('HttpKvStore: token is missing');
    if (typeof fetchImpl !== 'function') throw new TypeError('HttpKvStore: no fetch available (pass fetchImpl)');
    this.#base = url.replace(/\/+$/, '');
    this.#token = token;
    this.#fetch = fetchImpl;
    this.#timeoutMs = timeoutMs;
  }

  async get(key) {
    checkKey(key);
    return this.#exchange('GET', key, {}, async (response, fail) => {
      if (response.status === 404) return null;
      if (response.status !== 200) return undefined;
      const version = versionOf(response);
      if (version === null) fail('protocol', 'the answer has no ETag');
      const text = await response.text();
      try {
        return { value: JSON.parse(text), version };
      } catch {
        return fail('protocol', 'the answer is not JSON');
      }
    });
  }

  async put(key, value, { ifVersion } = {}) {
    checkKey(key);
    checkIfVersion(ifVersion, key);
    const headers = { 'content-type': 'application/json' };
    if (ifVersion === null) headers['if-none-match'] = '*';
    else if (ifVersion !== undefined) headers['if-match'] = `"${ifVersion}"`;
    return this.#exchange('PUT', key, { headers, body: encodeValue(key, value) }, (response, fail) => {
      if (response.status === 412) return { ok: false, conflict: true };
      if (response.status !== 200 && response.status !== 201 && response.status !== 204) return undefined;
      const version = versionOf(response);
      if (version === null) fail('protocol', 'the answer has no ETag');
      return { ok: true, version };
    });
  }

  async delete(key, { ifVersion } = {}) {
    checkKey(key);
    checkIfVersion(ifVersion, key);
    const headers = {};
    if (typeof ifVersion === 'string') headers['if-match'] = `"${ifVersion}"`;
    else if (ifVersion === null) return { ok: false };  // "only if absent": nothing to delete
    return this.#exchange('DELETE', key, { headers }, (response) => {
      if (response.status === 204 || response.status === 200) return { ok: true };
      if (response.status === 404 || response.status === 412) return { ok: false };
      return undefined;
    });
  }

  async list(prefix = '') {
    return this.#exchange('GET', `?prefix=${prefix}`, { query: `/?prefix=${encodeURIComponent(prefix)}` }, async (response, fail) => {
      if (response.status !== 200) return undefined;
      const keys = (await response.json().catch(() => null))?.keys;
      if (!Array.isArray(keys)) fail('protocol', 'the answer is not {"keys": [...]}');
      return keys;
    });
  }

  // One request, bounded by the timeout from the call to the end of the body. `read` turns the
  // answer into the result, or returns undefined for a status it does not expect.
  async #exchange(method, key, { headers = {}, body, query }, read) {
    const target = query ? `${this.#base}${query}` : `${this.#base}/${encodeURIComponent(key)}`;
    const what = `state store ${method} "${key}"`;
    const fail = (kind, reason, extra = {}) => {
      throw new KvStoreError(`${what}: ${this.#redact(reason)}`, { kind, key, ...extra });
    };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    try {
      let response;
      try {
        const fetchImpl = this.#fetch;
        response = await fetchImpl(target, {
          method,
          headers: { ...headers, authorization: `Bearer ${this.#token}` },
          body,
          signal: controller.signal,
        });
      } catch (e) {
        if (controller.signal.aborted) fail('timeout', `no answer within ${this.#timeoutMs} ms`);
        fail('transport', `cannot reach the store (${e.cause?.code ?? e.cause?.message ?? e.message})`);
      }
      const result = await read(response, fail);
      if (result !== undefined) return result;
      await response.body?.cancel?.().catch(() => {});
      const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      if (response.status === 401 || response.status === 403) fail('unauthorized', `the store refused the token (${status})`, { status: response.status });
      if (response.status >= 500 || response.status === 429) fail('server', `the store failed (${status})`, { status: response.status });
      return fail('protocol', `unexpected answer ${status}`, { status: response.status });
    } catch (e) {
      if (e instanceof KvStoreError) throw e;
      if (controller.signal.aborted) fail('timeout', `no answer within ${this.#timeoutMs} ms`);
      return fail('transport', `the answer broke off (${e.message})`);
    } finally {
      clearTimeout(timer);
    }
  }

  #redact(text) {
    return String(text).split(this.#token).join('[redacted]');
  }
}
