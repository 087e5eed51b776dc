// The reference server of the HTTP key-value protocol (js/state/http-kv-store.mjs): in memory, for
// tests, and as the shortest description of what a store behind the serverless function must do.
import { createServer } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

const MAX_BODY = 16 * 1024 * 1024;
const BASE = '/kv';

function send(response, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers });
  response.end(text);
}

function authorized(header, token) {
  const given = Buffer.from(String(header ?? ''));
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// If-Match / If-None-Match against the current entry (undefined: absent).
function conditionHolds(headers, entry) {
  if (headers['if-none-match'] === '*' && entry) return false;
  const ifMatch = headers['if-match'];
  if (ifMatch === undefined) return true;
  if (!entry) return false;
  return ifMatch.trim() === '*' || ifMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === `"${entry.version}"`);
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(Object.assign(new Error('too large'), { status: 413 }));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Starts the server on 127.0.0.1; resolves to {url, close(), requests, entries}. */
export async function startKvServer({ token }) {
  if (!token) throw new Error('startKvServer: a token is needed');
  const entries = new Map();   // key -> {text, version}
  const requests = [];          // {method, url, headers} of every request, for tests
  let counter = 0;
  const server = createServer(async (request, response) => {
    requests.push({ method: request.method, url: request.url, headers: { ...request.headers } });
    try {
      if (!authorized(request.headers.authorization, token)) {
        send(response, 401, { message: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
        return;
      }
      const url = new URL(request.url, 'http://store');
      if (url.pathname === `${BASE}/` && request.method === 'GET') {
        const prefix = url.searchParams.get('prefix') ?? '';
        send(response, 200, { keys: [...entries.keys()].filter((k) => k.startsWith(prefix)).sort() });
        return;
      }
      if (!url.pathname.startsWith(`${BASE}/`) || url.pathname === `${BASE}/`) {
        send(response, 404, { message: 'no such route' });
        return;
      }
      const key = decodeURIComponent(url.pathname.slice(BASE.length + 1));
      const entry = entries.get(key);
      if (request.method === 'GET') {
        if (!entry) send(response, 404, { message: 'not found' });
        else {
          response.writeHead(200, { 'content-type': 'application/json', etag: `"${entry.version}"` });
          response.end(entry.text);
        }
      } else if (request.method === 'PUT') {
        const text = await readBody(request);
        try {
          JSON.parse(text);
        } catch {
          send(response, 400, { message: 'the body is not JSON' });
          return;
        }
        if (!conditionHolds(request.headers, entry)) {
          send(response, 412, { message: 'precondition failed' });
          return;
        }
        counter += 1;
        const version = String(counter);
        entries.set(key, { text, version });
        send(response, entry ? 200 : 201, undefined, { etag: `"${version}"` });
      } else if (request.method === 'DELETE') {
        if (!entry) send(response, 404, { message: 'not found' });
        else if (!conditionHolds(request.headers, entry)) send(response, 412, { message: 'precondition failed' });
        else {
          entries.delete(key);
          send(response, 204);
        }
      } else {
        send(response, 405, { message: 'method not allowed' }, { allow: 'GET, PUT, DELETE' });
      }
    } catch (e) {
      send(response, e.status ?? 500, { message: e.status ? 'too large' : 'server error' });
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${BASE}`,
    requests,
    entries,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
