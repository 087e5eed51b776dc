// The planner in a module Web Worker: loads the WebAssembly core once and answers the page's
// requests ({id, op: 'validate' | 'plan', input}) with progress messages and one result each.
// The page's thread never touches the core or the network (planner-client.mjs is its side).
import { loadCore } from '../core.mjs';
import { plan, validateConfig } from './plan-pipeline.mjs';

const corePromise = loadCore();

corePromise.then(
  () => globalThis.postMessage({ type: 'ready' }),
  (e) => globalThis.postMessage({ type: 'failed', message: `the core did not load: ${e.message}` }),
);

globalThis.addEventListener('message', async (event) => {
  const { id, op, input } = event.data ?? {};
  const core = await corePromise;
  let result;
  try {
    if (op === 'validate') result = validateConfig(core, input.configText, input.configName);
    else if (op === 'plan') result = await plan(core, { ...input, onProgress: (progress) => globalThis.postMessage({ id, type: 'progress', progress }) });
    else result = { ok: false, error: { class: 'input', message: `unknown request ${op}` } };
  } catch (e) {
    result = { ok: false, error: { class: 'input', message: `the planner failed: ${e.message}` } };
  }
  // The plan travels as its JSON text only: a string is handed over at once, where cloning 25,000
  // entity objects took seconds; the page parses the very bytes it offers for download.
  const { plan: _plan, ...handed } = result;
  globalThis.postMessage({ id, type: 'result', result: handed });
});
