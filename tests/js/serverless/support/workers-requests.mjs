// The entry point run in the Workers-like process (workers-runtime.mjs): imports the module under
// test, sends it each request of the input through `fetch(request, env, ctx)`, waits for the work
// handed to ctx.waitUntil, and prints one JSON line per answer. A request with `signWith` is signed
// here, at this process's clock, as a scheduler or Drupal would sign it.
import { signedHeaders } from '../../../../js/serverless/signature.mjs';

const { module, env, requests } = globalThis.workersRuntimeInput;
const worker = (await import(module)).default;

for (const { url, method = 'GET', headers: given = {}, body, signWith } of requests) {
  const headers = signWith
    ? { ...given, ...(await signedHeaders({ secret: signWith, body, timestamp: Math.floor(Date.now() / 1000) })) }
    : given;
  const pending = [];
  const ctx = { waitUntil: (promise) => pending.push(promise), passThroughOnException() {} };
  const response = await worker.fetch(new Request(url, { method, headers, body }), env, ctx);
  const answer = { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  await Promise.all(pending);
  console.log(JSON.stringify(answer));
}
