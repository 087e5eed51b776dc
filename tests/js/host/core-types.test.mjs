// js/core.d.ts declares every export of js/core.mjs, and every public method of its core class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const source = readFileSync(new URL('../../../js/core.mjs', import.meta.url), 'utf8');
const types = readFileSync(new URL('../../../js/core.d.ts', import.meta.url), 'utf8');

const exportsOf = (text, re) => new Set([...text.matchAll(re)].map((m) => m[1]));

/** The public members of `class Name {...}` in a file: methods and getters, not `#private` ones. */
function membersOf(text, className) {
  const start = text.indexOf(`class ${className}`);
  assert.ok(start >= 0, `class ${className} not found`);
  const body = text.slice(start, text.indexOf('\n}', start));
  return new Set([...body.matchAll(/^ {2}(?:async |get |readonly )?([A-Za-z_]\w*)\s*[(<:]/gm)].map((m) => m[1]));
}

test('every export of core.mjs is declared in core.d.ts', () => {
  const exported = exportsOf(source, /^export\s+(?:async\s+)?(?:function|class|const|let)\s+(\w+)/gm);
  const declared = exportsOf(types, /^export\s+(?:declare\s+)?(?:function|class|const|let|interface|type)\s+(\w+)/gm);
  assert.ok(exported.size >= 3, 'the scan found the exports of core.mjs');
  assert.deepEqual([...exported].filter((name) => !declared.has(name)), []);
});

test('every public member of MoodleSyncCore, CoreError and DocumentSet is declared', () => {
  for (const cls of ['MoodleSyncCore', 'CoreError', 'DocumentSet']) {
    const declared = membersOf(types, cls);
    const missing = [...membersOf(source, cls)].filter((m) => !declared.has(m));
    assert.deepEqual(missing, [], `${cls}: undeclared members`);
  }
});
