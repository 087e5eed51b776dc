// Odd input and odd servers: a clear message or a per-entity error, never a crash, and the token
// never leaves through a redirect or the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../../../simulator/server.mjs';
import { testClock } from '../test-clock.mjs';

const CLI = fileURLToPath(new URL('../../../cli/moodle-sync.mjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/northfield/', import.meta.url));

function run(args, env) {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, MOODLE_TOKEN: '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, out: stdout + stderr });
    });
  });
}

async function copyExample(moodleUrl, edit = async () => {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-odd-'));
  await cp(EXAMPLE, dir, { recursive: true });
  const file = path.join(dir, 'moodle-sync.json');
  const config = JSON.parse(await readFile(file, 'utf8'));
  config.moodle.url = moodleUrl;
  await writeFile(file, JSON.stringify(config));
  await edit(dir);
  return file;
}

async function listen(handler) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

test('a redirecting Moodle URL is reported, and the token is not carried to the other host', async () => {
  const elsewhere = [];
  const evil = await listen((req, res) => { elsewhere.push(req.url); res.end('{}'); });
  const moodle = await listen((req, res) => { res.writeHead(307, { Location: `${evil.url}/collect` }); res.end(); });
  try {
    const config = await copyExample(moodle.url);
    const r = await run(['check', '-c', config], { MOODLE_TOKEN: 'feedface0123456789abcdef01234567' });
    assert.equal(r.code, 2);
    assert.match(r.out, /moodle\.url redirects to http:\/\/127\.0\.0\.1:\d+\/collect/);
    assert.deepEqual(elsewhere, []);
    assert.ok(!r.out.includes('feedface0123456789abcdef01234567'));
  } finally {
    await evil.close();
    await moodle.close();
  }
});

test('a token that found its way into the data is redacted in the report', async () => {
  const sim = await startSimulator({ clock: testClock });
  try {
    const token = sim.tokens.admin;
    const config = await copyExample(sim.url, async (dir) => {
      const file = path.join(dir, 'export', 'courses.json');
      const doc = JSON.parse(await readFile(file, 'utf8'));
      doc.data[0].attributes.title = `Course ${token}`;
      await writeFile(file, JSON.stringify(doc));
    });
    for (const args of [['plan', '-c', config], ['plan', '-c', config, '--verbose'], ['plan', '-c', config, '--json']]) {
      const r = await run(args, { MOODLE_TOKEN: token });
      assert.ok(!r.out.includes(token), args.join(' '));
      if (args.length > 3) assert.match(r.out, /Course \[redacted\]/);  // the short report shows no field of a creation
    }
  } finally {
    await sim.close();
  }
});

test('a malformed reference is an error of its entity; the rest syncs', async () => {
  const sim = await startSimulator({ clock: testClock });
  try {
    const config = await copyExample(sim.url, async (dir) => {
      const file = path.join(dir, 'export', 'users.json');
      const doc = JSON.parse(await readFile(file, 'utf8'));
      doc.data[0].relationships.field_groups = { data: [{ type: 5, id: 'x' }] };
      doc.data[1].relationships.field_groups = { data: 'nonsense' };
      await writeFile(file, JSON.stringify(doc));
    });
    const r = await run(['sync', '-c', config, '--json'], { MOODLE_TOKEN: sim.tokens.admin });
    assert.ok(r.code === 0 || r.code === 1, r.out);
    const report = JSON.parse(r.out);
    assert.equal(report.summary.created, 24);
    assert.equal(report.fatal, undefined);
  } finally {
    await sim.close();
  }
});
