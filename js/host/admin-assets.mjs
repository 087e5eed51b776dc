// The admin page's files for a Node host: read from js/, and the list of the modules the page
// imports (followed from every module under js/web/), so that /admin/ serves those and no other
// file of js/.
import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const JS_DIR = fileURLToPath(new URL('..', import.meta.url));

// import ... from '...', export ... from '...', import '...', import('...'), new URL('...', import.meta.url)
const SPECIFIERS = /\b(?:from\s*|import\s*\(?\s*|new URL\(\s*)(['"])([^'"\n]+)\1/g;

function modulesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return modulesUnder(full);
    return entry.name.endsWith('.mjs') ? [full] : [];
  });
}

/**
 * Every module the page's modules import, directly or not: `{modules: Set of paths relative to
 * jsDir, bare: [{from, specifier}]}` (`bare`: imports that are not a relative path, e.g. `node:fs`).
 */
export function pageImports(jsDir = JS_DIR) {
  const modules = new Set();
  const bare = [];
  const queue = modulesUnder(path.join(jsDir, 'web'));
  while (queue.length) {
    const file = queue.pop();
    const rel = path.relative(jsDir, file).split(path.sep).join('/');
    if (modules.has(rel)) continue;
    modules.add(rel);
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [, , specifier] of text.matchAll(SPECIFIERS)) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) bare.push({ from: rel, specifier });
      else if (specifier.endsWith('.mjs')) queue.push(path.resolve(path.dirname(file), specifier));
    }
  }
  return { modules, bare };
}

/** `{readAsset(relPath) -> bytes | null, isPageModule(relPath)}` for the admin routes. */
export function adminAssets(jsDir = JS_DIR) {
  let modules;
  try {
    ({ modules } = pageImports(jsDir));
  } catch {
    modules = new Set();  // no js/web/ in this installation: only the folders are served
  }
  return {
    readAsset: async (relPath) => readFile(path.join(jsDir, relPath)).catch(() => null),
    isPageModule: (relPath) => modules.has(relPath),
  };
}
