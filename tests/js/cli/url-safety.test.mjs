// A configured URL as the command shows it: a password in its userinfo is refused without ever
// being printed (every command that reads the configuration), and a plain http:// Moodle that is
// not this machine is accepted with a warning (validate, check, sync).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process.mjs';
import { core, makeSite } from '../sync/harness.mjs';
import { prepareRun, runSync } from '../../../js/host/sync-run.mjs';
import { checkSetup } from '../../../js/host/check.mjs';
import { EXAMPLE } from '../sync/harness.mjs';

const PASSWORD = 'Pa55-w0rd-5ecret';

async function configWith(patch) {
  const config = JSON.parse(await readFile(path.join(EXAMPLE, 'moodle-sync.json'), 'utf8'));
  config.source.path = path.join(EXAMPLE, 'export');
  patch(config);
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-url-'));
  const file = path.join(dir, 'moodle-sync.json');
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

test('a password in the userinfo of moodle.url is refused by every command, naming the key, never printing the password', async () => {
  const file = await configWith((c) => { c.moodle.url = `https://syncbot:${PASSWORD}@moodle.example.edu/`; });
  const env = { MOODLE_TOKEN: 'a'.repeat(32), MOODLE_SYNC_COMPLETION_SECRET: 'b'.repeat(40) };
  const commands = [['validate'], ['check'], ['plan'], ['plan', '--json'], ['sync'], ['sync', '--json'], ['preview'],
    ['completion', 'pull'], ['serve', '--port', '0']];
  for (const args of commands) {
    const r = await runCli([...args, '-c', file], env);
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 2, `${args.join(' ')}: ${out}`);
    assert.ok(!out.includes(PASSWORD), `${args.join(' ')} printed the password: ${out}`);
    assert.ok(!out.includes('syncbot'), `${args.join(' ')} printed the user name: ${out}`);
    assert.match(out, /\$\.moodle\.url: a user name or password in the URL is refused \("https:\/\/\*\*\*@moodle\.example\.edu\/"\)/, args.join(' '));
  }
});

test('a password in a live source URL or a site URL is refused alike, and a URL that is not one is not echoed with its password', async () => {
  const file = await configWith((c) => {
    c.source = { type: 'jsonapi', url: `https://drupal:${PASSWORD}@learn.example.edu` };
    c.site.urls = [`https://admin:${PASSWORD}@learn.example.edu`];
    c.moodle.url = `ftp://ops:${PASSWORD}@moodle.example.edu`;
  });
  const r = await runCli(['validate', '-c', file]);
  const out = r.stdout + r.stderr;
  assert.equal(r.code, 2, out);
  assert.ok(!out.includes(PASSWORD), out);
  assert.match(out, /\$\.source\.url: a user name or password/);
  assert.match(out, /\$\.site\.urls\[0\]: a user name or password/);
  assert.match(out, /\$\.moodle\.url: a user name or password in the URL is refused \("ftp:\/\/\*\*\*@moodle\.example\.edu"\)/);
});

test('the core refuses it for every host (the admin page, serve, the function) with the same redacted message', () => {
  let error;
  try {
    core.loadConfig(JSON.stringify({ site: { urls: ['https://learn.example.edu'] }, source: { path: 'x' }, moodle: { url: `https://u:${PASSWORD}@m.example.edu` }, components: {} }), 'c.json');
  } catch (e) {
    error = e;
  }
  assert.ok(error, 'refused');
  assert.ok(!JSON.stringify({ message: error.message, issues: error.issues }).includes(PASSWORD));
  assert.match(error.message, /c\.json: \$\.moodle\.url: a user name or password in the URL is refused/);
});

test('validate warns about a plain http:// Moodle that is not this machine, and not about loopback', async () => {
  const remote = await runCli(['validate', '-c', await configWith((c) => { c.moodle.url = 'http://moodle.school.example'; })]);
  assert.equal(remote.code, 0, remote.stderr);
  assert.match(remote.stdout, /: valid/);
  assert.match(remote.stderr, /warning: \$\.moodle\.url: plain http:\/\/ to moodle\.school\.example, which is not this machine: the token and every answer cross the network in clear text; use https:\/\//);
  for (const url of ['http://127.0.0.1:8080/moodle', 'http://localhost', 'http://[::1]:9000', 'https://moodle.school.example']) {
    const r = await runCli(['validate', '-c', await configWith((c) => { c.moodle.url = url; })]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /warning/, url);
  }
});

test('check and sync show the same warning for a plain http:// Moodle that is not this machine', async () => {
  const site = await makeSite();
  try {
    const config = JSON.parse(await readFile(site.configFile, 'utf8'));
    const simUrl = config.moodle.url;
    config.moodle.url = 'http://moodle.school.example';
    await writeFile(site.configFile, JSON.stringify(config));
    // The site answers under its public name: the requests are carried to the simulator.
    const fetchImpl = (url, init) => fetch(String(url).replace('http://moodle.school.example', simUrl), init);
    const prepared = await prepareRun(core, site.configFile, { env: site.env, fetchImpl });
    const { warnings } = await checkSetup(core, prepared);
    assert.deepEqual(warnings, ['$.moodle.url: plain http:// to moodle.school.example, which is not this machine: the token and every answer cross the network in clear text; use https://']);
    const report = await runSync(core, prepared, {});
    assert.equal(report.exit_code, 0);
    assert.ok(report.notes.includes(`warning: ${warnings[0]}`), JSON.stringify(report.notes));
  } finally {
    await site.close();
  }
});
