// Runs every decision vector of tests/vectors/ against the WebAssembly build: the same files the
// native GoogleTest suite runs, so both builds are held to the same answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../../../js/core.mjs';

const dir = fileURLToPath(new URL('../../vectors/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const core = await loadCore();
let total = 0;

for (const file of files) {
  const doc = JSON.parse(readFileSync(dir + file, 'utf8'));
  for (const c of doc.cases) {
    total += 1;
    test(`${file} / ${c.name}`, () => {
      assert.deepStrictEqual(core.call(c.operation ?? doc.operation, c.input), c.expect);
    });
  }
}

test('at least eighty decision vectors exist', () => {
  assert.ok(total >= 80, `only ${total} vectors`);
});
