// The HTTP routes of moodle-sync, in one table: `serve` answers them from Node, and a serverless
// function or an admin page joins them by calling `dispatch` with a web-standard Request.
import { handleCompletion } from './completion-receiver.mjs';

/** Each route: a path pattern and the handler `(request, ctx) -> Promise<Response>`. */
export const ROUTES = [
  { name: 'completion', pattern: /^\/completion(?:\/[^/]*)?\/?$/, handle: handleCompletion },
];

/**
 * Answers a request by the first route whose pattern matches its path (404 for any other path).
 * `ctx` holds each route's own context under its name (`ctx.completion`) and `log(line)`.
 */
export async function dispatch(request, ctx) {
  const { pathname } = new URL(request.url);
  const route = ROUTES.find((r) => r.pattern.test(pathname));
  if (route) return route.handle(request, { log: ctx.log, ...ctx[route.name] });
  ctx.log?.(`${request.method} (unknown path) -> 404`);
  return new Response(JSON.stringify({ message: 'Not found' }), { status: 404, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
