// The entry point run in the Workers-like process (workers-runtime.mjs): imports the module under
// test, sends it each request of the input through `fetch(request, env, ctx)`, waits for the work
// handed to ctx.waitUntil, and prints one JSON line per answer.
const { module, env, requests } = globalThis.workersRuntimeInput;
const worker = (await import(module)).default;

for (const { url, method = 'GET', headers = {}, body } of requests) {
  const pending = [];
  const ctx = { waitUntil: (promise) => pending.push(promise), passThroughOnException() {} };
  const response = await worker.fetch(new Request(url, { method, headers, body }), env, ctx);
  const answer = { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  await Promise.all(pending);
  console.log(JSON.stringify(answer));
}
