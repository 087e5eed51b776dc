// `moodle-sync serve` and the admin page: without -c it serves the page, the bundled example (its
// Moodle at this server's /simulator, no token in it) and the simulator, so that the example can be
// planned as `moodle-sync plan` plans it; with -c it serves /admin/ beside its other routes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminContext, adminOnlyContext, serveContext, startServer } from '../../../js/host/serve-command.mjs';
import { plan } from '../../../js/web/plan-pipeline.mjs';
import { EXAMPLE, core, makeSite } from '../sync/harness.mjs';
import { firstLine, runCli, startCli } from '../cli/cli-process.mjs';
import { testClock } from '../test-clock.mjs';

async function withAdminOnly(body) {
  const ctx = await adminOnlyContext({ now: testClock });
  const server = await startServer(ctx, { port: 0 });
  try {
    return await body(server.url);
  } finally {
    await server.close();
    await ctx.close();
  }
}

test('serve without a configuration: the page, the example without its token, the token on its own route, the simulator', async () => {
  await withAdminOnly(async (url) => {
    const home = await fetch(`${url}/admin/`, { redirect: 'manual' });
    assert.equal(home.status, 302);
    assert.equal(home.headers.get('location'), '/admin/web/');
    const core = await fetch(`${url}/admin/core.mjs`);
    assert.equal(core.status, 200);
    assert.equal(core.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal((await fetch(`${url}/admin/generated/moodle_sync_core.wasm`)).headers.get('content-type'), 'application/wasm');

    const exampleAnswer = await fetch(`${url}/admin/example.json`);
    assert.equal(exampleAnswer.status, 200);
    const exampleText = await exampleAnswer.text();
    const example = JSON.parse(exampleText);
    assert.equal(example.configName, 'moodle-sync.json');
    assert.equal(JSON.parse(example.configText).moodle.url, `${url}/simulator`);
    assert.deepEqual(example.files.map((f) => f.name), ['course_categories.json', 'course_templates.json', 'courses.json', 'enrolment_roles.json', 'groups.json', 'registrations.json', 'roles.json', 'site.json', 'users.json']);
    const { token } = await (await fetch(`${url}/admin/example-token`)).json();
    assert.match(token, /^[0-9a-f]{32}$/);
    assert.ok(!exampleText.includes(token), 'the token is not in example.json');

    const info = await fetch(`${url}/simulator/webservice/rest/server.php`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `wstoken=${token}&wsfunction=core_webservice_get_site_info&moodlewsrestformat=json`,
    });
    assert.equal(info.status, 200);
    assert.equal(info.headers.get('access-control-allow-origin'), '*');
    assert.equal((await info.json()).sitename, 'Lab');
    assert.equal((await fetch(`${url}/admin/drupal/jsonapi`)).status, 404, 'no Drupal to proxy without a configuration');
  });
});

test('the served example planned by the page is byte for byte `moodle-sync plan --json` of the same files', async () => {
  await withAdminOnly(async (url) => {
    const example = await (await fetch(`${url}/admin/example.json`)).json();
    const { token } = await (await fetch(`${url}/admin/example-token`)).json();
    const dir = await mkdtemp(path.join(tmpdir(), 'admin-example-'));
    try {
      await cp(path.join(EXAMPLE, 'export'), path.join(dir, 'export'), { recursive: true });
      const configFile = path.join(dir, 'moodle-sync.json');
      await writeFile(configFile, example.configText);
      const cli = await runCli(['plan', '--json', '-c', configFile], { MOODLE_TOKEN: token });
      assert.equal(cli.code, 0, cli.stderr);
      const page = await plan(core, { configText: example.configText, configName: configFile, files: example.files, exportBase: path.join(dir, 'export'), moodle: { token } });
      assert.equal(page.ok, true, JSON.stringify(page.error));
      assert.equal(page.planJson, cli.stdout);
      assert.equal(page.plan.summary.created, 24);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

test('`moodle-sync serve` without -c prints the admin page\'s URL and serves it', async () => {
  const started = startCli(['serve', '--port', '0']);
  try {
    const line = await firstLine(started);
    const url = /serving the admin page at (http:\/\/127\.0\.0\.1:\d+)\/admin\//.exec(line)?.[1];
    assert.ok(url, line);
    assert.equal((await fetch(`${url}/admin/example.json`)).status, 200);
    assert.equal((await fetch(`${url}/health`)).status, 404, 'only the admin page without a configuration');
  } finally {
    started.child.kill('SIGTERM');
    await started.exited;
  }
});

test('serve with -c serves /admin/ too, without the example', async () => {
  const site = await makeSite();
  try {
    const ctx = await serveContext(core, site.configFile, { env: site.env, now: testClock });
    const server = await startServer(ctx, { port: 0 });
    try {
      assert.equal((await fetch(`${server.url}/admin/core.mjs`)).status, 200);
      assert.equal((await fetch(`${server.url}/admin/example.json`)).status, 404);
      assert.equal((await fetch(`${server.url}/admin/example-token`)).status, 404);
      assert.equal((await fetch(`${server.url}/admin/drupal/jsonapi`)).status, 404, 'an export source: no Drupal to proxy');
    } finally {
      await server.close();
    }
  } finally {
    await site.close();
    await rm(site.dir, { recursive: true, force: true });
  }
});

test('serve proxies its Drupal only when started with --admin-proxy', () => {
  const source = { type: 'jsonapi', url: 'https://drupal.example' };
  const off = adminContext(source);
  assert.equal(off.drupal.url, undefined, 'off by default: anyone who reaches serve could read Drupal through it');
  assert.match(off.drupal.problem, /--admin-proxy/);
  assert.equal(adminContext(source, { proxy: true }).drupal.url, 'https://drupal.example');
  assert.match(adminContext({ type: 'file', path: 'export' }, { proxy: true }).drupal.problem, /no Drupal to proxy/);
});
