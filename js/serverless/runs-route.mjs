// GET /events/runs/<id>: what became of a request's run (queued, running, done with its report,
// failed), behind the health token: a run's report names entities.
import { answerResponse, coreValue, jsonResponse } from './http.mjs';
import { runKey } from './event-runner.mjs';

export const RUNS_PATTERN = /^\/events\/runs\/([A-Za-z0-9-]{1,64})\/?$/;

/** ctx: {core, kv, token (the health token), log} */
export async function handleRun(request, ctx) {
  const verdict = coreValue(ctx.core, 'health_request', {
    method: request.method, authorization: request.headers.get('authorization') ?? undefined, token: ctx.token ?? '', token_env: ctx.tokenEnv,
  });
  if (!verdict.accept) {
    ctx.log?.(`events run ${request.method} -> ${verdict.status}`);
    return answerResponse(verdict);
  }
  const [, id] = RUNS_PATTERN.exec(new URL(request.url).pathname);
  const found = await ctx.kv.get(runKey(id));
  if (!found) return jsonResponse(404, { message: 'No such run.' });
  return jsonResponse(200, { run_id: id, ...found.value });
}
