// Workers-style entry point (Cloudflare Workers and other `export default { fetch }` runtimes).
// The platform compiles the .wasm at upload and hands it over as a WebAssembly.Module: nothing
// here reads a file, compiles WebAssembly from bytes or generates code from strings. `env` holds
// the configuration (MOODLE_SYNC_CONFIG) and the secrets.
import wasmModule from '../generated/moodle_sync_core.wasm';
import { loadCore } from '../core.mjs';
import { createHandler } from './handler.mjs';

const handler = createHandler({ loadCore: () => loadCore({ wasmModule }) });

export default {
  fetch(request, env, ctx) {
    return handler.handle(request, env, ctx);
  },
};
