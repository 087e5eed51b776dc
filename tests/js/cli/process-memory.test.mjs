// The memory settings a sync process starts with: the command's first line carries them, and run
// as a program it gets them (so `env -S` works here); a script that asks to be run with them is;
// with them, a run collects the last one's garbage before it reads its export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MALLOC_ENV, NODE_FLAGS, SHEBANG } from '../../../js/host/process-memory.mjs';
import { loadCore } from '../../../js/core.mjs';
import { prepareRun } from '../../../js/host/sync-run.mjs';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../cli/moodle-sync.mjs', import.meta.url));
const SETTINGS = fileURLToPath(new URL('../../../js/host/process-memory.mjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/northfield/moodle-sync.json', import.meta.url));

test('the moodle-sync command starts with the memory settings, and runs as a program', async () => {
  const first = (await readFile(CLI, 'utf8')).split('\n')[0];
  assert.equal(first, SHEBANG);
  assert.match(SHEBANG, /^#!\/usr\/bin\/env -S MALLOC_MMAP_THRESHOLD_=65536 MALLOC_TRIM_THRESHOLD_=131072 node --max-semi-space-size=2 --expose-gc$/);
  const { stdout } = await run(CLI, ['validate', '-c', EXAMPLE]);  // the kernel reads the first line
  assert.match(stdout, /valid/);
});

test('a script that asks to run with the settings is run again with them, with its arguments and exit code', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'msync-memory-'));
  const script = path.join(dir, 'probe.mjs');
  await writeFile(script, `import { rerunWithMemorySettings, runsWithMemorySettings } from ${JSON.stringify(SETTINGS)};
const code = await rerunWithMemorySettings(import.meta.url);
if (code !== null) { console.log('parent saw', code); process.exit(code); }
console.log(JSON.stringify({ settings: runsWithMemorySettings(), flags: process.execArgv, env: process.env.MALLOC_MMAP_THRESHOLD_, args: process.argv.slice(2), gc: typeof globalThis.gc }));
process.exit(3);
`);
  const r = await run(process.execPath, [script, 'a', 'b c']).catch((e) => e);
  assert.equal(r.code, 3);
  const [childLine, parentLine] = r.stdout.trim().split('\n');
  const child = JSON.parse(childLine);
  assert.equal(child.settings, true);
  assert.deepEqual(child.flags, [...NODE_FLAGS]);
  assert.equal(child.env, MALLOC_ENV.MALLOC_MMAP_THRESHOLD_);
  assert.deepEqual(child.args, ['a', 'b c']);
  assert.equal(child.gc, 'function', 'a run can collect the last run\'s garbage');
  assert.equal(parentLine, 'parent saw 3');
});

test('a run collects the garbage of the last one as it prepares, before its export is read', async () => {
  const core = await loadCore();
  const calls = [];
  const saved = globalThis.gc;
  globalThis.gc = () => calls.push('gc');
  try {
    const prepared = await prepareRun(core, EXAMPLE, { env: { MOODLE_TOKEN: 'not-a-real-token' } });
    assert.ok(prepared.source.files.length > 0);
  } finally {
    globalThis.gc = saved;
  }
  assert.deepEqual(calls, ['gc']);
});
