// The moodle-sync core (C++ compiled to WebAssembly) as a plain JavaScript API. The same file
// loads in Node 20 and in a browser module script. Plain objects and strings go in and come out;
// failures are thrown as Errors carrying the core's message; there is no handle to free.
import createMoodleSyncCore from './generated/moodle_sync_core.mjs';
import { reportFromBytes, reportTextParts } from './report-text.mjs';
import { answerText } from './answer-bytes.mjs';

/** A failure reported by the core: `kind` is config, entity, budget or input. */
export class CoreError extends Error {
  constructor(error) {
    super(error.message);
    this.name = 'CoreError';
    this.kind = error.kind;
    if (error.issues) this.issues = error.issues;
    // An input error that is the answer to a request (a /sync body): the status and body to give.
    if (error.status !== undefined) {
      this.status = error.status;
      this.body = error.body;
    }
  }
}

let modulePromise;

const utf8Encoder = new TextEncoder();
// The core answers valid UTF-8 (invalid bytes are replaced when it writes JSON).
const utf8Decoder = new TextDecoder();

// The WebAssembly object behind each DocumentSet, reachable only from this module.
const documentHandles = new WeakMap();

/**
 * The pages of a JSON:API read, held inside the core: each page's text is handed over and parsed
 * there, so JavaScript keeps no copy of the site. Free it with delete() once the runs are made.
 */
export class DocumentSet {
  constructor(handle) {
    documentHandles.set(this, handle);
  }

  #handle() {
    const handle = documentHandles.get(this);
    if (!handle) throw new CoreError({ kind: 'input', message: 'the document set was deleted' });
    return handle;
  }

  /**
   * One page, with its answer's HTTP `date` header (the server's time, for the high-water mark):
   * `{ok: true, next, count}` or `{ok: false, error: {class: 'protocol', message}}`.
   */
  add({ url, query, body, date }) {
    const handle = this.#handle();
    return JSON.parse(guarded(() => handle.add(String(url), JSON.stringify(query ?? null), String(body ?? ''), String(date ?? ''))));
  }

  /**
   * The answer to an individual GET of an entity an event said was deleted: `{ok: true, gone}`;
   * only a JSON:API 404 of that entity makes it gone (the run then treats it as a census would);
   * anything else leaves it as it was, with `error` saying why.
   */
  addGone({ type, uuid, id, url, status, body, contentType, content_type: contentTypeKey, idAnswer, id_answer: idAnswerKey }) {
    const handle = this.#handle();
    const input = {
      type, uuid, url: String(url ?? ''), status: Number(status ?? 0), body: String(body ?? ''),
      content_type: String(contentType ?? contentTypeKey ?? ''),
    };
    if (id !== undefined && id !== null) input.id = String(id);
    // The answer to the check's id read: the event's id is used only if it shows no entity has it.
    if ((idAnswer ?? idAnswerKey) !== undefined) input.id_answer = idAnswer ?? idAnswerKey;
    return JSON.parse(guarded(() => handle.addGone(JSON.stringify(input))));
  }

  /** `{queries}`: the reads still needed (references not held, dependents of changed entities). */
  followups() {
    const handle = this.#handle();
    return JSON.parse(guarded(() => handle.followups()));
  }

  delete() {
    const handle = documentHandles.get(this);
    documentHandles.delete(this);
    handle?.delete();
  }
}

function documentHandle(documents) {
  if (documents === undefined) return undefined;
  const handle = documentHandles.get(documents);
  if (!handle) throw new CoreError({ kind: 'input', message: 'options.documents is not a live DocumentSet' });
  return handle;
}

// A C++ exception that escapes reaches JavaScript as a bare number: never let one out as such.
function guarded(fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error) throw e;
    throw new CoreError({ kind: 'engine', message: `the core failed unexpectedly (${String(e)})` });
  }
}

// One instance per precompiled WebAssembly.Module handed over.
const precompiledInstances = new WeakMap();

/**
 * Loads the WebAssembly module once; later calls share it. `wasmModule`: the core's .wasm already
 * compiled by the platform (a Workers-style `import wasmModule from '.../moodle_sync_core.wasm'`);
 * it is instantiated as it is, since such runtimes refuse to compile WebAssembly from bytes.
 */
export async function loadCore({ wasmModule } = {}) {
  if (wasmModule === undefined) {
    modulePromise ??= createMoodleSyncCore();
    return new MoodleSyncCore(await modulePromise);
  }
  if (!(wasmModule instanceof WebAssembly.Module)) {
    throw new CoreError({ kind: 'input', message: 'loadCore: wasmModule is not a WebAssembly.Module' });
  }
  let instance = precompiledInstances.get(wasmModule);
  if (!instance) {
    instance = instantiatePrecompiled(wasmModule);
    precompiledInstances.set(wasmModule, instance);
  }
  return new MoodleSyncCore(await instance);
}

function instantiatePrecompiled(wasmModule) {
  // The glue only logs a failing instantiateWasm and then waits forever: reject instead.
  let fail;
  const failure = new Promise((resolve, reject) => { fail = reject; });
  const ready = createMoodleSyncCore({
    // Without it the glue builds the .wasm's URL from import.meta.url, which a bundled worker may lack.
    locateFile: (file) => file,
    instantiateWasm(imports, receiveInstance) {
      try {
        const instance = new WebAssembly.Instance(wasmModule, imports);
        receiveInstance(instance, wasmModule);
        return instance.exports;
      } catch (e) {
        fail(new CoreError({ kind: 'input', message: `loadCore: the WebAssembly module is not this core's (${e.message})` }));
        return {};
      }
    },
  });
  return Promise.race([ready, failure]);
}

export class MoodleSyncCore {
  #module;

  constructor(module) {
    this.#module = module;
  }

  /**
   * Whether the core's preview of the bundled example, run once before its first large call (see
   * writeRequest), planned each component a sync plans (wasm/heap_settle.cpp); run now if it has not been.
   */
  get heapSettled() {
    return guarded(() => this.#module.settleHeap());
  }

  get version() {
    return this.#module.version();
  }

  /** The size of the core's WebAssembly memory in bytes: it never shrinks, so it is its peak so far. */
  get heapBytes() {
    return this.#module.HEAP8.length;
  }

  /** Bytes of the core's WebAssembly memory that hold live objects now (what a run keeps, unlike heapBytes). */
  get heapInUseBytes() {
    return this.#module.heapInUse();
  }

  /** The raw JSON API: `{ok, value | error}` exactly as the core answers (used by the vectors). */
  call(operation, input) {
    return JSON.parse(this.#callText(operation, JSON.stringify(input)));
  }

  /**
   * The raw JSON API on text, for a host that holds the request as JSON text already (read from a
   * file or a request body): `request` is that text, or its UTF-8 bytes (a Uint8Array, as a file is
   * read), and goes to the core as it is, never parsed or stringified here. Gives the answer's JSON
   * text (`{ok, value | error}`), for the host to parse, or to write out as it is; its characters
   * beyond ASCII are \u escapes (JavaScript decodes and parses a text of one byte a character quicker).
   */
  callText(operation, request) {
    if (typeof request !== 'string' && !(request instanceof Uint8Array)) {
      throw new CoreError({ kind: 'input', message: 'callText: the request must be JSON text (a string or its UTF-8 bytes)' });
    }
    return this.#callText(operation, request);
  }

  // The request's text goes in, and the answer's comes out, as UTF-8 bytes in WebAssembly memory
  // (see wasm/bindings.cpp): encoded and decoded natively, never byte by byte in JavaScript.
  #callText(operation, text) {
    const module = this.#module;
    return guarded(() => {
      writeRequest(module, text, { large: true });
      try {
        return utf8Decoder.decode(module.callApi(operation));
      } finally {
        module.releaseAnswer();
      }
    });
  }

  /**
   * The core's digest of a run's report (`digest_report`): `{ok, value | error}` as call() answers.
   * A report's entities never read are handed over as the core's own text, never parsed here.
   */
  digestReport(report, verbose = false) {
    return JSON.parse(this.#callText('digest_report', ['{"report":', ...reportTextParts(report), `,"verbose":${JSON.stringify(verbose)}}`]));
  }

  #value(operation, input) {
    const answer = this.call(operation, input);
    if (!answer.ok) throw new CoreError(answer.error);
    return answer.value;
  }

  /** Validates a configuration file's text; throws a CoreError listing every issue. */
  loadConfig(text, file = 'config.json') {
    return this.#value('load_config', { text, file });
  }

  /** The ignore rule: `{action: 'create' | 'update' | 'ignore', moodle_id?, reason?}`. */
  decideMoodleId(value) {
    return this.#value('decide_moodle_id', value === undefined ? {} : { value });
  }

  /** Maps one JSON:API resource; `documents` are the JSON:API documents its references live in. */
  mapEntity({ component, mapping, customfields, entity, documents = [] }) {
    return this.#value('map_entity', { component, mapping, customfields, entity, documents });
  }

  /** `{body, variables}`: the form body without the token, and its variable count. */
  encodeCall(wsfunction, params, budget) {
    return this.#value('encode_call', budget === undefined ? { wsfunction, params } : { wsfunction, params, budget });
  }

  /** Decodes a Moodle answer: `{ok, value, warnings}` or `{ok: false, error: {class, message, ...}}`. */
  decodeAnswer({ status, body = '', contentType = '', transportError = '', secrets = [] }) {
    return this.#value('decode_answer', {
      status, body, content_type: contentType, transport_error: transportError, secrets,
    });
  }

  /**
   * Every Moodle web-service function a dry run may send (its reads), sorted: a host that must
   * never write refuses any other call.
   */
  moodleReads() {
    return this.#value('moodle_reads', {}).functions;
  }

  /** Consecutive batches `{begin, end}` whose requests stay within the variable budget. */
  planBatches(itemVariables, { budget = 5000, maxItems = 0, otherVariables = 3 } = {}) {
    return this.#value('plan_batches', {
      items: itemVariables, budget, max_items: maxItems, other_variables: otherVariables,
    });
  }

  /**
   * A DocumentSet for the configuration `{text, file}`; `journal`: the state records of the last
   * run (its write-backs). Throws a CoreError when the configuration is not valid.
   */
  createDocumentSet({ text, file = 'config.json', journal }) {
    const handle = guarded(() => new this.#module.DocumentSet(JSON.stringify({ text, file, ...(journal ? { journal } : {}) })));
    const error = guarded(() => handle.error());
    if (error) {
      handle.delete();
      throw new CoreError(JSON.parse(error));
    }
    return new DocumentSet(handle);
  }

  /** The JSON:API reads of a run: `{queries: [{type, kind, path, params}], since_used?}`. */
  sourceQueries({ text, file = 'config.json', mode, since, journal, uuids, courseIds }) {
    return this.#value('source_queries', { text, file, mode, since, journal, uuids, course_ids: courseIds });
  }

  /**
   * The completion receiver's gate, before the body is read: `{accept: true}` or `{accept: false,
   * status, body, headers?}` (401 without the secret, the connection test's 200, 405, 413, 415, 400).
   */
  completionRequest({ method, pathSecret, authorization, contentType, contentLength, secret, maxBytes = 1048576 }) {
    const input = { method, secret, max_bytes: maxBytes };
    if (pathSecret !== undefined) input.path_secret = pathSecret;
    if (authorization !== undefined) input.authorization = authorization;
    if (contentType !== undefined) input.content_type = contentType;
    if (contentLength !== undefined && contentLength !== null) input.content_length = contentLength;
    return this.#value('completion_request', input);
  }

  /**
   * The Drupal courses a push body names: `{course_ids: [ids]}`, or `{course_ids: null}` (the event
   * form, which names Moodle ids, or a body the run refuses): then every registration is read.
   */
  completionPushScope({ text, file = 'config.json', payload, contentType }) {
    return this.#value('completion_push_scope', { text, file, payload, ...(contentType ? { content_type: contentType } : {}) });
  }

  /** The answer to a push whose run failed: `{status, body, headers?}` (503 when `busy`, else 500). */
  completionFailure({ busy = false } = {}) {
    return this.#value('completion_failure', { busy });
  }

  /**
   * Whether the completion receiver may start with this secret: `{usable: true}` or `{usable:
   * false, problem}` (the problem names the variable `secretEnv`, never the value).
   */
  completionSecretCheck({ secretEnv, secret }) {
    return this.#value('completion_secret_check', { secret_env: secretEnv, secret });
  }

  // ---- The serverless function: events from Drupal, /health ----

  /**
   * The gate of POST /events and /sync, before the body is read: `{accept: false, status, body,
   * headers?}` (405, 401, 413, 415) or `{accept: true, form, verify: {algorithm, prefix,
   * signature_hex}, replay_key, replay_ttl_seconds, delivery?, unauthorized}`: the host verifies
   * HMAC(secret, prefix + raw body) against signature_hex and answers `unauthorized` when it fails.
   */
  eventGate({ method, headers = {}, maxBytes, max_bytes: maxBytesKey, now, maxAgeSeconds, max_age_seconds: maxAgeKey }) {
    return this.#value('event_gate', {
      method, headers: lowerCaseKeys(headers), max_bytes: maxBytes ?? maxBytesKey ?? 1048576, now, max_age_seconds: maxAgeSeconds ?? maxAgeKey ?? 300,
    });
  }

  /**
   * A verified body as events: `{events: [{op, type, uuid, id?}], ignored: [{index, reason}]}`, or,
   * for a body that is no valid event, `{status: 400, body: {message, problem}}` (the problem starts
   * with the JSON path).
   */
  eventParse({ text, file = 'config.json', body, form = 'ours', eventHeader, event_header: eventHeaderKey }) {
    const input = { text, file, body, form };
    const header = eventHeader ?? eventHeaderKey;
    if (header !== undefined && header !== null) input.event_header = header;
    const answer = this.call('event_parse', input);
    if (answer.ok) return answer.value;
    if (answer.error.answer) return answer.error.answer;
    throw new CoreError(answer.error);
  }

  /**
   * The reads of an events run: `{queries, gone_checks: [{type, uuid, id?, path}]}`. Add each
   * query's pages to a DocumentSet; GET each gone check's path and hand the answer to
   * `documents.addGone(...)`.
   */
  eventReads({ text, file = 'config.json', events, journal }) {
    return this.#value('event_reads', { text, file, events, ...(journal ? { journal } : {}) });
  }

  /**
   * After a read: `{retry: {uuids, delay_ms, queries} | null, missing: [{type, uuid, op, message}]}`;
   * `found`: {type: [uuid]} of the events' entities the set holds; `attempt`: reads made so far.
   */
  eventSettle({ text, file = 'config.json', events, found, attempt }) {
    return this.#value('event_settle', { text, file, events, found, attempt });
  }

  /** The answer of POST /events: `{status: 200 | 202, body}`. */
  eventAnswer({ runId, run_id: runIdKey, state, accepted = 0, ignored = [], report }) {
    return this.#value('event_answer', { run_id: runId ?? runIdKey ?? null, state, accepted, ignored, ...(report !== undefined ? { report } : {}) });
  }

  /** Whether the events secret guards: `{usable: true}` or `{usable: false, problem}` (names the variable, never the value). */
  eventSecretCheck({ secretEnv, secret_env: secretEnvKey, secret }) {
    return this.#value('event_secret_check', { secret_env: secretEnv ?? secretEnvKey, secret: secret ?? '' });
  }

  /** Who may ask GET /health: `{accept: true}` or `{accept: false, status: 401 | 405 | 503, body, headers?}`. */
  healthRequest({ method, authorization, token, tokenEnv, token_env: tokenEnvKey }) {
    const input = { method, token: token ?? '' };
    if (authorization !== undefined && authorization !== null) input.authorization = authorization;
    if (tokenEnv ?? tokenEnvKey) input.token_env = tokenEnv ?? tokenEnvKey;
    return this.#value('health_request', input);
  }

  /**
   * The answer of GET /health: `{status: 200 | 503, body: {version, moodle: {ok, error?}, drupal}}`;
   * `moodle`: core_webservice_get_site_info's HTTP answer; `drupal`: GET /jsonapi's, or null.
   */
  healthAnswer({ version = this.version, moodle, drupal = null }) {
    const reply = (r) => (r ? {
      status: r.status ?? 0, body: r.body ?? '', content_type: r.contentType ?? r.content_type ?? '',
      transport_error: r.transportError ?? r.transport_error ?? '',
    } : null);
    return this.#value('health_answer', { version, moodle: reply(moodle), drupal: reply(drupal) });
  }

  /**
   * A lease in a shared state store (run lock, entity lock, replay cache): `{decision: 'take' |
   * 'renew' | 'take_over' | 'refuse', record: {holder, expires_at}, message?}`. `held` is the
   * record read under `key` (null when none); write `record` back with compare-and-swap unless refused.
   */
  lease({ key, holder, held = null, now, ttlSeconds }) {
    return this.#value('lease', { key, me: { holder }, held, now, ttl_seconds: ttlSeconds });
  }

  /**
   * What a /sync request asks: `{reads, budget_ms, resumed}` (reads for `source.read`). A body that
   * cannot be honoured throws a CoreError whose `status` (400) and `body` are the answer to give.
   */
  syncRequest({ journal = [], body, defaultBudgetMs }) {
    const input = { journal };
    if (body !== undefined) input.body = body;
    if (defaultBudgetMs !== undefined) input.default_budget_ms = defaultBudgetMs;
    return this.#value('sync_request', input);
  }

  /**
   * What one Drupal answer means: `{ok: true}` or `{ok: false, retry_delay_ms, error: {class,
   * message, field?}}`; class is setup, credentials, entity, transient, protocol or not_found.
   */
  drupalAnswer({
    method = 'GET', url = '', status = 0, contentType = '', body = '', headers = {}, transportError = '',
    attempt = 1, retries = 3, account = '', entity, field, value, fields, secrets = [],
  }) {
    const input = {
      method, url, status, content_type: contentType, body, headers: lowerCaseKeys(headers), transport_error: transportError,
      attempt, retries, account, secrets,
    };
    if (entity !== undefined) input.entity = entity;
    if (field !== undefined) input.field = field;
    if (value !== undefined) input.value = value;
    if (fields !== undefined) input.fields = fields;
    return this.#value('drupal_answer', input);
  }

  /**
   * Runs the sans-IO sync engine: `perform(action)` carries out each action (a Moodle call, a
   * write-back, a journal record) and resolves to its result. Resolves to the run's report (its
   * `entities` parsed from the core's text only when first read: most hosts never read them).
   * `input.snapshot` (from observe) answers the reads already made. The engine's WebAssembly
   * object lives only inside this call. With `{documents}` (a DocumentSet) the engine takes its
   * documents and read scope from the set instead of `input.documents`. An entry of
   * `input.documents` may give its document as JSON text (`{name, text}`: a string, its UTF-8
   * bytes, or its parts in order): it reaches the core as it is, never parsed here; so does `input.journal_text`, the state store's file text (instead
   * of `input.journal`, its records). The `journal_replace` action gives the state to keep as that
   * file's text, `action.text`.
   */
  async runEngine(input, perform, { documents } = {}) {
    return this.#drive(input, perform, (engine) => reportFromBytes(guarded(() => engine.report()), guarded(() => engine.reportEntities())), documents);
  }

  /**
   * Observe: a dry run whose reads `perform` answers from Moodle. Resolves to `{snapshot, plan}`:
   * Moodle's answers keyed by read (for the apply run: kept in the core's memory, where runEngine
   * takes them, once; `text` and `toJSON()` give them as JSON), and the plan, the very value that
   * `plan` gives for that snapshot (`input.allow_removals` is the removal guard's flag). With `brief`, a plan that may be applied
   * is only `{apply: true, exit_code, removal_guard}`: a sync that goes on to apply it needs no more.
   */
  async observe(input, perform, { documents, brief = false } = {}) {
    const allow = input.allow_removals ?? false;
    return this.#drive({ ...input, dry_run: true }, perform, (engine) => {
      // The verdict alone never builds the text of every entity's plan.
      const verdict = brief ? JSON.parse(guarded(() => engine.planVerdict(allow))) : null;
      return {
        snapshot: new ObservedSnapshot(guarded(() => engine.snapshot())),
        plan: verdict?.apply ? verdict : JSON.parse(utf8Decoder.decode(guarded(() => engine.plan(allow)))),
      };
    }, documents);
  }

  /** The plan value (pure): the export against the snapshot; `{}` as snapshot is the preview. */
  plan(input) {
    return this.#value('plan', input);
  }

  async #drive(input, perform, outcome, documents) {
    const handle = documentHandle(documents);
    const snapshot = input.snapshot instanceof ObservedSnapshot ? input.snapshot : undefined;
    const module = this.#module;
    // The input's text goes into WebAssembly memory at once and is not kept in a variable: it
    // would live as long as the run. The core frees it as soon as it is parsed.
    const answers = snapshot?.[takeSnapshot]();
    const engine = guarded(() => {
      try {
        answers?.compact();  // before the input is written: see SnapshotHandle::compact
        writeRequest(module, engineInputParts(input), { large: true });
        return new module.Engine(handle ?? null, answers ?? null);
      } finally {
        answers?.delete();  // the engine moved the answers out
      }
    });
    try {
      const error = guarded(() => engine.error());
      if (error) throw new CoreError(JSON.parse(error));
      for (;;) {
        const action = JSON.parse(guarded(() => engine.next()));
        if (action.kind === 'done') break;
        if (action.kind === 'journal_replace') action.text = utf8Decoder.decode(guarded(() => engine.journalText()));
        if (action.kind === 'error') throw new CoreError({ kind: 'engine', message: action.message });
        const result = await perform(action);
        guarded(() => feedResult(module, engine, result));
      }
      return outcome(engine);
    } finally {
      engine.delete();
    }
  }

  /** Removes the secrets (and any `wstoken=` value) from a text. */
  redact(text, secrets = []) {
    return this.#value('redact', { text, secrets });
  }
}

// Hands an action's result to the engine. A body given as text (a Moodle answer: 11 MB for the
// courses of a large site) goes in as its UTF-8 bytes, ahead of the rest of the result's JSON, so
// that no JSON-escaped copy as long as itself is made. The engine gets the same value either way;
// a body with a lone surrogate, which TextEncoder would turn into U+FFFD where JSON keeps its
// escape, goes in as JSON text as before.
// A body read as bytes (`body_bytes`: the answer's chunks as they arrived, see moodle-client.mjs)
// goes in as those bytes, never made a string here: the core takes them when they are UTF-8, and
// otherwise they are decoded as response.text() decodes them (U+FFFD for each bad sequence) and
// fed as text.
function feedResult(module, engine, result) {
  if (Array.isArray(result?.body_bytes)) {
    feedBodyBytes(module, engine, result);
  } else if (framable(result)) {
    const [bodyBytes] = writeRequest(module, [result.body, JSON.stringify({ ...result, body: null })]);
    if (!engine.feedBody(bodyBytes)) feedJson(module, engine, result);
  } else {
    feedJson(module, engine, result);
  }
}

function feedJson(module, engine, result) {
  writeRequest(module, JSON.stringify(result));
  engine.feed();
}

function feedBodyBytes(module, engine, result) {
  const chunks = result.body_bytes;
  // `body: null` where `body_bytes` was: the head keeps the result's order of members.
  const head = JSON.stringify(withBody(result, null));
  const sizes = writeRequest(module, [...chunks, head]);
  if (engine.feedBody(sizes.slice(0, -1).reduce((total, size) => total + size, 0))) return;
  // As text, in the same place among the result's members.
  feedResult(module, engine, withBody(result, answerText(chunks)));
}

// The result with `body` in the place of its `body_bytes`.
const withBody = (result, body) => Object.fromEntries(Object.entries(result).map(([k, v]) => (k === 'body_bytes' ? ['body', body] : [k, v])));

// A result object that JSON.stringify writes member by member, with a well-formed text body.
// (Its own enumerable body: an inherited or hidden one JSON.stringify leaves out, and so must this.)
const framable = (result) => typeof result?.body === 'string' && typeof result === 'object' && !Array.isArray(result)
  && Object.prototype.propertyIsEnumerable.call(result, 'body')
  && typeof result.toJSON !== 'function' && wellFormed(result.body);

const LONE_SURROGATE = /\p{Surrogate}/u;
const wellFormed = (text) => (typeof text.isWellFormed === 'function' ? text.isWellFormed() : !LONE_SURROGATE.test(text));

// A call's or an engine's request of SETTLE_FROM bytes or more is the first moment the core's memory
// layout matters: before the first such request, the core previews its bundled example once
// (wasm/heap_settle.cpp), so that the objects it keeps for the process are made at the bottom of its
// memory, not amid a large run's. Hosts that only ever make small calls (an event, a check) never pay
// for that preview (about 150 ms of CPU).
const SETTLE_FROM = 1 << 20;

// Writes a call's JSON text into the core's request buffer as UTF-8 (see wasm/bindings.cpp):
// encoded natively, never byte by byte in JavaScript. `text` may be its UTF-8 bytes already (copied
// as they are), or its parts in order (an engine's input: an export's files among them), so that no
// joined copy of them is made. Each text part is encoded straight into the buffer, its UTF-8 size
// counted first: a megabytes-long answer or export file is not copied into an array of its bytes on
// its way in. `large`: a call's or an engine's request, which may settle the heap first; not an
// action's result, which comes in the middle of a run. Gives the size in bytes of each part.
function writeRequest(module, text, { large = false } = {}) {
  const parts = typeof text === 'string' || text instanceof Uint8Array ? [text] : text;
  const sizes = parts.map((part) => (typeof part === 'string' ? utf8Length(part) : part.length));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (large && total >= SETTLE_FROM) module.settleHeap();
  const view = module.requestBuffer(total);
  let at = 0;
  parts.forEach((part, i) => {
    if (typeof part === 'string') utf8Encoder.encodeInto(part, view.subarray(at));
    else view.set(part, at);
    at += sizes[i];
  });
  return sizes;
}

// The size of `text` in UTF-8, as TextEncoder writes it: ASCII text is its length; other text is
// encoded natively in slices into a small scratch buffer, only to count the bytes.
const ASCII = /^[\x00-\x7f]*$/;
const scratch = new Uint8Array(3 * 16384 + 4);  // a slice may end with a whole pair: 4 bytes for 2 units

function utf8Length(text) {
  if (ASCII.test(text)) return text.length;
  let size = 0;
  for (let from = 0; from < text.length;) {
    let to = Math.min(from + 16384, text.length);
    if ((text.charCodeAt(to - 1) & 0xfc00) === 0xd800 && (text.charCodeAt(to) & 0xfc00) === 0xdc00) to += 1;  // a pair stays whole
    size += utf8Encoder.encodeInto(text.slice(from, to), scratch).written;
    from = to;
  }
  return size;
}

const takeSnapshot = Symbol('takeSnapshot');
// A snapshot no run took is freed with its JavaScript object.
const unusedSnapshots = new FinalizationRegistry((handle) => handle.delete());

/**
 * Moodle's answers to an observe run's reads, held in WebAssembly memory: the apply run takes them
 * there as they are (once), so they never cross to JavaScript unless `text` is asked for.
 */
class ObservedSnapshot {
  #handle;

  constructor(handle) {
    this.#handle = handle;
    unusedSnapshots.register(this, handle, this);
  }

  get text() {
    if (!this.#handle) throw new CoreError({ kind: 'input', message: 'the snapshot was taken by the apply run it was given to' });
    return guarded(() => this.#handle.text());
  }

  toJSON() {
    return JSON.parse(this.text);
  }

  // The handle, for one engine, which moves the answers out; the caller deletes it then.
  [takeSnapshot]() {
    const handle = this.#handle;
    if (!handle) throw new CoreError({ kind: 'input', message: 'the snapshot was taken by the apply run it was given to' });
    this.#handle = undefined;
    unusedSnapshots.unregister(this);
    return handle;
  }
}

// The engine's input as the parts of its JSON text. The documents given as text are put in as they
// are: the export is never parsed into objects here. A snapshot from observe reaches the engine by
// its handle. The state store's text (`journal_text`) follows the JSON after a NUL byte, as it is
// (wasm/bindings.cpp): its records are never objects here.
function engineInputParts(input) {
  const { documents, snapshot, journal_text: journalText, ...rest } = input;
  const head = JSON.stringify(rest).slice(1, -1);
  const parts = ['{', head];
  let first = !head;
  const member = (name, ...value) => {
    parts.push(first ? '' : ',', `"${name}":`, ...value);
    first = false;
  };
  if (Array.isArray(documents)) {
    member('documents', '[');
    // Pushed one by one: a file with many write-backs is many parts, too many to spread.
    documents.forEach((entry, i) => {
      if (i) parts.push(',');
      for (const part of documentText(entry)) parts.push(part);
    });
    parts.push(']');
  } else if (documents !== undefined) member('documents', JSON.stringify(documents));
  if (snapshot !== undefined && !(snapshot instanceof ObservedSnapshot)) member('snapshot', JSON.stringify(snapshot));
  parts.push('}');
  if (typeof journalText === 'string') parts.push('\0', journalText);
  return parts;
}

// One document's parts: its text as it is when it comes as text (a string, its UTF-8 bytes, or its
// parts in order, each of them one or the other).
function documentText(entry) {
  if (entry && isText(entry.text) && entry.document === undefined) {
    const parts = [`{"name":${JSON.stringify(entry.name)},"document":`];
    for (const part of Array.isArray(entry.text) ? entry.text : [entry.text]) parts.push(part);
    parts.push('}');
    return parts;
  }
  return [JSON.stringify(entry) ?? 'null'];
}

const isTextPart = (part) => typeof part === 'string' || part instanceof Uint8Array;
const isText = (text) => isTextPart(text) || (Array.isArray(text) && text.every(isTextPart));

function lowerCaseKeys(headers) {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
}
