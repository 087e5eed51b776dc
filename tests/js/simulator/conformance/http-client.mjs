// A plain HTTP client for the replay: sends exactly the recorded method, headers and body bytes
// (fetch would add its own headers and refuse some requests) and reports a missing answer as such.

import http from 'node:http';

/** @returns {Promise<{ status, headers, body } | { transportError }>} */
export function send(baseUrl, { method, path, query, headers, body }) {
  const url = new URL(baseUrl);
  const target = query === null || query === undefined ? path : `${path}?${query}`;
  const payload = body === null || body === undefined ? null : Buffer.from(body, 'utf8');
  return new Promise((resolve) => {
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method,
      path: target,
      headers: { ...headers, ...(payload ? { 'Content-Length': payload.length } : {}) },
      agent: false,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ transportError: e.message }));
    });
    req.on('error', (e) => resolve({ transportError: e.message }));
    if (payload) req.write(payload);
    req.end();
  });
}
