// The HTTP routes of moodle-sync, in one table: `serve` and the serverless function (one handler,
// js/serverless/handler.mjs) answer them by calling `dispatch` with a web-standard Request.
import { ADMIN_PATTERN, handleAdmin } from './admin-routes.mjs';
import { handleCompletion } from './completion-receiver.mjs';
import { handleEvents } from '../serverless/events-route.mjs';
import { handleHealth } from '../serverless/health-route.mjs';
import { RUNS_PATTERN, handleRun } from '../serverless/runs-route.mjs';
import { handleSync } from '../serverless/sync-route.mjs';

const jsonAnswer = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

// A completion component whose push secret is not usable: the receiver answers why (the problem
// names the variable, never a value) instead of accepting pushes it could not authenticate.
function completionRoute(request, ctx) {
  if (ctx.unusable) return jsonAnswer(503, { message: ctx.unusable });
  return handleCompletion(request, ctx);
}

/** Each route: a path pattern and the handler `(request, ctx) -> Promise<Response>`. */
export const ROUTES = [
  { name: 'eventRuns', pattern: RUNS_PATTERN, handle: handleRun },
  { name: 'events', pattern: /^\/events\/?$/, handle: handleEvents },
  { name: 'completion', pattern: /^\/completion(?:\/[^/]*)?\/?$/, handle: completionRoute },
  { name: 'sync', pattern: /^\/sync\/?$/, handle: handleSync },
  { name: 'health', pattern: /^\/health\/?$/, handle: handleHealth },
  { name: 'admin', pattern: ADMIN_PATTERN, handle: handleAdmin },
  // serve without a configuration: the bundled Moodle simulator the example plans against
  { name: 'simulator', pattern: /^\/simulator(?:\/.*)?$/, handle: (request, ctx) => ctx.handle(request) },
];

/**
 * Answers a request by the first route whose pattern matches its path (404 for any other path).
 * `ctx` holds each route's own context under its name (`ctx.completion`) and `log(line)`.
 */
export async function dispatch(request, ctx) {
  const { pathname } = new URL(request.url);
  const route = ROUTES.find((r) => r.pattern.test(pathname));
  // A host that does not serve a route (no context for it) answers as for an unknown path.
  if (route && ctx[route.name]) {
    try {
      return await route.handle(request, { log: ctx.log, ...ctx[route.name] });
    } catch (e) {
      ctx.log?.(`${request.method} ${route.name} -> 500: ${e.name}: ${e.message}`);
      return jsonAnswer(500, { message: 'Internal error; the server\'s log says why.' });
    }
  }
  ctx.log?.(`${request.method} (unknown path) -> 404`);
  return jsonAnswer(404, { message: 'Not found' });
}
