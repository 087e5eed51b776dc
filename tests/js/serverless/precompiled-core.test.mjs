// loadCore({wasmModule}): the core from a WebAssembly.Module the platform compiled, instantiated
// through Emscripten's instantiateWasm hook; WebAssembly is never asked to compile bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CoreError, loadCore } from '../../../js/core.mjs';

const WASM = new URL('../../../js/generated/moodle_sync_core.wasm', import.meta.url);

// Counts the compilations from bytes made while `body` runs.
async function countingCompiles(body) {
  const real = { compile: WebAssembly.compile, instantiate: WebAssembly.instantiate, Module: WebAssembly.Module };
  let compiles = 0;
  WebAssembly.compile = (...args) => { compiles += 1; return real.compile(...args); };
  WebAssembly.instantiate = (source, ...rest) => {
    if (!(source instanceof real.Module)) compiles += 1;
    return real.instantiate(source, ...rest);
  };
  try {
    await body();
  } finally {
    Object.assign(WebAssembly, { compile: real.compile, instantiate: real.instantiate });
  }
  return compiles;
}

test('a precompiled module gives a working core without compiling anything', async () => {
  const wasmModule = new WebAssembly.Module(readFileSync(WASM));
  let core;
  const compiles = await countingCompiles(async () => { core = await loadCore({ wasmModule }); });
  assert.equal(compiles, 0);
  assert.equal(core.version, (await loadCore()).version);
  assert.deepEqual(core.planBatches([8, 8], { budget: 20, maxItems: 1 }), [{ begin: 0, end: 1 }, { begin: 1, end: 2 }]);
  assert.equal(await loadCore({ wasmModule }).then((c) => c.version), core.version, 'a second load shares the instance');
});

test('a module that is not the core is refused with a CoreError, not a wait forever', async () => {
  const empty = new WebAssembly.Module(Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00));
  await assert.rejects(loadCore({ wasmModule: empty }), (e) => e instanceof CoreError && /not this core's/.test(e.message));
  await assert.rejects(loadCore({ wasmModule: new Uint8Array(8) }), (e) => e instanceof CoreError && /not a WebAssembly.Module/.test(e.message));
});
