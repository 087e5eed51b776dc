// A configuration no parser should trust: a byte that is not UTF-8, nesting thousands of levels
// deep. Every command that reads it refuses it, naming the file and where in it, with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './cli-process.mjs';

const EXAMPLE = fileURLToPath(new URL('../../../examples/northfield/moodle-sync.json', import.meta.url));

async function configFile(bytes) {
  const dir = await mkdtemp(path.join(tmpdir(), 'msync-bad-'));
  const file = path.join(dir, 'moodle-sync.json');
  await writeFile(file, bytes);
  return file;
}

test('a byte that is not UTF-8 in the configuration is refused at its offset by validate, sync and serve', async () => {
  const text = await readFile(EXAMPLE);
  const at = text.indexOf('learn.northfield');
  const bytes = Buffer.from(text);
  bytes[at] = 0xe9;  // a Latin-1 "é", as an editor in the wrong encoding saves it
  const file = await configFile(bytes);
  const expected = `${file}: $: not valid UTF-8 at byte offset ${at}: the byte 0xE9 does not begin a UTF-8 character`;
  for (const args of [['validate'], ['sync'], ['serve', '--port', '0']]) {
    const r = await runCli([...args, '-c', file], { MOODLE_TOKEN: 'x' });
    assert.equal(r.code, 2, `${args[0]}: ${r.stdout}${r.stderr}`);
    assert.ok(r.stderr.includes(expected), `${args[0]}: ${r.stderr}`);
    assert.doesNotMatch(r.stdout, /valid/);
  }
});

test('a configuration nested 100,000 levels deep is refused naming its JSON path, without a crash', async () => {
  const depth = 100000;
  const file = await configFile(`{"components": {"courses": {"mapping": {"summary": ${'['.repeat(depth)}${']'.repeat(depth)}}}}}`);
  const r = await runCli(['validate', '-c', file]);
  assert.equal(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(`${file}: $.components.courses.mapping.summary[0][0][0][0]...[0]: nested deeper than 64 levels`), r.stderr);
  assert.doesNotMatch(r.stderr, /Maximum call stack|RangeError|Aborted/);
});
