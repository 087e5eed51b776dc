// CORS of the simulated Drupal, as Drupal answers with services.yml `cors.config` enabled (core's
// http_middleware.cors, asm89/stack-cors): preflights answered 204 by the middleware, actual
// answers with the allowed origin and the exposed headers; off by default, as in Drupal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDrupalSimulator } from '../../../drupal-simulator/server.mjs';
import { corsForOrigin } from '../../../drupal-simulator/cors.mjs';
import { firstLine, startCli } from '../cli/cli-process.mjs';
import { NORTHFIELD, basic } from './helpers.mjs';
import { testClock } from '../test-clock.mjs';

const PAGE = 'http://127.0.0.1:8787';

async function withSite(cors, body) {
  const sim = await startDrupalSimulator({ exportDir: NORTHFIELD, clock: testClock, cors });
  try {
    return await body(sim);
  } finally {
    await sim.close();
  }
}

const preflight = (url, origin, method = 'GET', headers = 'authorization') => fetch(url, {
  method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
});

test('the page\'s origin: a preflight is answered 204 with the methods, headers and max age; reads carry the origin and the exposed headers', async () => {
  await withSite(corsForOrigin(PAGE), async (sim) => {
    const calls = sim.calls.length;
    const pre = await preflight(`${sim.url}/jsonapi/node/course`, PAGE);
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), PAGE);
    assert.equal(pre.headers.get('access-control-allow-methods'), 'GET, HEAD, POST');
    assert.equal(pre.headers.get('access-control-allow-headers'), 'accept, authorization, content-type');
    assert.equal(pre.headers.get('access-control-max-age'), '600');
    assert.equal(pre.headers.get('vary'), 'Access-Control-Request-Method');
    assert.equal(pre.headers.get('access-control-allow-credentials'), null);
    assert.equal(sim.calls.length, calls + 1);
    const read = await fetch(`${sim.url}/jsonapi`, { headers: { origin: PAGE, authorization: basic(sim.credentials.username, sim.credentials.password) } });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('access-control-allow-origin'), PAGE);
    assert.equal(read.headers.get('access-control-expose-headers'), 'Date, Retry-After, WWW-Authenticate, Allow');
    const refused = await fetch(`${sim.url}/jsonapi/node/course`, { headers: { origin: PAGE } });
    assert.equal(refused.headers.get('access-control-allow-origin'), PAGE, 'an error answer is readable too');
  });
});

test('several origins: the allowed one is echoed with Vary: Origin; another gets no Access-Control-Allow-Origin', async () => {
  const cors = { allowedOrigins: [PAGE, 'https://admin.example'], allowedHeaders: ['*'], allowedMethods: ['*'], exposedHeaders: false, maxAge: false, supportsCredentials: true };
  await withSite(cors, async (sim) => {
    const ok = await preflight(`${sim.url}/jsonapi`, 'https://admin.example', 'get', 'authorization, x-custom');
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://admin.example');
    assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(ok.headers.get('access-control-allow-methods'), 'GET');
    assert.equal(ok.headers.get('access-control-allow-headers'), 'authorization, x-custom');
    assert.equal(ok.headers.get('access-control-max-age'), '0');
    assert.equal(ok.headers.get('vary'), 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
    const other = await preflight(`${sim.url}/jsonapi`, 'https://evil.example');
    assert.equal(other.status, 204);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    assert.equal(other.headers.get('access-control-allow-methods'), null);
    const read = await fetch(`${sim.url}/jsonapi`, { headers: { origin: 'https://evil.example' } });
    assert.equal(read.headers.get('access-control-allow-origin'), null);
    assert.equal(read.headers.get('vary'), 'Origin');
  });
});

test('any origin without credentials: "*"', async () => {
  await withSite({ allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: ['Authorization'] }, async (sim) => {
    const pre = await preflight(`${sim.url}/jsonapi`, 'https://anywhere.example');
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.equal(pre.headers.get('access-control-allow-headers'), 'authorization');
  });
});

test('without cors.config (Drupal\'s default) there is no CORS header and OPTIONS is not a preflight answer', async () => {
  await withSite(undefined, async (sim) => {
    const pre = await preflight(`${sim.url}/jsonapi`, PAGE);
    assert.notEqual(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    const read = await fetch(`${sim.url}/jsonapi`, { headers: { origin: PAGE } });
    assert.equal(read.headers.get('access-control-allow-origin'), null);
  });
});

test('simulate-drupal --cors-origin lets that origin read the site', async () => {
  const started = startCli(['simulate-drupal', '--port', '0', '--export', NORTHFIELD, '--cors-origin', PAGE]);
  try {
    const info = JSON.parse(await firstLine(started));
    const pre = await preflight(`${info.url}/jsonapi`, PAGE);
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), PAGE);
  } finally {
    started.child.kill('SIGTERM');
    await started.exited;
  }
});
