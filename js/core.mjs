// The moodle-sync core (C++ compiled to WebAssembly) as a plain JavaScript API. The same file
// loads in Node 20 and in a browser module script. Plain objects and strings go in and come out;
// failures are thrown as Errors carrying the core's message; there is no handle to free.
import createMoodleSyncCore from './generated/moodle_sync_core.mjs';

/** A failure reported by the core: `kind` is config, entity, budget or input. */
export class CoreError extends Error {
  constructor(error) {
    super(error.message);
    this.name = 'CoreError';
    this.kind = error.kind;
    if (error.issues) this.issues = error.issues;
  }
}

let modulePromise;

// A C++ exception that escapes reaches JavaScript as a bare number: never let one out as such.
function guarded(fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error) throw e;
    throw new CoreError({ kind: 'engine', message: `the core failed unexpectedly (${String(e)})` });
  }
}

/** Loads the WebAssembly module once; later calls share it. */
export async function loadCore() {
  modulePromise ??= createMoodleSyncCore();
  const module = await modulePromise;
  return new MoodleSyncCore(module);
}

export class MoodleSyncCore {
  #module;

  constructor(module) {
    this.#module = module;
  }

  get version() {
    return this.#module.version();
  }

  /** The raw JSON API: `{ok, value | error}` exactly as the core answers (used by the vectors). */
  call(operation, input) {
    return JSON.parse(guarded(() => this.#module.callApi(operation, JSON.stringify(input))));
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

  /** Consecutive batches `{begin, end}` whose requests stay within the variable budget. */
  planBatches(itemVariables, { budget = 5000, maxItems = 0, otherVariables = 3 } = {}) {
    return this.#value('plan_batches', {
      items: itemVariables, budget, max_items: maxItems, other_variables: otherVariables,
    });
  }

  /**
   * Runs the sans-IO sync engine: `perform(action)` carries out each action (a Moodle call, a
   * write-back, a journal record) and resolves to its result. Resolves to the run's report.
   * `input.snapshot` (from observe) answers the reads already made. The engine's WebAssembly
   * object lives only inside this call.
   */
  async runEngine(input, perform) {
    return this.#drive(input, perform, (engine) => JSON.parse(guarded(() => engine.report())));
  }

  /**
   * Observe: a dry run whose reads `perform` answers from Moodle. Resolves to `{snapshot, plan}`:
   * Moodle's answers keyed by read (for the apply run), and the plan, the very value that `plan`
   * gives for that snapshot (`input.allow_removals` is the removal guard's flag).
   */
  async observe(input, perform) {
    return this.#drive({ ...input, dry_run: true }, perform, (engine) => ({
      snapshot: JSON.parse(guarded(() => engine.snapshot())),
      plan: JSON.parse(guarded(() => engine.plan(input.allow_removals ?? false))),
    }));
  }

  /** The plan value (pure): the export against the snapshot; `{}` as snapshot is the preview. */
  plan(input) {
    return this.#value('plan', input);
  }

  async #drive(input, perform, outcome) {
    const engine = guarded(() => new this.#module.Engine(JSON.stringify(input)));
    try {
      const error = guarded(() => engine.error());
      if (error) throw new CoreError(JSON.parse(error));
      for (;;) {
        const action = JSON.parse(guarded(() => engine.next()));
        if (action.kind === 'done') break;
        if (action.kind === 'error') throw new CoreError({ kind: 'engine', message: action.message });
        const result = await perform(action);
        guarded(() => engine.feed(JSON.stringify(result)));
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
