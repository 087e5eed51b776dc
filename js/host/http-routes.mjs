// The HTTP routes of moodle-sync, in one table: `serve` answers them from Node, and a serverless
// function or an admin page joins them by calling `dispatch` with a web-standard Request.
import { handleCompletion } from './completion-receiver.mjs';
import { handleHealth } from '../serverless/health-route.mjs';

const jsonAnswer = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

/** Each route: a path pattern and the handler `(request, ctx) -> Promise<Response>`. */
export const ROUTES = [
  { name: 'completion', pattern: /^\/completion(?:\/[^/]*)?\/?$/, handle: handleCompletion },
  { name: 'health', pattern: /^\/health\/?$/, handle: handleHealth },
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
