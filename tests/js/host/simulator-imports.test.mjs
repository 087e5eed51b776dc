// The simulators (Moodle's and Drupal's) are tools, not the product: of the files a user runs, only
// the demos (the demo commands, the bundled example of `serve` without a configuration) and the
// `simulate` / `simulate-drupal` commands may load them, and only when they are asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SIMULATOR = path.join(ROOT, 'simulator') + path.sep;
const DRUPAL_SIMULATOR = path.join(ROOT, 'drupal-simulator') + path.sep;
const SIMULATORS = [SIMULATOR, DRUPAL_SIMULATOR];
const DEMO = path.join(ROOT, 'js/host/demo.mjs');
// `demo`, `demo --live` and the admin page's bundled example (`serve` without -c)
const DEMOS = [DEMO, path.join(ROOT, 'js/host/demo-live.mjs'), path.join(ROOT, 'js/host/admin-example.mjs')];

function sourcesUnder(dir) {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.m?js$/.test(d.name) && !d.parentPath.includes(`${path.sep}generated`))
    .map((d) => path.join(d.parentPath, d.name));
}

/** Every relative import of a file: `{target, dynamic}`, the target resolved to an absolute path. */
export function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const found = [];
  const patterns = [[/\b(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g, false], [/\bimport\s*['"]([^'"]+)['"]/g, false],
    [/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, true]];
  for (const [re, dynamic] of patterns) {
    for (const m of text.matchAll(re)) {
      if (m[1].startsWith('.')) found.push({ target: path.resolve(path.dirname(file), m[1]), dynamic });
    }
  }
  return found;
}

const hostFiles = [...sourcesUnder('js'), ...sourcesUnder('cli')];

test('the import scan sees static and dynamic imports', () => {
  const demo = importsOf(DEMO).map((i) => i.target);
  assert.ok(demo.includes(path.join(SIMULATOR, 'server.mjs')));
  const cli = importsOf(path.join(ROOT, 'cli/moodle-sync.mjs'));
  assert.ok(cli.some((i) => i.dynamic && i.target === path.join(SIMULATOR, 'serve-command.mjs')));
  assert.ok(cli.some((i) => i.dynamic && i.target === path.join(DRUPAL_SIMULATOR, 'serve-command.mjs')));
});

test('no file of js/ or cli/ but the demo and the simulate commands imports a simulator', () => {
  const offenders = [];
  for (const file of hostFiles) {
    for (const { target, dynamic } of importsOf(file)) {
      if (!SIMULATORS.some((dir) => target.startsWith(dir))) continue;
      const allowed = DEMOS.includes(file) || (file === path.join(ROOT, 'cli/moodle-sync.mjs') && dynamic);
      if (!allowed) offenders.push(`${path.relative(ROOT, file)} imports ${path.relative(ROOT, target)}${dynamic ? '' : ' (statically)'}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the demos are loaded only when asked for: nothing but a demo imports one statically', () => {
  const offenders = hostFiles.filter((file) => !DEMOS.includes(file) && importsOf(file).some((i) => DEMOS.includes(i.target) && !i.dynamic));
  assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
});
