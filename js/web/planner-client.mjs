// The page's planner: every request to the core and every read of Moodle or Drupal goes through
// it. By default the work runs in a module Web Worker (planner-worker.mjs), so that the page stays
// responsive while a large export is planned; `worker: false` runs the same pipeline in this thread.
// The token and the Drupal credentials travel only in messages to the worker, never in a URL.

export class Planner {
  #send;
  #close;

  constructor(send, close) {
    this.#send = send;
    this.#close = close;
  }

  /** Starts the planner once its core has loaded. */
  static async start({ worker = true } = {}) {
    return worker ? startWorker() : startInThread();
  }

  /** `{ok: true, settings}` or `{ok: false, issues: [{path, message}]}`. */
  async validate(configText, configName = 'moodle-sync.json') {
    return this.#send('validate', { configText, configName });
  }

  /**
   * A dry run: `{ok: true, plan, digest, planJson}` or `{ok: false, error: {class, message, issues?}}`.
   * `onProgress({stage, done, total?, message})` hears how it goes.
   */
  async plan({ configText, configName = 'moodle-sync.json', files = null, drupal = null, moodle = null }, onProgress = () => {}) {
    return this.#send('plan', { configText, configName, files, drupal, moodle }, onProgress);
  }

  close() {
    this.#close();
  }
}

async function startWorker() {
  const worker = new Worker(new URL('./planner-worker.mjs', import.meta.url), { type: 'module' });
  const pending = new Map();
  let nextId = 1;
  await new Promise((resolve, reject) => {
    const first = (event) => {
      if (event.data?.type !== 'ready' && event.data?.type !== 'failed') return;
      worker.removeEventListener('message', first);
      if (event.data.type === 'ready') resolve();
      else reject(new Error(event.data.message));
    };
    worker.addEventListener('message', first);
    worker.addEventListener('error', (event) => reject(new Error(`the planner did not start: ${event.message ?? 'worker error'}`)), { once: true });
  });
  // A worker that fails (an uncaught error, a message that cannot be read) answers nothing more:
  // every request still waiting gets an error instead of leaving the page "running" for ever.
  const failAll = (message) => {
    for (const request of pending.values()) request.resolve({ ok: false, error: { class: 'input', message } });
    pending.clear();
  };
  worker.addEventListener('error', (event) => failAll(`the planner stopped (${event.message ?? 'worker error'}); reload the page to start it again`));
  worker.addEventListener('messageerror', () => failAll('the planner\'s answer could not be read'));
  worker.addEventListener('message', (event) => {
    const { id, type } = event.data ?? {};
    const request = pending.get(id);
    if (!request) return;
    if (type === 'progress') request.onProgress(event.data.progress);
    if (type === 'result') {
      pending.delete(id);
      const { result } = event.data;
      if (typeof result?.planJson === 'string') result.plan = JSON.parse(result.planJson);
      request.resolve(result);
    }
  });
  const send = (op, input, onProgress = () => {}) => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, { resolve, onProgress });
    worker.postMessage({ id, op, input });
  });
  const close = () => {
    worker.terminate();
    for (const request of pending.values()) request.resolve({ ok: false, error: { class: 'input', message: 'the planner was closed' } });
    pending.clear();
  };
  return new Planner(send, close);
}

async function startInThread() {
  const [{ loadCore }, { plan, validateConfig }] = await Promise.all([import('../core.mjs'), import('./plan-pipeline.mjs')]);
  const core = await loadCore();
  const send = async (op, input, onProgress) => (op === 'validate'
    ? validateConfig(core, input.configText, input.configName)
    : plan(core, { ...input, onProgress }));
  return new Planner(send, () => {});
}
