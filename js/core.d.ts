// Types of js/core.mjs: the moodle-sync core (C++ compiled to WebAssembly) as a JavaScript API.
// The shapes below describe what the core answers; fields a later version adds may appear beside them.

/** A JSON value as the core takes and gives it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One problem of a configuration, named by its JSON path. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** An error the core answers instead of a value. */
export interface CoreErrorInfo {
  /** config, entity, budget, input or engine. */
  kind: string;
  message: string;
  issues?: ConfigIssue[];
  [key: string]: Json | undefined;
}

/** The raw answer of `call()`: exactly what the core's JSON API returns. */
export type ApiAnswer<T = Json> = { ok: true; value: T } | { ok: false; error: CoreErrorInfo };

/** A failure reported by the core. */
export declare class CoreError extends Error {
  constructor(error: CoreErrorInfo);
  readonly name: 'CoreError';
  /** config, entity, budget, input or engine. */
  kind: string;
  issues?: ConfigIssue[];
  /** An input error that is the answer to a request (a /sync body): the HTTP status to give. */
  status?: number;
  /** ...and the body: {message, problem} with the JSON path. */
  body?: Json;
}

/** The ignore rule applied to a `field_moodle_id` value. */
export interface MoodleIdDecision {
  action: 'create' | 'update' | 'ignore';
  moodle_id?: number;
  reason?: string;
}

/** How Moodle failed: decides retry, stop or blame the entity (README, "Errors"). */
export type ErrorClass = 'credentials' | 'permission' | 'data' | 'transient' | 'protocol';

export interface MoodleError {
  class: ErrorClass | string;
  message: string;
  [key: string]: Json | undefined;
}

export type DecodedAnswer = { ok: true; value: Json; warnings?: Json[] } | { ok: false; error: MoodleError };

export interface EncodedCall {
  /** The form body without the token: the host puts `wstoken=...&` in front. */
  body: string;
  variables: number;
}

// ---- The engine: actions asked of the host, their results, and the report ----

interface ActionBase {
  /** Increasing number of the action within the run. */
  id?: number;
  progress?: { done: number; total: number };
}

/** A Moodle web-service call; the host sends `body` (with the token) and gives back the HTTP reply. */
export interface CallAction extends ActionBase {
  kind: 'call';
  wsfunction: string;
  purpose: string;
  variables: number;
  body: string;
  params: Json;
  /** Wait this long before sending (a retry after a transient failure). */
  delay_ms?: number;
}

/** Records the host appends to its journal (the state kept beside the export) before going on. */
export interface JournalAction extends ActionBase {
  kind: 'journal';
  records: Json[];
}

/** A moodle id written back into the export. */
export interface WriteBackAction extends ActionBase {
  kind: 'write_back';
  entity: { type: string; uuid: string; id: string; label: string };
  field: string;
  value: string;
}

/** The run's last: the whole state the store keeps, as its file's text (JSON lines, one a record). */
export interface JournalReplaceAction extends ActionBase {
  kind: 'journal_replace';
  text: string;
}

export type EngineAction = CallAction | JournalAction | JournalReplaceAction | WriteBackAction;

/** The HTTP reply of a call action. */
export interface CallResult {
  status: number;
  body: string;
  content_type?: string;
  transport_error?: string;
}

/** The result of a journal or write-back action. */
export interface HostResult {
  ok: boolean;
  error?: string;
}

/** `elapsed_ms`: how long the host took to perform the action (what a run's time budget counts, and what the next batches of a function are sized from). */
export type ActionResult = (CallResult | HostResult) & { elapsed_ms?: number };

/** The input of a run: the configuration's text, the export's documents, its site and the journal. */
export interface EngineInput {
  text?: string;
  config?: Json;
  file?: string;
  /** Each document as a value, or as its JSON text (handed to the core as it is, never parsed in JavaScript). */
  documents: Array<{ name: string; document: Json } | { name: string; text: string }>;
  /** What the export says of its site (`site.json`, or a bundle's own keys): the core reads `site_url` from it. */
  site_declaration?: { where: string; value: Json };
  journal?: Json[];
  /** Instead of `journal`: the state store's file text as it is (JSON lines; a line that is not JSON is skipped). */
  journal_text?: string;
  dry_run?: boolean;
  /** Moodle's answers to the reads, keyed by read (from `observe`, which keeps them as text): apply sends these reads no more. */
  snapshot?: Record<string, Json> | ObservedSnapshot;
  /** The removal guard lets this run through (`sync --allow-removals`). */
  allow_removals?: boolean;
  /**
   * The run's time budget: once the `elapsed_ms` of the action results (plus `spent_ms`, spent
   * before the engine started) reach `ms`, the run stops at a safe point (exit code 3).
   */
  budget?: { ms: number; spent_ms?: number };
  [key: string]: Json | undefined;
}

export type Outcome =
  | 'created' | 'created (recovered)' | 'adopted' | 'updated' | 'unchanged' | 'ignored' | 'stale' | 'blocked' | 'failed' | 'deleted' | 'skipped'
  | 'postponed' | string;

export interface FieldChange {
  old?: Json;
  new?: Json;
}

/** One entity of the report: what happened to it (or would, in a dry run) and why. */
export interface ReportEntity {
  resource: string;
  id: string;
  uuid: string;
  component: string;
  outcome: Outcome;
  idnumber?: string;
  moodle_id: number | null;
  planned?: string;
  changes: Record<string, FieldChange>;
  note?: string;
  /** The entity that held this one back (a skipped entity). */
  cause?: string;
  error: MoodleError | null;
  [key: string]: Json | undefined;
}

export interface SiteGuardDecision {
  source: string;
  writes_allowed: boolean;
  reason: string;
}

/** The report of a run (README, "Exit codes"). */
export interface SyncReport {
  dry_run: boolean;
  site_guard: SiteGuardDecision;
  summary: Record<string, number>;
  entities: ReportEntity[];
  calls: { total: number; by_function: Record<string, number> };
  causes?: Array<{ cause: string; skipped: number; entities: string[] }>;
  notes?: string[];
  fatal?: MoodleError;
  /** The time budget stopped the run: what it did not reach is `postponed`; run again to go on. */
  stopped?: { reason: 'budget'; spent_ms: number };
  resume?: true;
  /** 0 every entity succeeded, 1 some failed, 2 a person must fix the set-up, 3 stopped by its time budget. */
  exit_code: number;
  [key: string]: Json | undefined;
}

/** The removal guard's verdict (README, "Three stages"). */
export interface RemovalGuardVerdict {
  verdict: 'pass' | 'stop' | 'allowed';
  stops: boolean;
  message: string;
  [key: string]: Json | undefined;
}

/** One entity of a plan: the report's fields plus what is intended and the calls it takes. */
export interface PlanEntity extends ReportEntity {
  entity: { type: string; id: string | number | null; uuid: string; label: string };
  intent: string;
  calls: string[];
}

/** The plan value: the same for `plan`, `preview` and every host. */
export interface SyncPlan extends SyncReport {
  entities: PlanEntity[];
  removal_guard: RemovalGuardVerdict;
  /** Whether a sync may go on to apply this plan (the site guard and the removal guard agree). */
  apply: boolean;
  /** The writes a sync of this plan would send: per function the requests (batches) and the items in them. */
  planned_calls: { total: number; by_function: Record<string, { requests: number; items: number }> };
}

/** Core operations reachable through `call()` (the decision vectors use the same names). */
export type Operation =
  | 'load_config' | 'decide_moodle_id' | 'map_entity' | 'encode_call' | 'decode_answer' | 'plan_batches' | 'redact'
  | 'preview' | 'check_setup' | 'site_guard' | 'replay_engine' | 'diff_fields' | 'missing_functions' | 'run_lock'
  | 'digest_report' | 'plan' | 'removal_guard' | 'source_queries' | 'read_drupal' | 'drupal_answer' | 'completion_request'
  | 'completion_secret_check' | 'completion_push_scope' | 'completion_failure' | 'lease' | 'sync_request'
  | 'event_gate' | 'event_parse' | 'event_reads' | 'event_settle' | 'event_answer' | 'event_secret_check'
  | 'health_request' | 'health_answer' | 'moodle_reads'
  | string;

// ---- Leases and /sync requests ----

export interface LeaseRecord {
  holder: string;
  /** unix seconds */
  expires_at: number;
}

export interface LeaseDecision {
  decision: 'take' | 'renew' | 'take_over' | 'refuse';
  /** The record to write (refuse: the holder's, unchanged). */
  record: LeaseRecord;
  message?: string;
}

export interface SyncRequestBody {
  full?: boolean;
  /** RFC 3339 or unix seconds */
  since?: string | number;
  /** 1000..900000 */
  budget_ms?: number;
  scan_deletions?: boolean;
}

export interface SyncRequestPlan {
  reads: Array<{ mode: 'full' } | { mode: 'incremental'; since?: string } | { mode: 'census' }>;
  budget_ms: number;
  /** A full run its time budget stopped is read in full again. */
  resumed: boolean;
}

// ---- The completion receiver ----

export interface CompletionRequest {
  method: string;
  /** The secret from the URL path (/completion/<secret>). */
  pathSecret?: string;
  /** The Authorization header ("Bearer <secret>"). */
  authorization?: string;
  contentType?: string;
  contentLength?: number | null;
  /** The configured secret (completion.secret_env's value). */
  secret: string;
  /** completion.max_push_bytes */
  maxBytes?: number;
}

export type CompletionGate =
  | { accept: true }
  | { accept: false; status: number; body: Record<string, Json>; headers?: Record<string, string> };

// ---- The serverless function: events from Drupal, /health ----

export type RefusedRequest = { accept: false; status: number; body: { message: string }; headers?: Record<string, string> };

export type EventGate = RefusedRequest | {
  accept: true;
  /** ours: X-Moodle-Sync-Signature over "<timestamp>." + body; webhooks: X-Hub-Signature(-256) over the body. */
  form: 'ours' | 'webhooks';
  verify: { algorithm: 'SHA-256' | 'SHA-1'; prefix: string; signature_hex: string };
  replay_key: string;
  replay_ttl_seconds: number;
  /** X-Drupal-Delivery, for the delivery dedupe. */
  delivery?: string;
  /** The answer when the signature does not verify. */
  unauthorized: { status: 401; body: { message: string } };
};

export interface EntityEvent {
  op: 'insert' | 'update' | 'delete';
  /** The JSON:API type, e.g. node--course. */
  type: string;
  uuid: string;
  /** The Drupal entity id, when the event said it. */
  id?: string;
}

export type EventParse =
  | { events: EntityEvent[]; ignored: Array<{ index: number; reason: string }> }
  | { status: 400; body: { message: 'Invalid input.'; problem: string } };

export interface EventReads {
  queries: SourceQuery[];
  gone_checks: Array<{ type: string; uuid: string; id?: string; path: string }>;
}

export interface EventSettle {
  retry: { uuids: Record<string, string[]>; delay_ms: number; queries: SourceQuery[] } | null;
  missing: Array<{ type: string; uuid: string; op: string; message: string }>;
}

export interface HttpAnswer {
  status: number;
  body: string;
  contentType?: string;
  transportError?: string;
}

export interface HealthAnswer {
  status: 200 | 503;
  body: {
    version: string;
    moodle: { ok: boolean; error?: { class: string; message: string } };
    drupal: { ok: boolean; error?: { class: string; message: string } } | null;
  };
}

// ---- Reading Drupal through JSON:API ----

/** Why a collection read is made; the document set needs it with each page. */
export type QueryKind = 'full' | 'changed' | 'census' | 'uuids' | 'references' | 'dependents' | 'events';

/** One read: GET source.url + path + '?' + new URLSearchParams(params). */
export interface SourceQuery {
  type: string;
  kind: QueryKind;
  path: string;
  params: Array<[string, string]>;
}

export interface SourceQueries {
  queries: SourceQuery[];
  /** incremental: per type, the `changed >=` value sent (unix seconds, overlap included). */
  since_used?: Record<string, number>;
}

export type PageResult =
  | { ok: true; next: string | null; count: number }
  | { ok: false; error: { class: 'protocol'; message: string } };

/** The pages of a JSON:API read, held in the core (JavaScript keeps no copy). */
export declare class DocumentSet {
  constructor(handle: unknown);
  /** One page, checked and kept; the error names the URL and what is wrong. */
  add(page: { url: string; query: SourceQuery; body: string; date?: string }): PageResult;
  /**
   * The answer to the individual GET of an entity an event said was deleted (a gone check): only a
   * JSON:API 404 of that entity makes it gone, which the run then treats as a census finding.
   */
  addGone(answer: { type: string; uuid: string; id?: string | number; url: string; status: number; body: string; contentType?: string; idAnswer?: { status: number; body: string; content_type: string } }): { ok: boolean; gone: boolean; note?: string; error?: { class: string; message: string } };
  /** The reads still needed; the host reads them and asks again until the list is empty. */
  followups(): { queries: SourceQuery[] };
  /** Frees the pages. */
  delete(): void;
}

export type DrupalErrorClass = 'setup' | 'credentials' | 'entity' | 'transient' | 'protocol' | 'not_found';

export type DrupalAnswer =
  | { ok: true }
  | { ok: false; retry_delay_ms: number | null; error: { class: DrupalErrorClass; message: string; field?: string } };

export interface DrupalReply {
  method?: string;
  url?: string;
  status?: number;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
  transportError?: string;
  /** The attempt that got this answer, 1 for the first. */
  attempt?: number;
  /** source.retries: past this many attempts the delay is null (give up). */
  retries?: number;
  account?: string;
  entity?: { label: string };
  /** A PATCH: the field written and the value sent, to confirm it came back. */
  field?: string;
  value?: Json;
  /** A PATCH of several fields (completion): each must come back (a date as the same instant). */
  fields?: Record<string, Json>;
  secrets?: string[];
}

/** Options of runEngine and observe. */
export interface EngineOptions {
  /** The engine takes its documents and read scope from this set (input.documents absent). */
  documents?: DocumentSet;
  /** observe: a plan that may be applied is only `{apply: true, exit_code, removal_guard}`. */
  brief?: boolean;
}

/**
 * Moodle's answers to an observe run's reads, kept in the core's memory: the apply run given it
 * takes them there, once (`text` then throws). `text` is their JSON; toJSON parses it.
 */
export interface ObservedSnapshot {
  readonly text: string;
  toJSON(): Record<string, Json>;
}

/** Loads the WebAssembly module once; later calls share it. */
export declare function loadCore(options?: {
  /** The core's .wasm already compiled by the platform (Workers); instantiated without compiling bytes. */
  wasmModule?: WebAssembly.Module;
}): Promise<MoodleSyncCore>;

export declare class MoodleSyncCore {
  constructor(module: unknown);

  readonly version: string;
  /** The size of the core's WebAssembly memory in bytes: it never shrinks, so it is its peak so far. */
  readonly heapBytes: number;
  /** Bytes of the core's WebAssembly memory that hold live objects now (what a run keeps, unlike heapBytes). */
  readonly heapInUseBytes: number;
  /**
   * Whether the core's preview of the bundled example (run once, before its first request of a
   * megabyte or more, so that the objects the core keeps for the process sit at the bottom of its
   * memory, not amid a large run's) planned each component a sync plans; run now if it has not been.
   */
  readonly heapSettled: boolean;

  /** The raw JSON API: `{ok, value | error}` exactly as the core answers. */
  call<T = any>(operation: Operation, input: Json | object): ApiAnswer<T>;
  /**
   * The raw JSON API on text: the request's JSON text (or its UTF-8 bytes, as a file is read) goes to
   * the core as it is; the answer `{ok, value | error}` comes back as JSON text, in ASCII (\u escapes).
   */
  callText(operation: Operation, request: string | Uint8Array): string;
  /**
   * The core's digest of a run's report (`digest_report`), as call() answers it: the entities of a
   * report from runEngine that were never read go to the core as its own text, not parsed here.
   */
  digestReport<T = any>(report: SyncReport | Json, verbose?: boolean): ApiAnswer<T>;

  /** Validates a configuration file's text; throws a CoreError listing every issue. */
  loadConfig(text: string, file?: string): { settings: Json; mappings: Record<string, { fields: Record<string, string>; customfields?: Record<string, string> }> };

  /** The ignore rule. */
  decideMoodleId(value: Json | undefined): MoodleIdDecision;

  /** Maps one JSON:API resource; `documents` are the JSON:API documents its references live in. */
  mapEntity(args: { component: string; mapping?: Json; customfields?: Json; entity: Json; documents?: Json[] }): Json;

  /** The form body without the token, and its variable count. */
  encodeCall(wsfunction: string, params: Json, budget?: number): EncodedCall;

  /** Decodes a Moodle answer. */
  decodeAnswer(reply: { status: number; body?: string; contentType?: string; transportError?: string; secrets?: string[] }): DecodedAnswer;

  /** Every Moodle web-service function a dry run may send (its reads), sorted: a read-only host refuses any other. */
  moodleReads(): string[];

  /** Consecutive batches whose requests stay within the variable budget. */
  planBatches(itemVariables: number[], options?: { budget?: number; maxItems?: number; otherVariables?: number }): Array<{ begin: number; end: number }>;

  /**
   * Runs the sans-IO sync engine: `perform(action)` carries out each action and resolves to its
   * result. Resolves to the run's report.
   */
  runEngine(input: EngineInput, perform: (action: EngineAction) => Promise<ActionResult> | ActionResult, options?: EngineOptions): Promise<SyncReport>;

  /**
   * Observe and plan: a dry run whose reads `perform` answers. Resolves to Moodle's answers
   * (`snapshot`, for the apply run) and the plan of the export against them.
   */
  observe(input: EngineInput, perform: (action: EngineAction) => Promise<ActionResult> | ActionResult, options?: EngineOptions): Promise<{ snapshot: ObservedSnapshot; plan: SyncPlan }>;

  /** A document set for a configuration's text; throws a CoreError when the configuration is not valid. */
  createDocumentSet(args: { text: string; file?: string; journal?: object[] }): DocumentSet;

  /** The JSON:API reads of a run (mode full, incremental, census or uuids), or of a completion run (`courseIds`: only those courses). */
  sourceQueries(args: { text: string; file?: string; mode: 'full' | 'incremental' | 'census' | 'uuids' | 'completion'; since?: string | number; journal?: Json[]; uuids?: Record<string, string[]>; courseIds?: Array<number | string> }): SourceQueries;

  /** What one Drupal answer means: fine, retry after a delay, or a classified error. */
  drupalAnswer(reply: DrupalReply): DrupalAnswer;

  /**
   * The completion receiver's gate, before the body is read: the secret (path or bearer, compared
   * in constant time) -> 401; GET -> the connection test; not POST -> 405; too long -> 413; another
   * content type -> 415; an empty body -> 400. `{accept: true}` lets the body be read.
   */
  completionRequest(request: CompletionRequest): CompletionGate;
  /** The Drupal course ids a push body names (null: the event form or a refused body; read every registration). */
  completionPushScope(args: { text: string; file?: string; payload: string; contentType?: string }): { course_ids: number[] | null };
  /** The answer to a push whose run failed: 503 (with Retry-After) when another run holds the lock, else 500. */
  completionFailure(args?: { busy?: boolean }): CompletionGate;
  /** Whether the receiver may start with this secret (32 characters or more, no whitespace at either end). */
  completionSecretCheck(args: { secretEnv: string; secret: string }): { usable: true } | { usable: false; problem: string };

  /**
   * A lease under `key` in a shared state store: take (none held), renew (held by `holder`),
   * take_over (expired), refuse (another holds it; `message` names it and its expiry). Unless
   * refused, write `record` back with compare-and-swap. `now` in unix seconds.
   */
  lease(args: { key: string; holder: string; held: LeaseRecord | null; now: number; ttlSeconds: number }): LeaseDecision;

  /**
   * What a /sync request asks: the reads for `source.read`, the time budget and whether it goes on
   * with a full run its budget stopped. A body that cannot be honoured throws a CoreError with
   * `status` 400 and the `body` to answer (`problem` names the JSON path).
   */
  syncRequest(args: { journal?: Json[]; body?: SyncRequestBody; defaultBudgetMs?: number }): SyncRequestPlan;

  /** The gate of POST /events and /sync, before the body is read (headers: any case). */
  eventGate(request: { method: string; headers: Record<string, string>; maxBytes?: number; now: number; maxAgeSeconds?: number }): EventGate;
  /** A verified body as events, or the 400 to answer (the problem starts with the JSON path). */
  eventParse(args: { text: string; file?: string; body: string; form?: 'ours' | 'webhooks'; eventHeader?: string }): EventParse;
  /** The reads of an events run: the events' entities (kind events), the journal's pending ones, and a gone check per delete. */
  eventReads(args: { text: string; file?: string; events: EntityEvent[]; journal?: Json[] }): EventReads;
  /** What to read again (entities not committed yet) and what to report missing; `attempt` is 1-based. */
  eventSettle(args: { text: string; file?: string; events: EntityEvent[]; found: Record<string, string[]>; attempt: number }): EventSettle;
  /** The answer of POST /events. */
  eventAnswer(args: { runId?: string | null; state: 'done' | 'queued' | 'running' | 'duplicate' | 'ignored'; accepted?: number; ignored?: Array<{ index: number; reason: string }>; report?: Json }): { status: 200 | 202; body: Record<string, Json> };
  /** Whether the events secret guards (32 characters or more, no whitespace at either end). */
  eventSecretCheck(args: { secretEnv: string; secret: string | undefined }): { usable: true } | { usable: false; problem: string };
  /** Who may ask GET /health (bearer token, constant-time compare). */
  healthRequest(args: { method: string; authorization?: string | null; token: string | undefined; tokenEnv?: string }): { accept: true } | RefusedRequest;
  /** The answer of GET /health from Moodle's site-info answer and Drupal's GET /jsonapi answer. */
  healthAnswer(args: { version?: string; moodle: HttpAnswer; drupal?: HttpAnswer | null }): HealthAnswer;

  /** The plan value (pure): the export against `input.snapshot`; an empty snapshot is the preview. */
  plan(input: EngineInput): SyncPlan;

  /** Removes the secrets (and any `wstoken=` value) from a text. */
  redact(text: string, secrets?: string[]): string;
}
