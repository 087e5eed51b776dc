// The core is built with WebAssembly's own exceptions: with Emscripten's JavaScript emulation
// every C++ call that may throw leaves the module through an `invoke_*` import, which made
// planning a large site several times slower. A C++ error caught inside the core still comes
// back as the core's JSON answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCore } from '../../../js/core.mjs';

const wasmPath = new URL('../../../js/generated/moodle_sync_core.wasm', import.meta.url);

test('the WebAssembly core imports no exception-emulation trampolines', () => {
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const trampolines = WebAssembly.Module.imports(module).map((i) => i.name).filter((name) => name.startsWith('invoke_'));
  assert.deepEqual(trampolines, []);
});

test('a C++ exception inside the core is caught there and answered as JSON', async () => {
  const core = await loadCore();
  // A params value that is not an object throws inside the core; the API answers an input error.
  const answer = core.call('encode_call', { wsfunction: 'core_course_get_courses', params: [] });
  assert.equal(answer.ok, false);
  assert.equal(answer.error.kind, 'input');
});
