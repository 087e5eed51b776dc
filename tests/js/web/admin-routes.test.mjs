// /admin/ of `serve`: the page's files (an allowlist: js/web/, js/generated/ and the modules the
// page imports, nothing else), their types and security headers, and the Drupal proxy (GET under
// /jsonapi and the token request only, to the configured site only, no redirect followed, the
// Authorization header forwarded but never logged).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dispatch } from '../../../js/host/http-routes.mjs';
import { ADMIN_HEADERS, assetPath } from '../../../js/host/admin-routes.mjs';
import { adminAssets, pageImports } from '../../../js/host/admin-assets.mjs';

/** A js/ folder: the page imports ../core.mjs, which imports ./generated/core.mjs; host/other.mjs is not imported. */
async function fixtureJs() {
  const dir = await mkdtemp(path.join(tmpdir(), 'admin-js-'));
  const files = {
    'web/index.html': '<!doctype html><script type="module" src="./app.mjs"></script>',
    'web/app.mjs': "import { loadCore } from '../core.mjs';\nconst w = new URL('./worker.mjs', import.meta.url);",
    'web/worker.mjs': "import { run } from '../host/run.mjs';",
    'web/admin.css': 'body { margin: 0 }',
    'core.mjs': "import create from './generated/core.mjs';\nexport const loadCore = create;",
    'generated/core.mjs': 'export default () => 1;',
    'generated/core.wasm': '\0asm',
    'host/run.mjs': 'export const run = 1;',
    'host/other.mjs': 'export const secret = 1;',
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  await writeFile(path.join(dir, '..', `${path.basename(dir)}-outside.mjs`), 'export const outside = 1;');
  return dir;
}

const get = (ctx, pathname, init) => dispatch(new Request(`http://127.0.0.1:8787${pathname}`, init), ctx);

test('the page\'s files are served with their type and the security headers; nothing outside the allowlist is', async () => {
  const dir = await fixtureJs();
  try {
    const ctx = { admin: adminAssets(dir) };
    const redirect = await get(ctx, '/admin');
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get('location'), '/admin/web/');
    assert.equal((await get(ctx, '/admin/')).headers.get('location'), '/admin/web/');
    const types = {
      '/admin/web/': 'text/html; charset=utf-8',
      '/admin/web/app.mjs': 'text/javascript; charset=utf-8',
      '/admin/web/admin.css': 'text/css; charset=utf-8',
      '/admin/core.mjs': 'text/javascript; charset=utf-8',
      '/admin/host/run.mjs': 'text/javascript; charset=utf-8',
      '/admin/generated/core.wasm': 'application/wasm',
    };
    for (const [pathname, type] of Object.entries(types)) {
      const answer = await get(ctx, pathname);
      assert.equal(answer.status, 200, pathname);
      assert.equal(answer.headers.get('content-type'), type, pathname);
      for (const [name, value] of Object.entries(ADMIN_HEADERS)) assert.equal(answer.headers.get(name), value, `${pathname} ${name}`);
    }
    assert.match(await (await get(ctx, '/admin/web/')).text(), /app\.mjs/);
    assert.match(ADMIN_HEADERS['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' http: https:/);
    const outside = `${path.basename(dir)}-outside.mjs`;
    for (const pathname of ['/admin/host/other.mjs', '/admin/web/missing.mjs', `/admin/../${outside}`, `/admin/%2e%2e/${outside}`,
      `/admin/web/%2e%2e/%2e%2e/${outside}`, '/admin/web/..%2f..%2fpackage.json', '/admin/web%5c..%5chost/other.mjs', '/admin/web//app.mjs']) {
      const answer = await get(ctx, pathname);
      assert.equal(answer.status, 404, pathname);
      // A path the URL parser takes out of /admin/ is not the page's route at all.
      if (new URL(`http://h${pathname}`).pathname.startsWith('/admin/')) assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', pathname);
    }
    assert.equal((await get(ctx, '/admin/web/app.mjs', { method: 'POST', body: 'x' })).status, 405);
    assert.equal((await get({}, '/admin/web/')).status, 404, 'a host without the page\'s files (the serverless function) answers 404');
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}-outside.mjs`, { force: true });
  }
});

test('assetPath refuses dot segments, empty segments, backslashes and unknown types', () => {
  const pageModule = (p) => p === 'host/run.mjs';
  assert.equal(assetPath('web/app.mjs'), 'web/app.mjs');
  assert.equal(assetPath('web/'), 'web/index.html');
  assert.equal(assetPath('host/run.mjs', pageModule), 'host/run.mjs');
  for (const rest of ['../package.json', 'web/../host/other.mjs', 'web/%2e%2e/x.mjs', 'web/./app.mjs', 'web//app.mjs', 'web\\app.mjs', 'web/app.txt', 'web/%zz.mjs', 'host/other.mjs', 'web/a%00.mjs']) {
    assert.equal(assetPath(rest, pageModule), null, rest);
  }
});

test('the page imports nothing that can write and no Node built-in', () => {
  const { modules, bare } = pageImports();
  assert.ok(modules.has('web/plan-pipeline.mjs') && modules.has('core.mjs'));
  const forbidden = ['source/jsonapi/writer.mjs', 'source/jsonapi/jsonapi-source.mjs', 'host/replace-file.mjs', 'source/file-export.mjs', 'host/state-store.mjs', 'host/sync-run.mjs'];
  for (const name of forbidden) assert.ok(!modules.has(name), `the page imports ${name}`);
  assert.deepEqual(bare.filter((b) => !b.specifier.endsWith('.wasm')), [], 'only relative imports');
});

/** A stand-in Drupal that records every request and answers a redirect on /jsonapi/moved. */
async function fakeDrupal() {
  const seen = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url.startsWith('/site/jsonapi/moved')) {
        res.writeHead(302, { location: `http://127.0.0.1:${server.address().port}/followed` });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/vnd.api+json', 'set-cookie': 'SESS=1', 'x-drupal-cache': 'MISS', date: 'Wed, 25 Nov 2026 12:00:00 GMT', 'retry-after': '7' });
      res.end(JSON.stringify({ data: [], path: req.url }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/site`, seen, close: () => new Promise((r) => server.close(r)) };
}

test('the Drupal proxy forwards reads and the token request to the configured site only, follows no redirect and logs no credential', async () => {
  const drupal = await fakeDrupal();
  const lines = [];
  const ctx = { log: (line) => lines.push(line), admin: { ...adminAssets(), drupal: { url: drupal.url } } };
  const authorization = 'Basic bW9vZGxlX3N5bmM6c2VjcmV0LXBhc3N3b3Jk';
  try {
    const read = await get(ctx, '/admin/drupal/jsonapi/node/course?page%5Blimit%5D=2&filter=x', { headers: { authorization, accept: 'application/vnd.api+json', cookie: 'a=b', 'x-other': '1' } });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('content-type'), 'application/vnd.api+json');
    assert.equal(read.headers.get('date'), 'Wed, 25 Nov 2026 12:00:00 GMT');
    assert.equal(read.headers.get('set-cookie'), null);
    assert.equal(read.headers.get('x-drupal-cache'), null);
    assert.equal(read.headers.get('retry-after'), '7', 'the wait Drupal asks for reaches the reader');
    assert.equal(read.headers.get('content-security-policy'), "sandbox; default-src 'none'", 'Drupal\'s answer is no document of the page\'s origin');
    assert.equal((await read.json()).path, '/site/jsonapi/node/course?page%5Blimit%5D=2&filter=x');
    const [first] = drupal.seen;
    assert.equal(first.headers.authorization, authorization);
    assert.equal(first.headers.accept, 'application/vnd.api+json');
    assert.equal(first.headers.cookie, undefined);
    assert.equal(first.headers['x-other'], undefined);

    const token = await get(ctx, '/admin/drupal/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=a&client_secret=b' });
    assert.equal(token.status, 200);
    assert.equal(drupal.seen[1].body, 'grant_type=client_credentials&client_id=a&client_secret=b');

    const moved = await get(ctx, '/admin/drupal/jsonapi/moved', { headers: { authorization } });
    assert.equal(moved.status, 302);
    assert.equal(moved.headers.get('location'), null);
    assert.ok(!drupal.seen.some((r) => r.url === '/followed'), 'the redirect is not followed');

    const refused = [
      ['/admin/drupal/jsonapi/node/course/1', 'PATCH'], ['/admin/drupal/jsonapi/node/course', 'POST'], ['/admin/drupal/jsonapi/node/course/1', 'DELETE'],
      ['/admin/drupal/user/login', 'GET'], ['/admin/drupal/oauth/token', 'GET'], ['/admin/drupal/jsonapix', 'GET'], ['/admin/drupal/', 'GET'],
      ['/admin/drupal/jsonapi/..%2Fuser/1', 'GET'], ['/admin/drupal/jsonapi/%2e%2e/user', 'GET'], ['/admin/drupal/jsonapi/x%5C..%5Cuser', 'GET'],
    ];
    const before = drupal.seen.length;
    for (const [pathname, method] of refused) {
      const answer = await get(ctx, pathname, { method, headers: { authorization }, body: method === 'GET' ? undefined : '{}' });
      assert.equal(answer.status, 405, `${method} ${pathname}`);
    }
    assert.equal(drupal.seen.length, before, 'nothing refused reaches Drupal');
    assert.ok(lines.length >= 3);
    assert.ok(lines.every((line) => !line.includes('bW9vZGxlX3N5bmM') && !line.includes('client_secret') && !line.includes('filter=x')), lines.join('\n'));

    const noDrupal = await get({ admin: { ...adminAssets(), drupal: { problem: 'no Drupal to proxy' } } }, '/admin/drupal/jsonapi');
    assert.equal(noDrupal.status, 404);
    assert.match((await noDrupal.json()).message, /no Drupal to proxy/);
  } finally {
    await drupal.close();
  }
});
