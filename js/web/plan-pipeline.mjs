// The admin page's dry run: a configuration, an export's files or a live Drupal, and Moodle read
// with a token (or an empty Moodle without one), planned by the CLI's own code path. No file
// system and no Node built-in: the page runs it in a Web Worker, the tests in Node.
//   with a token:    runSync(core, prepared, {dryRun: true}), exactly `moodle-sync plan`
//   without a token: the core's `preview` (export) or previewSource (live Drupal), exactly `moodle-sync preview`
// Nothing here can write: Moodle is sent only the calls the core lists as reads, Drupal only GET
// and HEAD (and the OAuth token request), and no module that writes is imported.
import { parseExport } from '../source/export-documents.mjs';
import { createMoodleClient } from '../host/moodle-client.mjs';
import { MemoryStateStore, parseJournalText } from '../host/memory-state-store.mjs';
import { previewSource, runSync } from '../host/run-stages.mjs';
import { createDrupalClient } from '../source/jsonapi/http-client.mjs';
import { JsonApiReadSource } from '../source/jsonapi/read-source.mjs';

export const JOURNAL_SUFFIX = '.moodle-sync-journal.jsonl';

/** A run the page refuses to start or to go on with: `cls` is the class the page shows. */
export class PlanError extends Error {
  constructor(cls, message, issues) {
    super(message);
    this.name = 'PlanError';
    this.class = cls;
    if (issues) this.issues = issues;
  }
}

/** `{ok: true, settings}` or `{ok: false, issues: [{path, message}]}`: the core's verdict on a configuration. */
export function validateConfig(core, configText, configName = 'moodle-sync.json') {
  try {
    return { ok: true, settings: core.loadConfig(configText, configName).settings };
  } catch (e) {
    if (e.name !== 'CoreError') throw e;
    return { ok: false, issues: e.issues ?? [{ path: '$', message: e.message }] };
  }
}

/**
 * Moodle's client, read-only: `send` refuses every call whose wsfunction the core does not list as
 * a read, and `guard(action)` every engine action that is not such a call.
 */
export function readOnlyMoodleClient(client, reads) {
  const allowed = new Set(reads);
  const refuse = (what) => new PlanError('moodle', `${what} refused: the page only reads Moodle`);
  const check = (body) => {
    const wsfunction = new URLSearchParams(String(body ?? '')).get('wsfunction');
    if (!allowed.has(wsfunction)) throw refuse(wsfunction ?? 'a call without a wsfunction');
    return wsfunction;
  };
  return {
    ...client,
    send: async (body, options) => {
      check(body);
      return client.send(body, options);
    },
    /** Throws unless `action` is a call of a read; returns its wsfunction. */
    guard(action) {
      if (action.kind !== 'call') throw refuse(`the ${action.kind} action`);
      return check(action.body);
    },
  };
}

/**
 * A fetch for Drupal that only reads: GET and HEAD, and POST of the OAuth token request; every
 * other request is refused before it is sent. With `proxyBase`, every URL of the site (`siteUrl`)
 * goes to the proxy instead (`<proxyBase><the rest of the URL>`).
 */
export function readOnlyDrupalFetch(fetchImpl, { siteUrl, proxyBase, onRequest } = {}) {
  const base = siteUrl.replace(/\/+$/, '');
  const proxy = proxyBase ? proxyBase.replace(/\/+$/, '') : null;
  const ofSite = (url) => url === base || ['/', '?', '#'].includes(url.charAt(base.length)) && url.startsWith(base);
  return async (url, init = {}) => {
    const target = String(url);
    const method = String(init.method ?? 'GET').toUpperCase();
    const token = method === 'POST' && target === `${base}/oauth/token`;
    if (method !== 'GET' && method !== 'HEAD' && !token) {
      throw new PlanError('drupal', `${method} ${target.split('?')[0]} refused: the page only reads Drupal`);
    }
    onRequest?.(method, target);
    return fetchImpl(proxy && ofSite(target) ? `${proxy}${target.slice(base.length)}` : target, init);
  };
}

/** The records of the journal file among `files`, or none. */
function journalOf(files) {
  const journal = files.find((f) => f.name.endsWith(JOURNAL_SUFFIX));
  return journal ? parseJournalText(journal.text) : [];
}

// The export as a run's source: its documents, and no way to write back.
function exportSource(parsed) {
  return {
    documents: parsed.documents,
    dirty: new Set(),
    siteInput: () => (parsed.declaration ? { site_declaration: parsed.declaration } : {}),
    writeBack: () => false,
    flush: async () => {},
    checkOwnersKept: async () => { throw new PlanError('input', 'the page applies nothing'); },
  };
}

function drupalCredentials(source, drupal) {
  const credentials = source.auth === 'oauth'
    ? { client_id: drupal.clientId ?? '', client_secret: drupal.clientSecret ?? '' }
    : { username: drupal.username ?? '', password: drupal.password ?? '' };
  const missing = Object.entries(credentials).filter(([, v]) => !v).map(([k]) => k.replace('_', ' '));
  if (missing.length) throw new PlanError('input', `Drupal's ${missing.join(' and ')} are needed to read ${source.url}`);
  if (source.auth === 'oauth' && source.scope) credentials.scope = source.scope;
  return credentials;
}

function liveSource(core, config, drupal, { fetchImpl, progress }) {
  const { source } = config.settings;
  if (source.type !== 'jsonapi') throw new PlanError('input', 'the configuration\'s source is an export (source.type "file"): open the export\'s files');
  let proxyBase = null;
  if (drupal.via === 'proxy') {
    proxyBase = drupal.proxyBase ?? (globalThis.location ? `${globalThis.location.origin}/admin/drupal` : null);
    if (!proxyBase) throw new PlanError('input', 'no proxy: give proxyBase');
  }
  let requests = 0;
  const onRequest = () => progress('drupal', { done: ++requests, message: `${requests} requests to Drupal` });
  const client = createDrupalClient({
    core, url: source.url, auth: source.auth, credentials: drupalCredentials(source, drupal), timeoutSeconds: source.timeout_seconds,
    fetchImpl: readOnlyDrupalFetch(fetchImpl, { siteUrl: source.url, proxyBase, onRequest }),
  });
  return new JsonApiReadSource(core, config, client);
}

/** What failed, as the page shows it: {class, message, issues?}; every message redacted. */
export function classify(error, hide = (text) => text) {
  const issues = error.issues?.map((i) => ({ path: i.path, message: hide(i.message) }));
  let cls = 'input';
  if (error.name === 'PlanError') cls = error.class;
  else if (error.name === 'SourceError') cls = 'export';
  else if (error.name === 'DrupalError') cls = error.class === 'credentials' ? 'credentials' : 'drupal';
  else if (error.name === 'CoreError' && error.kind === 'config') cls = 'config';
  return { class: cls, message: hide(error.message), ...(issues ? { issues } : {}) };
}

/**
 * One dry run. Options: configText, configName, files ([{name, text}] or null; a
 * `*.moodle-sync-journal.jsonl` among them is the journal), drupal (null | {via: 'direct' |
 * 'proxy', proxyBase?, username?, password?, clientId?, clientSecret?}), moodle (null | {token}),
 * fetchImpl, onProgress({stage, done, total?, message}), exportBase (what the export's file names
 * are shown under; the CLI shows the export folder's path).
 * Resolves to {ok: true, plan, digest, planJson} or {ok: false, error: {class, message, issues?}}.
 */
export async function plan(core, { configText, configName = 'moodle-sync.json', files = null, drupal = null, moodle = null, fetchImpl = globalThis.fetch, onProgress = () => {}, exportBase = '' } = {}) {
  const secrets = [moodle?.token, drupal?.password, drupal?.clientSecret].filter(Boolean);
  const hide = (text) => (secrets.length ? core.redact(String(text), secrets) : String(text));
  const progress = (stage, { done, total, message }) => onProgress({ stage, done, ...(total !== undefined ? { total } : {}), message });
  try {
    const checked = validateConfig(core, configText, configName);
    if (!checked.ok) throw new PlanError('config', `${configName}: ${checked.issues.length} issue(s) in the configuration`, checked.issues);
    const config = { file: configName, text: configText, settings: checked.settings };
    const { report, redact } = await planOf(core, config, { files, drupal, moodle, fetchImpl, progress, exportBase });
    progress('plan', { done: 1, total: 1, message: 'plan ready' });
    const text = JSON.stringify(report, null, 2);
    const shown = redact(text);  // as the CLI prints it
    const planJson = `${shown}\n`;
    // What the page shows is what the download holds (parsed again only when redaction changed it).
    const planShown = shown === text ? report : JSON.parse(shown);
    const digest = digestOf(core, planShown);
    if (report.fatal) {
      const error = { class: report.fatal.class === 'credentials' ? 'credentials' : 'moodle', message: hide(planShown.fatal.message) };
      return { ok: false, error, plan: planShown, digest, planJson };
    }
    return { ok: true, plan: planShown, digest, planJson };
  } catch (e) {
    return { ok: false, error: classify(e, hide) };
  }
}

/**
 * The core's digest of a plan as the page shows it (summary, problems, notes), or null. The changes
 * and calls the page shows come from the plan itself, so they are not sent into the core again.
 */
export function digestOf(core, report) {
  const entities = (report.entities ?? []).map(({ changes, calls, ...rest }) => rest);
  const digested = core.call('digest_report', { report: { ...report, entities }, verbose: false });
  return digested.ok ? digested.value : null;
}

// The report and the redaction the CLI prints it through.
async function planOf(core, config, { files, drupal, moodle, fetchImpl, progress, exportBase }) {
  const documents = (files ?? []).filter((f) => !f.name.endsWith(JOURNAL_SUFFIX));
  const journalRecords = journalOf(files ?? []);
  const live = !documents.length && drupal;
  if (!files && !drupal) throw new PlanError('input', 'no Drupal side: open the export\'s files or read a live Drupal');
  let source;
  if (live) {
    source = liveSource(core, config, drupal, { fetchImpl, progress });
  } else {
    source = exportSource(parseExport(documents, { base: exportBase }));
    progress('export', { done: documents.length, total: documents.length, message: `${documents.length} files, ${source.documents.length} documents` });
  }
  if (!moodle?.token) {
    if (live) {
      const { plan: report, redact } = await previewSource(core, config, source);
      return { report, redact };
    }
    const answer = core.call('preview', { text: config.text, file: config.file, ...source.siteInput(), documents: source.documents });
    if (!answer.ok) throw new PlanError(answer.error.kind === 'config' ? 'config' : 'export', answer.error.message, answer.error.issues);
    return { report: answer.value, redact: (text) => text };
  }
  const { settings } = config;
  const client = readOnlyMoodleClient(createMoodleClient({ url: settings.moodle.url, token: moodle.token, timeoutSeconds: settings.moodle.timeout_seconds, fetchImpl }), core.moodleReads());
  const redact = live ? (text) => source.client.redact(client.redact(text)) : client.redact;
  let calls = 0;
  const onAction = (action) => {
    const wsfunction = client.guard(action);
    calls += 1;
    progress('moodle', { done: calls, message: `reading Moodle: ${wsfunction}` });
  };
  const prepared = { config, source, client, redact, journal: new MemoryStateStore(journalRecords) };
  return { report: await runSync(core, prepared, { dryRun: true, onAction }), redact };
}
