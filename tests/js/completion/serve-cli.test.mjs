// `moodle-sync serve` as a process: it refuses to start without a long secret (naming the variable,
// never the value), prints its URL with the secret left out, and answers the connection test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLine, runCli, startCli } from '../cli/cli-process.mjs';
import { SECRET, exportCopy } from './receiver-site.mjs';

const env = (secret) => ({ MOODLE_TOKEN: 'serve-test-token', ...(secret !== undefined ? { MOODLE_SYNC_COMPLETION_SECRET: secret } : {}) });

test('serve refuses to start without a secret, or with one shorter than 32 characters', async () => {
  const site = await exportCopy();
  const missing = await runCli(['serve', '-c', site.configFile, '--port', '0'], env());
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no completion secret: set the environment variable MOODLE_SYNC_COMPLETION_SECRET/);
  const short = 'a-secret-of-31-characters-xxxxx';
  assert.equal(short.length, 31);
  const tooShort = await runCli(['serve', '-c', site.configFile, '--port', '0'], env(short));
  assert.equal(tooShort.code, 2);
  assert.match(tooShort.stderr, /too short: set the environment variable MOODLE_SYNC_COMPLETION_SECRET .*at least 32 characters/);
  assert.ok(!`${tooShort.stdout}${tooShort.stderr}`.includes(short), 'the value is never printed');
});

test('serve prints its URL without the secret and answers the connection test; its log has no secret', async () => {
  const site = await exportCopy();
  const started = startCli(['serve', '-c', site.configFile, '--port', '0', '--host', '127.0.0.1'], env(SECRET));
  try {
    const line = await firstLine(started);
    const url = /serving (http:\/\/127\.0\.0\.1:\d+)\/completion\/<secret>/.exec(line)?.[1];
    assert.ok(url, line);
    const ok = await fetch(`${url}/completion/${SECRET}`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { status: 1, message: 'Connection successful' });
    const wrong = await fetch(`${url}/completion/${SECRET.replace(/.$/, '!')}`);
    assert.equal(wrong.status, 401);
    await wrong.text();
    await new Promise((resolve) => setTimeout(resolve, 100));  // the log line of the last request
  } finally {
    started.child.kill('SIGTERM');
  }
  const { stdout, stderr } = await started.exited;
  assert.match(stdout, /completion GET \/completion\/<secret> -> 200/);
  assert.match(stdout, /completion GET \/completion\/<secret> -> 401/);
  assert.ok(!`${stdout}${stderr}`.includes(SECRET.slice(0, 16)), 'no part of the secret is printed');
});
