// Node 20's fetch cannot read a file path: hand Emscripten the .wasm bytes when running in Node
// (unless the caller instantiates a module it already has).
if (typeof process === 'object' && process.versions && process.versions.node && !Module['wasmBinary'] && !Module['instantiateWasm']) {
  const fs = require('fs');
  const path = require('path');
  Module['wasmBinary'] = fs.readFileSync(path.join(__dirname, 'moodle_sync_core.wasm'));
}
