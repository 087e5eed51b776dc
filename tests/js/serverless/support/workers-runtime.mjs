// Loaded with `node --import` before the module under test: the process then looks like a Workers
// runtime. Node built-ins cannot be imported (workers-hooks.mjs), `process` is gone, and
// WebAssembly refuses to compile bytes at run time, as Workers does ("Wasm code generation
// disallowed by embedder"). Run with --disallow-code-generation-from-strings too.
// The test's input (JSON in WORKERS_RUNTIME_INPUT) is kept as globalThis.workersRuntimeInput.
import { register } from 'node:module';
import { COMPILE_KEY } from './workers-hooks.mjs';

register('./workers-hooks.mjs', import.meta.url);

globalThis.workersRuntimeInput = JSON.parse(process.env.WORKERS_RUNTIME_INPUT ?? 'null');

// Node's own fetch compiles its HTTP parser's WebAssembly on first use: let it, with a refused
// connection, before compiling is refused.
await fetch('http://127.0.0.1:9/').catch(() => {});

const RealModule = WebAssembly.Module;
const refused = () => new WebAssembly.CompileError('WebAssembly.Module(): Wasm code generation disallowed by embedder');
// Only .wasm imports (the hooks) compile: the platform's doing, before the code under test runs.
Object.defineProperty(globalThis, Symbol.for(COMPILE_KEY), { value: (bytes) => new RealModule(bytes) });

function Module() {
  throw refused();
}
Module.prototype = RealModule.prototype;
for (const name of ['customSections', 'exports', 'imports']) Module[name] = RealModule[name];
const realInstantiate = WebAssembly.instantiate;
WebAssembly.Module = Module;
WebAssembly.compile = async () => { throw refused(); };
WebAssembly.compileStreaming = async () => { throw refused(); };
WebAssembly.instantiateStreaming = async () => { throw refused(); };
WebAssembly.instantiate = (source, imports) => (source instanceof RealModule
  ? realInstantiate(source, imports)
  : Promise.reject(refused()));

// (`Buffer` and `global` stay: Node's own fetch, Request and Response use them at run time.)
delete globalThis.process;
