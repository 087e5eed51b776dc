// The published package holds what a user runs (the command, the JavaScript host and core, the
// simulators for the demo and the simulate commands, the bundled example) and nothing of the project's own tooling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function packedFiles() {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out)[0].files.map((f) => f.path);
}

test('the package holds the command, the host, the core, the simulators, the example, README and LICENSE', () => {
  const files = packedFiles();
  const must = ['cli/moodle-sync.mjs', 'js/core.mjs', 'js/core.d.ts', 'js/host/sync-run.mjs', 'js/source/file-export.mjs',
    'simulator/server.mjs', 'drupal-simulator/server.mjs', 'drupal-simulator/serve-command.mjs', 'examples/northfield/moodle-sync.json', 'README.md', 'LICENSE', 'package.json'];
  if (existsSync(`${ROOT}js/generated/moodle_sync_core.mjs`)) must.push('js/generated/moodle_sync_core.mjs', 'js/generated/moodle_sync_core.wasm');
  for (const f of must) assert.ok(files.includes(f), `${f} is not in the package`);
  assert.ok(files.some((f) => f.startsWith('examples/northfield/export/')), 'the example export is not in the package');
});

test('the package holds no tests, fixtures, benchmarks, recordings, sources of the core or build output', () => {
  const files = packedFiles();
  const shipped = files.filter((f) => /^(tests|bench|core|wasm|scripts|build)\//.test(f) || /\.test\.mjs$/.test(f)
    || /fixtures|recordings|transcripts/.test(f) || f === 'examples/generated-site.mjs');
  assert.deepEqual(shipped, []);
  const top = new Set(files.map((f) => f.split('/')[0]));
  assert.deepEqual([...top].sort(), ['LICENSE', 'README.md', 'cli', 'drupal-simulator', 'examples', 'js', 'package.json', 'simulator']);
});
