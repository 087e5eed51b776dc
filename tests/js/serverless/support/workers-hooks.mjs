// Module hooks that give a Node process the module rules of a Workers runtime: an import of a Node
// built-in is refused, and a .wasm import is a WebAssembly.Module (compiled here, as the platform
// compiles it at upload; the code under test never compiles bytes itself).
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';

const builtins = new Set(builtinModules);
export const COMPILE_KEY = 'moodle-sync.workers-runtime.compile';

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0]);
}

export async function resolve(specifier, context, nextResolve) {
  if (isBuiltin(specifier)) {
    throw new Error(`refused: import of the Node built-in "${specifier}" from ${context.parentURL ?? 'the entry point'} (a Workers runtime has none)`);
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.wasm')) return nextLoad(url, context);
  const base64 = (await readFile(new URL(url))).toString('base64');
  const source = `const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));\n`
    + `export default globalThis[Symbol.for(${JSON.stringify(COMPILE_KEY)})](bytes);\n`;
  return { format: 'module', source, shortCircuit: true };
}
