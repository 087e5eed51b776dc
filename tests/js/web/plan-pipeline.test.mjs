// The admin page's planner in Node: for the same inputs its plan is, byte for byte, what
// `moodle-sync plan --json` (with a token) and `moodle-sync preview --json` (without) print, and it
// cannot write to Moodle or to Drupal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { core, fullConfig, makeSite } from '../sync/harness.mjs';
import { runCli } from '../cli/cli-process.mjs';
import { plan, readOnlyDrupalFetch, readOnlyMoodleClient } from '../../../js/web/plan-pipeline.mjs';

/** The export folder as the page receives it: [{name, text}]. */
async function exportFiles(dir) {
  const names = (await readdir(dir)).sort();
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') })));
}

async function withExample(body) {
  const site = await makeSite({ config: await fullConfig() });
  try {
    return await body(site);
  } finally {
    await site.close();
    await rm(site.dir, { recursive: true, force: true });
  }
}

/** The page's inputs for the site: the CLI's configuration and export, named as the CLI names them. */
async function pageInputs(site) {
  return {
    configText: await readFile(site.configFile, 'utf8'), configName: site.configFile,
    files: await exportFiles(site.exportDir), exportBase: site.exportDir,
  };
}

test('with a token the page\'s plan is byte for byte `moodle-sync plan --json`, and only reads are sent', async () => {
  await withExample(async (site) => {
    const cli = await runCli(['plan', '--json', '-c', site.configFile], site.env);
    assert.equal(cli.code, 0, cli.stderr);
    site.sim.resetCallLog();
    const stages = new Set();
    const answer = await plan(core, { ...(await pageInputs(site)), moodle: { token: site.sim.tokens.admin }, onProgress: (p) => stages.add(p.stage) });
    assert.equal(answer.ok, true, JSON.stringify(answer.error));
    assert.equal(answer.planJson, cli.stdout);
    assert.deepEqual([...stages], ['export', 'moodle', 'plan']);
    assert.equal(answer.plan.dry_run, true);
    assert.ok(answer.digest.summary, 'the digest is given with the plan');
    assert.deepEqual(site.writeCalls(), []);
    const reads = new Set(core.moodleReads());
    assert.ok(site.sim.callLog.length > 0 && site.sim.callLog.every((c) => reads.has(c.wsfunction)));
  });
});

test('without a token the page\'s plan is byte for byte `moodle-sync preview --json`, and Moodle is not asked', async () => {
  await withExample(async (site) => {
    const cli = await runCli(['preview', '--json', '-c', site.configFile], {});
    assert.equal(cli.code, 0, cli.stderr);
    site.sim.resetCallLog();
    const answer = await plan(core, { ...(await pageInputs(site)), moodle: null });
    assert.equal(answer.ok, true, JSON.stringify(answer.error));
    assert.equal(answer.planJson, cli.stdout);
    assert.deepEqual(site.sim.callLog, []);
  });
});

test('a wrong token is the core\'s credentials error, and the token is in no message', async () => {
  await withExample(async (site) => {
    const token = 'wrong0token0value0123';
    const answer = await plan(core, { ...(await pageInputs(site)), moodle: { token } });
    assert.equal(answer.ok, false);
    assert.equal(answer.error.class, 'credentials');
    assert.match(answer.error.message, /Invalid token/);
    assert.ok(!JSON.stringify(answer).includes(token));
  });
});

test('a Moodle call that is not a read is refused before it is sent', async () => {
  let sent = 0;
  const client = readOnlyMoodleClient({ send: async () => { sent += 1; return { status: 200, body: '[]' }; }, redact: (t) => t }, core.moodleReads());
  const write = core.encodeCall('core_course_create_courses', { courses: [{ fullname: 'x', shortname: 'x', categoryid: 1 }] }).body;
  await assert.rejects(client.send(write), /core_course_create_courses refused: the page only reads Moodle/);
  assert.throws(() => client.guard({ kind: 'call', body: write }), /refused/);
  assert.throws(() => client.guard({ kind: 'write_back', entity: {} }), /the write_back action refused/);
  assert.throws(() => client.guard({ kind: 'journal', records: [] }), /refused/);
  assert.equal(sent, 0);
  const read = core.encodeCall('core_course_get_categories', {}).body;
  assert.equal(client.guard({ kind: 'call', body: read }), 'core_course_get_categories');
  await client.send(read);
  assert.equal(sent, 1);
});

test('the Drupal fetch refuses every method but GET, HEAD and the token request, and goes through the proxy when asked', async () => {
  const seen = [];
  const fetchImpl = async (url, init) => { seen.push(`${init.method ?? 'GET'} ${url}`); return new Response('{}'); };
  const direct = readOnlyDrupalFetch(fetchImpl, { siteUrl: 'https://drupal.example/site' });
  for (const method of ['PATCH', 'POST', 'DELETE', 'PUT']) {
    await assert.rejects(direct('https://drupal.example/site/jsonapi/node/course/1', { method }), new RegExp(`${method} .* refused: the page only reads Drupal`));
  }
  await direct('https://drupal.example/site/jsonapi/node/course?page[limit]=50');
  await direct('https://drupal.example/site/oauth/token', { method: 'POST' });
  const proxied = readOnlyDrupalFetch(fetchImpl, { siteUrl: 'https://drupal.example/site', proxyBase: 'http://127.0.0.1:8787/admin/drupal/' });
  await proxied('https://drupal.example/site/jsonapi?x=1', { method: 'HEAD' });
  await proxied('https://drupal.example/sitemap', {});  // not under the site's URL: left as it is
  assert.deepEqual(seen, [
    'GET https://drupal.example/site/jsonapi/node/course?page[limit]=50',
    'POST https://drupal.example/site/oauth/token',
    'HEAD http://127.0.0.1:8787/admin/drupal/jsonapi?x=1',
    'GET https://drupal.example/sitemap',
  ]);
});
