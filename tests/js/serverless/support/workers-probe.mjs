// Run in the Workers-like process: reports what the code under test would find there.
const outcome = async (fn) => {
  try {
    await fn();
    return 'allowed';
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
};
const wasmHeader = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
console.log(JSON.stringify({
  process: typeof process,
  importFs: await outcome(() => import('node:fs')),
  importBarePath: await outcome(() => import('path')),
  newFunction: await outcome(() => new Function('return 1')),
  compile: await outcome(() => WebAssembly.compile(wasmHeader)),
  instantiateBytes: await outcome(() => WebAssembly.instantiate(wasmHeader)),
  newModule: await outcome(() => new WebAssembly.Module(wasmHeader)),
}));
