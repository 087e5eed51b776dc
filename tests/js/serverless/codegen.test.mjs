// Workers-style runtimes forbid generating code from strings (eval, new Function). Embind builds
// its function invokers with `new Function` unless the module is linked with -sDYNAMIC_EXECUTION=0:
// the glue must hold no such call, and the core must load and answer with code generation disabled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const GLUE = new URL('../../../js/generated/moodle_sync_core.mjs', import.meta.url);
const CORE = new URL('../../../js/core.mjs', import.meta.url).href;

test('the generated glue holds no code generation from strings', () => {
  const glue = readFileSync(GLUE, 'utf8');
  assert.ok(glue.includes('createMoodleSyncCore'), 'the scan reads the real glue');
  // (The message only: the glue is one long line.)
  assert.ok(!/new Function\s*\(/.test(glue), 'no new Function (Embind without -sDYNAMIC_EXECUTION=0 has one)');
  assert.ok(!/[^.\w]eval\s*\(/.test(glue), 'no eval');
});

test('the core loads and answers under --disallow-code-generation-from-strings', async () => {
  const script = `
    let refused = 'no';
    try { new Function('return 1'); } catch (e) { refused = e.name; }
    const { loadCore } = await import(${JSON.stringify(CORE)});
    const core = await loadCore();
    const batches = core.planBatches([8, 8, 8], { budget: 20, maxItems: 2 });
    const answer = core.decodeAnswer({ status: 200, body: '[{"id":7,"shortname":"K-1"}]' });
    console.log(JSON.stringify({ refused, version: core.version, batches, answer }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath,
    ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script]);
  const out = JSON.parse(stdout);
  assert.equal(out.refused, 'EvalError', 'the flag is in force in the child');
  assert.match(out.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(out.batches, [{ begin: 0, end: 2 }, { begin: 2, end: 3 }]);
  assert.deepEqual(out.answer.value, [{ id: 7, shortname: 'K-1' }]);
});
