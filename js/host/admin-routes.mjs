// The browser admin page's routes, on web-standard Request/Response: its static files (js/web/,
// js/generated/ and the modules the page imports, read by the host's `readAsset`), the Drupal proxy
// (GET under /jsonapi and the OAuth token request, to serve's configured Drupal only) and, when
// serve runs without a configuration, the bundled example and its Moodle simulator.
import { jsonResponse } from '../serverless/http.mjs';

export const ADMIN_PATTERN = /^\/admin(?:\/.*)?$/;

/** The policy of every answer of the page: its own scripts and WebAssembly; reads of any http(s) site. */
export const ADMIN_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' http: https:; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const CONTENT_TYPES = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

// The folders served whole; any other file only when the page imports it (`isPageModule`).
const SERVED_FOLDERS = ['web/', 'generated/'];

const adminAnswer = (status, body, headers = {}) => jsonResponse(status, body, { ...ADMIN_HEADERS, 'cache-control': 'no-store', ...headers });

/**
 * The file `rest` (the path after /admin/) names, relative to js/, or null when it may not be
 * served: no `..`, no backslash, no empty segment, a known type, and under web/ or generated/ or a
 * module the page imports.
 */
export function assetPath(rest, isPageModule = () => false) {
  let relPath;
  try {
    relPath = decodeURIComponent(rest);
  } catch {
    return null;
  }
  if (relPath === 'web/' || relPath === 'web') relPath = 'web/index.html';
  const segments = relPath.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..') || /[\\\0]/.test(relPath)) return null;
  if (!CONTENT_TYPES[extensionOf(relPath)]) return null;
  if (SERVED_FOLDERS.some((f) => relPath.startsWith(f)) || isPageModule(relPath)) return relPath;
  return null;
}

const extensionOf = (file) => {
  const dot = file.lastIndexOf('.');
  return dot > file.lastIndexOf('/') ? file.slice(dot) : '';
};

async function staticFile(request, ctx, rest) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return adminAnswer(405, { message: 'Method Not Allowed' }, { allow: 'GET, HEAD' });
  const relPath = assetPath(rest, ctx.isPageModule);
  const bytes = relPath && ctx.readAsset ? await ctx.readAsset(relPath) : null;
  if (!bytes) return adminAnswer(404, { message: 'Not found' });
  const headers = { ...ADMIN_HEADERS, 'content-type': CONTENT_TYPES[extensionOf(relPath)], 'cache-control': 'no-cache' };
  return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers });
}

/**
 * The proxy to serve's Drupal (`ctx.drupal`: {url} or {problem}): GET/HEAD under /jsonapi and POST
 * /oauth/token only, to that site only; Accept, Authorization, Content-Type and the body are
 * forwarded; a redirect is answered as it is, never followed; status, content-type, date and body
 * come back. The log line names the method, the path and the status: never a header.
 */
async function drupalProxy(request, ctx, rest) {
  if (!ctx.drupal?.url) return adminAnswer(404, { message: ctx.drupal?.problem ?? 'serve proxies Drupal only with a configuration whose source.type is "jsonapi"' });
  const { pathname, search } = new URL(request.url);
  const read = (request.method === 'GET' || request.method === 'HEAD') && /^jsonapi(?:\/|$)/.test(rest);
  const token = request.method === 'POST' && rest === 'oauth/token';
  // An encoded slash, backslash or dot could be decoded into another path by the server behind.
  const encoded = /%(?:2f|5c|2e)/i.test(rest);
  if (encoded || rest.split('/').some((s) => s === '..' || s === '.') || (!read && !token)) {
    ctx.log?.(`${request.method} /admin/drupal/ -> 405`);
    return adminAnswer(405, { message: 'the proxy forwards only GET and HEAD under /jsonapi and POST /oauth/token' }, { allow: /^jsonapi(?:\/|$)/.test(rest) ? 'GET, HEAD' : 'POST' });
  }
  const headers = {};
  for (const name of ['accept', 'authorization', 'content-type']) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  let answer;
  try {
    answer = await (ctx.fetchImpl ?? fetch)(`${ctx.drupal.url.replace(/\/+$/, '')}/${rest}${search}`, {
      method: request.method, headers, body: token ? await request.text() : undefined, redirect: 'manual', signal: AbortSignal.timeout(ctx.timeoutMs ?? 60_000),
    });
  } catch (e) {
    ctx.log?.(`${request.method} ${pathname} -> 502`);
    return adminAnswer(502, { message: `Drupal did not answer (${e.cause?.code ?? e.name})` });
  }
  ctx.log?.(`${request.method} ${pathname} -> ${answer.status}`);
  // Drupal's answer is data for the reader, never a document on the page's origin: sandboxed.
  const kept = { ...ADMIN_HEADERS, 'cache-control': 'no-store', 'content-security-policy': "sandbox; default-src 'none'" };
  // What the reader judges an answer by (a wait asked for, the auth scheme).
  for (const name of ['content-type', 'date', 'retry-after', 'www-authenticate']) {
    const value = answer.headers.get(name);
    if (value !== null) kept[name] = value;
  }
  const body = request.method === 'HEAD' ? null : await answer.arrayBuffer();
  return new Response(body, { status: answer.status, headers: kept });
}

/**
 * GET/HEAD /admin -> /admin/web/; /admin/drupal/... the proxy; /admin/example.json and
 * /admin/example-token when `ctx.example` is set (serve without a configuration); anything else a
 * file of the page. `ctx`: {readAsset(relPath) -> bytes | null, isPageModule(relPath), drupal?,
 * example?: {json(origin), token()}, fetchImpl?, log?}.
 */
export async function handleAdmin(request, ctx) {
  const { pathname, origin } = new URL(request.url);
  // /admin/web without its slash too: the page's relative imports resolve only under /admin/web/.
  if (pathname === '/admin' || pathname === '/admin/' || pathname === '/admin/web') {
    return new Response(null, { status: 302, headers: { ...ADMIN_HEADERS, location: '/admin/web/' } });
  }
  const rest = pathname.slice('/admin/'.length);
  if (rest === 'drupal' || rest.startsWith('drupal/')) return drupalProxy(request, ctx, rest.slice('drupal/'.length));
  if (rest === 'example.json' || rest === 'example-token') {
    if (!ctx.example) return adminAnswer(404, { message: 'the bundled example is served only by `moodle-sync serve` without a configuration' });
    if (request.method !== 'GET') return adminAnswer(405, { message: 'Method Not Allowed' }, { allow: 'GET' });
    return adminAnswer(200, rest === 'example.json' ? await ctx.example.json(origin) : { token: ctx.example.token() });
  }
  return staticFile(request, ctx, rest);
}
