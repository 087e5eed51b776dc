// `--state FILE`: the site and its tokens survive a restart; the file is replaced atomically;
// `moodle-sync simulate` prints one JSON line and stops cleanly on SIGTERM.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../../../simulator/server.mjs';
import { TEST_NOW, testClock } from '../test-clock.mjs';
import { post } from './rest-post.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

const call = async (sim, body, token) => (await post(sim, body, token)).json();

test('state and tokens survive a restart; read calls do not rewrite the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-state-'));
  const file = join(dir, 'site.json');
  const first = await startSimulator({ clock: testClock, stateFile: file });
  const tokens = first.tokens;
  const [category] = await call(first, 'wsfunction=core_course_create_categories&categories[0][name]=Kept&categories[0][idnumber]=kept');
  const [course] = await call(first, `wsfunction=core_course_create_courses&courses[0][fullname]=Kept%20course&courses[0][shortname]=kept&courses[0][categoryid]=${category.id}`);
  const afterWrite = readFileSync(file, 'utf8');
  await call(first, 'wsfunction=core_course_get_courses_by_field&field=shortname&value=kept');
  assert.equal(readFileSync(file, 'utf8'), afterWrite, 'a read call leaves the file alone');
  await first.close();

  const second = await startSimulator({ clock: testClock, stateFile: file });
  try {
    assert.deepEqual(second.tokens, tokens);
    const { courses } = await call(second, `wsfunction=core_course_get_courses_by_field&field=id&value=${course.id}`);
    assert.equal(courses[0].shortname, 'kept');
    assert.equal(courses[0].categoryid, category.id);
    // Sequences continue: the next course gets a new id, not a reused one.
    const [next] = await call(second, 'wsfunction=core_course_create_courses&courses[0][fullname]=N&courses[0][shortname]=n&courses[0][categoryid]=1');
    assert.ok(next.id > course.id);
  } finally {
    await second.close();
  }
  assert.deepEqual(readdirSync(dir), ['site.json'], 'no temporary file is left behind');
});

test('a new state file is written on start (with the tokens) before any call', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-state-'));
  const file = join(dir, 'fresh.json');
  const sim = await startSimulator({ clock: testClock, stateFile: file });
  try {
    assert.ok(existsSync(file));
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(saved.tokens, sim.tokens);
    assert.ok(saved.tables.courses.some((c) => c.id === 1 && c.format === 'site'));
  } finally {
    await sim.close();
  }
});

test('runSimulateCommand prints one JSON line, serves, and saves the state on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-cmd-'));
  const file = join(dir, 'state.json');
  const script = `import { runSimulateCommand } from ${JSON.stringify(join(ROOT, 'simulator/serve-command.mjs'))};
await runSimulateCommand({ port: 0, state: ${JSON.stringify(file)}, maxInputVars: 5000, clock: () => ${TEST_NOW} });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const firstLine = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
  const info = JSON.parse(firstLine);
  assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(Object.keys(info.tokens), ['admin', 'nocap', 'otherservice']);
  assert.ok(Object.values(info.tokens).every((t) => /^[0-9a-f]{32}$/.test(t)));
  const [created] = await call({ url: info.url, tokens: info.tokens }, 'wsfunction=core_course_create_categories&categories[0][name]=ViaCli');
  assert.ok(created.id > 1);
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGTERM');
  assert.deepEqual(await exit, { code: 0, signal: null });
  assert.equal(out.trim().split('\n').length, 1, 'exactly one stdout line');
  assert.ok(JSON.parse(readFileSync(file, 'utf8')).tables.categories.some((c) => c.name === 'ViaCli'));
});
