// The simulated Drupal 10 site behind an HTTP server: core's JSON:API (entry point, collections,
// single resources, PATCH), basic_auth and simple_oauth, with scripted faults, a per-request
// latency and a call log. See README.md for what it models and where it differs from Drupal.

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Accounts, defaultAccounts, mayEditType } from './accounts.mjs';
import { viewAccess } from './access.mjs';
import { Authenticator } from './auth.mjs';
import { RowCache, collectionDocument, individualDocument } from './collection.mjs';
import { JSONAPI_OBJECT, resourceUrl } from './documents.mjs';
import { saveEntity } from './entity-edit.mjs';
import { JsonApiError, errorDocument, forbidden } from './errors.mjs';
import { FaultList, wrongType } from './faults.mjs';
import { patchResource } from './patch.mjs';
import { PendingWrites } from './pending-writes.mjs';
import { StateWriter, loadStateFile, saveStateFile } from './persistence.mjs';
import { checkQueryNames, parseQuery } from './query-params.mjs';
import { actualHeaders, corsPolicy, isPreflight, preflightHeaders } from './cors.mjs';
import { routeOf } from './routes.mjs';
import { SiteStore, collectionPath, readExportFolder } from './site-store.mjs';
import { rfc3339 } from './time-values.mjs';
import { WebhookSender } from './webhooks.mjs';

const JSONAPI_TYPE = 'application/vnd.api+json';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The accounts to serve: the given ones or the default sync account, keeping secrets a state file holds. */
function accountsFrom(given, saved = []) {
  const list = given ?? defaultAccounts(saved.find((s) => s.username === 'moodle_sync') ?? {});
  return list.map((a) => {
    const kept = given ? saved.find((s) => s.username === a.username) ?? {} : {};
    return { ...kept, ...a };
  });
}

/**
 * Starts the simulator.
 * @param {object} options
 * @param {string} [options.exportDir]  the export folder (one JSON:API document per collection, site.json)
 * @param {() => number} options.clock  the site's clock in unix seconds (required: the simulator never reads the machine's)
 * @param {string} [options.state]  state file: loaded on start when it exists (instead of the export), written after every write
 * @param {boolean} [options.readOnly=false]  JSON:API's read_only setting: PATCH answers 405
 * @param {number} [options.latencyMs=0]  waited before every answer
 * @param {number} [options.pageSize=50]  the largest page (page[limit] is clamped to it)
 * @param {Array} [options.accounts]  see accounts.mjs; default: one sync account with admin permissions
 * @param {Array} [options.webhooks]  outgoing entity events (webhooks.mjs `add` settings), like the contrib webhooks module
 * @param {object} [options.cors]  services.yml `cors.config` (cors.mjs): allowedOrigins, allowedHeaders, allowedMethods,
 *   exposedHeaders, maxAge, supportsCredentials; default: CORS off, as in Drupal
 */
export async function startDrupalSimulator({
  exportDir, clock, state, readOnly = false, latencyMs = 0, pageSize = 50, accounts, webhooks = [], port = 0, host = '127.0.0.1', cors,
} = {}) {
  if (typeof clock !== 'function') throw new TypeError('startDrupalSimulator: options.clock is required (a function returning unix seconds)');
  const saved = loadStateFile(state);
  if (!saved && !exportDir) throw new TypeError('startDrupalSimulator: options.exportDir is required (or a state file that exists)');
  const source = saved ?? readExportFolder(exportDir);
  const store = new SiteStore(source.resources, { exported: source.exported });
  store.bucket('user--user');
  store.bucket('user_role--user_role');
  const siteAccounts = new Accounts(accountsFrom(accounts, saved?.secrets), { roleResources: store.list('user_role--user_role'), clock });
  const authenticator = new Authenticator(siteAccounts, clock);
  const cache = new RowCache();
  const calls = [];
  const faults = new FaultList();
  const pending = new PendingWrites(store, clock);
  const sender = new WebhookSender();
  for (const hook of webhooks) sender.add(hook);

  const stateWriter = new StateWriter(state, () => saveStateFile(state, store, siteAccounts.secrets()));
  const save = () => stateWriter.written();
  const mustGet = (type, id) => {
    const r = pending.latest(type, id);
    if (!r) throw new Error(`no ${type} ${id} on the simulated site`);
    return r;
  };
  const first = siteAccounts.list[0];
  const corsAnswers = corsPolicy(cors);

  /**
   * A save made on the site: committed at once, unless a webhook posts it (the POST happens inside
   * the transaction, so the write stays invisible until it is answered) or the caller asks for a
   * commit window (`invisibleReads`: JSON:API reads that do not see it yet; `invisibleUntil`: the
   * site time it becomes visible at).
   */
  function write(op, type, id, next, previous, { invisibleReads = 0, invisibleUntil = null } = {}) {
    const delivering = sender.listens(type, op);
    pending.hold(type, id, next, { reads: invisibleReads, until: invisibleUntil, delivering });
    save();
    if (delivering) {
      sender.dispatch(op, next ?? previous).then(() => {
        pending.delivered(id);
        save();
      });
    }
  }

  const sim = {
    url: '',
    credentials: { username: first.username, password: first.password, client_id: first.client_id, client_secret: first.client_secret },
    calls,
    faults,
    readOnly,
    latencyMs,
    accounts: siteAccounts.list,
    webhooks: sender,
    /**
     * An edit by a Drupal user: `changed` moves to clock() when a value changed. `window`:
     * { invisibleReads, invisibleUntil } keeps it uncommitted (see write()).
     */
    edit(type, id, attributes = {}, relationships = {}, window = {}) {
      const previous = mustGet(type, id);
      const next = structuredClone(previous);
      saveEntity(store, next, { attributes, relationships }, clock());
      write('update', type, id, next, previous, window);
      return structuredClone(next);
    },
    add(type, resource, window = {}) {
      const copy = structuredClone({ id: randomUUID(), ...resource, type });
      copy.attributes ??= {};
      copy.relationships ??= {};
      if (pending.latest(type, copy.id)) throw new Error(`${type} ${copy.id} exists already`);
      if (copy.attributes.changed === undefined && typeof copy.attributes.drupal_internal__id !== 'string') copy.attributes.changed = rfc3339(clock());
      write('insert', type, copy.id, copy, null, window);
      return structuredClone(copy);
    },
    remove(type, id, window = {}) {
      const previous = pending.latest(type, id);
      if (!previous) return false;
      write('delete', type, id, null, previous, window);
      return true;
    },
    /** Saves not yet visible to JSON:API: `[{ type, id, deleted, reads, until, delivering }]`. */
    pending: () => pending.list(),
    /** Commits every pending save now (or those of `type`). */
    commitPending(type) {
      pending.commitAll(type);
      save();
    },
    resource(type, id) {
      const r = store.get(type, id);
      return r ? structuredClone(r) : undefined;
    },
    resources(type) { return structuredClone(store.list(type)); },
    /** Writes the state file now (it is also written after writes, at most once a second). */
    saveState: () => stateWriter.flush(),
    close: () => new Promise((resolve) => {
      stateWriter.flush();
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };

  const individualOf = (route) => store.get(route.type, route.id)
    ?? (siteAccounts.entities.get(route.id)?.type === route.type ? siteAccounts.entities.get(route.id) : undefined);

  function entryPoint(base, caller) {
    const links = { self: { href: `${base}/jsonapi` } };
    for (const type of store.typeNames().sort()) links[type] = { href: `${base}${collectionPath(type)}` };
    const document = { jsonapi: JSONAPI_OBJECT, data: [], links };
    if (caller.account) document.meta = { links: { me: { meta: { id: caller.account.uuid }, href: resourceUrl(base, 'user--user', caller.account.uuid) } } };
    return document;
  }

  /** The answer `{ status, headers, body }` to a JSON:API request; throws JsonApiError for Drupal's errors. */
  function answer({ method, url, base, route, body, headers, caller, fault }) {
    const query = parseQuery(url.searchParams);
    const ok = (document, status = 200) => ({ status, headers: {}, body: document });
    if (route.kind === 'entry' && method === 'GET') return ok(entryPoint(base, caller));
    if (route.kind === 'none' || route.kind === 'entry') throw new JsonApiError(404, `No route found for "${method} ${base}${url.pathname}${url.search}"`);
    const ctx = { store, cache, caller, pageSize };
    if (method === 'GET') {
      checkQueryNames(query);
      pending.beforeRead(route.type, route.kind === 'resource' ? route.id : undefined);
      if (route.kind === 'collection') return ok(collectionDocument(ctx, { type: route.type, query, url, base }, { loop: fault?.kind === 'loop' }));
      const resource = individualOf(route);
      if (!resource) throw notConverted(route.type);
      if (!viewAccess(caller, resource)) throw forbidden('The current user is not allowed to GET the selected resource.');
      return ok(individualDocument(ctx, { resource, query, url, base }).document);
    }
    const allowed = route.kind === 'collection' ? 'GET' : 'GET, PATCH';
    if (sim.readOnly && method !== 'GET') {
      throw new JsonApiError(405, `JSON:API is configured to accept only read operations. Site administrators can configure this at ${base}/admin/config/services/jsonapi.`, { headers: { Allow: 'GET' } });
    }
    if (method !== 'PATCH' || route.kind !== 'resource') {
      throw new JsonApiError(405, `No route found for "${method} ${base}${url.pathname}": Method Not Allowed (Allow: ${allowed})`, { headers: { Allow: allowed } });
    }
    const contentType = String(headers['content-type'] ?? '').split(';')[0].trim();
    if (contentType !== JSONAPI_TYPE) throw new JsonApiError(415, `No route found that matches "Content-Type: ${headers['content-type'] ?? ''}"`);
    const resource = store.get(route.type, route.id);
    if (!resource) throw notConverted(route.type);
    if (!viewAccess(caller, resource) || !mayEditType(caller.account, resource.type)) {
      throw forbidden('The current user is not allowed to PATCH the selected resource.');
    }
    if (fault?.kind !== 'patch-no-value') {
      patchResource({ store, caller, now: clock }, resource, body);
      save();
    }
    return ok(individualDocument(ctx, { resource, query: {}, url, base }).document);
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://drupal.invalid');
    const base = `http://${req.headers.host ?? sim.url.replace(/^http:\/\//, '')}`;
    const entry = { method: req.method, path: url.pathname + url.search, status: null, auth: 'anonymous', account: null };
    calls.push(entry);
    const date = () => ({ Date: new Date(clock() * 1000).toUTCString() });
    // The CORS middleware wraps the whole site: it answers a preflight before anything else runs.
    if (corsAnswers && isPreflight(req.method, req.headers)) {
      entry.status = 204;
      res.writeHead(204, { ...date(), ...preflightHeaders(corsAnswers, req.headers) });
      res.end();
      return;
    }
    const cross = corsAnswers ? actualHeaders(corsAnswers, req.method, req.headers) : {};
    const body = await readBody(req);
    if (sim.latencyMs > 0) await sleep(sim.latencyMs);
    const route = routeOf(url.pathname, store);
    const fault = faults.take({ method: req.method, path: entry.path, collection: route.kind === 'collection', resource: route.kind === 'collection' || route.kind === 'resource' });
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === 'down') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs);
    const send = (status, headers, text) => {
      entry.status = status;
      // The site's time, as Drupal's web server sends it: a reader takes the start of a listing from it.
      res.writeHead(status, { ...date(), ...headers, ...cross });
      res.end(text);
    };
    if (fault?.kind.startsWith('status:')) {
      const status = Number(fault.kind.slice(7));
      const retry = status === 429 || status === 503 ? { 'Retry-After': String(fault.retryAfter) } : {};
      if (status === 429) return send(status, { 'Content-Type': JSONAPI_TYPE, ...retry }, JSON.stringify(errorDocument(new JsonApiError(429, 'Too many requests.', { links: false }), base + entry.path)));
      return send(status, { 'Content-Type': 'text/html; charset=UTF-8', ...retry }, `<!DOCTYPE html>\n<html><head><title>${status}</title></head><body><h1>Error ${status}</h1><p>The website encountered an unexpected error. Try again later.</p></body></html>\n`);
    }
    if (fault?.kind === 'not-json') {
      return send(200, { 'Content-Type': 'text/html; charset=UTF-8' }, '<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body><p>Site under maintenance</p></body></html>\n');
    }
    // The token endpoint authenticates the client itself (form or Basic header), not a user.
    if (route.kind === 'token') {
      if (req.method !== 'POST') return send(405, { 'Content-Type': 'application/json', Allow: 'POST' }, JSON.stringify({ message: 'Method Not Allowed' }));
      const issued = authenticator.issueToken(new URLSearchParams(body), req.headers);
      return send(issued.status, { 'Content-Type': 'application/json' }, JSON.stringify(issued.body));
    }
    let result;
    let caller = { accounts: siteAccounts, account: null };
    try {
      const who = authenticator.identify(req.headers);
      entry.auth = who.auth;
      entry.account = who.account?.username ?? null;
      caller = { accounts: siteAccounts, account: who.account };
      result = answer({ method: req.method, url, base, route, body, headers: req.headers, caller, fault });
    } catch (error) {
      if (!(error instanceof JsonApiError)) throw error;
      let refused = error;
      // Without an account, a refusal becomes basic_auth's challenge (core AuthenticationSubscriber).
      if (error.status === 403 && !caller.account) {
        refused = new JsonApiError(401, 'No authentication credentials provided.', { headers: { 'WWW-Authenticate': 'Basic realm="Drupal"' } });
      }
      result = { status: refused.status, headers: refused.headers, body: errorDocument(refused, base + entry.path) };
    }
    if (fault?.kind === 'wrong-type' && result.status === 200) {
      const data = result.body.data;
      result.body = { ...result.body, data: Array.isArray(data) ? data.map(wrongType) : wrongType(data) };
    }
    const text = JSON.stringify(result.body);
    const headers = { 'Content-Type': JSONAPI_TYPE, ...result.headers };
    if (fault?.kind === 'cut') return send(result.status, headers, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    return send(result.status, headers, text);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500, { Date: new Date(clock() * 1000).toUTCString(), 'Content-Type': 'text/plain' });
      res.end(String(error?.stack ?? error));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  sim.url = `http://${host.includes(':') ? `[${host}]` : host}:${server.address().port}`;
  if (!saved) stateWriter.flush();
  return sim;
}

function notConverted(type) {
  return new JsonApiError(404, `The "entity" parameter was not converted for the path "${collectionPath(type)}/{entity}" (route name: "jsonapi.${type}.individual")`);
}
