// Lambda's HTTP events (Function URL and API Gateway HTTP API, payload format 2.0) as web-standard
// Request/Response: the handler stays the same on every platform, only this translation differs.

/** The Request an event describes; its body bytes are exactly the client's (base64 is undone). */
export function requestFromEvent(event) {
  const http = event.requestContext?.http ?? {};
  const method = String(http.method ?? 'GET').toUpperCase();
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined && value !== null) headers.set(name, String(value));
  }
  // Payload 2.0 moves the Cookie header into `cookies` (an API Gateway stage drops it from headers).
  if (Array.isArray(event.cookies) && event.cookies.length > 0) headers.set('cookie', event.cookies.join('; '));
  const host = headers.get('host') ?? event.requestContext?.domainName ?? 'localhost';
  const proto = headers.get('x-forwarded-proto') ?? 'https';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const url = eventUrl(`${proto}://${host}`, `${routePath(event)}${query}`);
  const hasBody = method !== 'GET' && method !== 'HEAD' && event.body !== undefined && event.body !== null;
  const body = hasBody ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body) : undefined;
  return new Request(url, { method, headers, body });
}

// The routes need only the path and query: a host that is no valid URL host must not fail the request.
function eventUrl(origin, pathAndQuery) {
  try {
    return new URL(`${origin}${pathAndQuery}`);
  } catch {
    return new URL(`https://lambda.invalid${pathAndQuery}`);
  }
}

// A named API Gateway stage prefixes rawPath with "/<stage>"; the routes do not know it.
function routePath(event) {
  const raw = event.rawPath ?? event.requestContext?.http?.path ?? '/';
  const path = raw.startsWith('/') ? raw : `/${raw}`;
  const stage = event.requestContext?.stage;
  if (stage && stage !== '$default' && (path === `/${stage}` || path.startsWith(`/${stage}/`))) {
    return path.slice(stage.length + 1) || '/';
  }
  return path;
}

// Bodies of these types go back as text; any other body goes back base64-encoded, byte for byte.
const TEXT_TYPE = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)\b|[^;]*\+(json|xml)\b)/i;

/** The result object Lambda turns into the HTTP answer: set-cookie headers become `cookies`. */
export async function resultFromResponse(response) {
  const headers = {};
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') headers[name] = value;
  }
  const result = { statusCode: response.status, headers };
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) result.cookies = cookies;
  const bytes = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  const asText = !response.headers.has('content-encoding') && (bytes.length === 0 || TEXT_TYPE.test(type));
  result.body = asText ? bytes.toString('utf8') : bytes.toString('base64');
  result.isBase64Encoded = !asText;
  return result;
}

/** A Lambda handler around `handle(request, env, ctx)`; `env` holds the configuration and secrets. */
export function lambdaHandler(handle, env) {
  return async (event, context) => {
    const response = await handle(requestFromEvent(event), env, { lambdaContext: context });
    return resultFromResponse(response);
  };
}
