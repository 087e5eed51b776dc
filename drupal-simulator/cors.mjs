// CORS as Drupal answers it when services.yml enables `cors.config` (core's http_middleware.cors,
// asm89/stack-cors): a preflight (OPTIONS with Access-Control-Request-Method) is answered 204 by
// the middleware itself; every other answer gets the actual-request headers. As in stack-cors, a
// preflight from an origin not allowed is still 204, only without Access-Control-Allow-Origin,
// and the browser refuses it.

/**
 * The policy of a `cors.config` ({enabled?, allowedOrigins, allowedOriginsPatterns,
 * allowedHeaders, allowedMethods, exposedHeaders, maxAge, supportsCredentials}), or null when CORS
 * is off. `'*'` in a list allows any; headers compare lower-cased, methods upper-cased.
 */
export function corsPolicy(config) {
  if (!config || config.enabled === false) return null;
  const any = (list) => Array.isArray(list) && list.includes('*');
  return {
    origins: any(config.allowedOrigins) ? true : [...(config.allowedOrigins ?? [])],
    patterns: (config.allowedOriginsPatterns ?? []).map((p) => (p instanceof RegExp ? p : new RegExp(p))),
    headers: any(config.allowedHeaders) ? true : (config.allowedHeaders ?? []).map((h) => h.toLowerCase()),
    methods: any(config.allowedMethods) ? true : (config.allowedMethods ?? []).map((m) => m.toUpperCase()),
    exposed: config.exposedHeaders || [],
    maxAge: config.maxAge === null ? null : Number(config.maxAge || 0),
    credentials: Boolean(config.supportsCredentials),
  };
}

const header = (headers, name) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

function vary(out, name) {
  const list = out.Vary ? out.Vary.split(', ') : [];
  if (!list.includes(name)) out.Vary = [...list, name].join(', ');
}

function originAllowed(policy, origin) {
  if (policy.origins === true) return true;
  if (origin === undefined) return false;
  return policy.origins.includes(origin) || policy.patterns.some((p) => p.test(origin));
}

function allowOrigin(policy, headers, out) {
  const origin = header(headers, 'origin');
  if (policy.origins === true && !policy.credentials) out['Access-Control-Allow-Origin'] = '*';
  else if (policy.origins !== true && !policy.patterns.length && policy.origins.length === 1) out['Access-Control-Allow-Origin'] = policy.origins[0];
  else {
    if (origin !== undefined && originAllowed(policy, origin)) out['Access-Control-Allow-Origin'] = origin;
    vary(out, 'Origin');
  }
  if (out['Access-Control-Allow-Origin'] && policy.credentials) out['Access-Control-Allow-Credentials'] = 'true';
  return Boolean(out['Access-Control-Allow-Origin']);
}

/** Whether a request (`method`, lower-cased `headers`) is a preflight the middleware answers itself. */
export function isPreflight(method, headers) {
  return method === 'OPTIONS' && header(headers, 'access-control-request-method') !== undefined;
}

/** The headers of the 204 answer to a preflight. */
export function preflightHeaders(policy, headers) {
  const out = {};
  if (allowOrigin(policy, headers, out)) {
    if (policy.methods === true) {
      out['Access-Control-Allow-Methods'] = String(header(headers, 'access-control-request-method')).toUpperCase();
      vary(out, 'Access-Control-Request-Method');
    } else {
      out['Access-Control-Allow-Methods'] = policy.methods.join(', ');
    }
    if (policy.headers === true) {
      out['Access-Control-Allow-Headers'] = header(headers, 'access-control-request-headers') ?? '';
      vary(out, 'Access-Control-Request-Headers');
    } else {
      out['Access-Control-Allow-Headers'] = policy.headers.join(', ');
    }
    if (policy.maxAge !== null) out['Access-Control-Max-Age'] = String(Math.trunc(policy.maxAge));
  }
  vary(out, 'Access-Control-Request-Method');
  return out;
}

/** The headers added to the answer of any other request. */
export function actualHeaders(policy, method, headers) {
  const out = {};
  if (allowOrigin(policy, headers, out) && policy.exposed.length) out['Access-Control-Expose-Headers'] = policy.exposed.join(', ');
  if (method === 'OPTIONS') vary(out, 'Access-Control-Request-Method');
  return out;
}

/**
 * What `simulate-drupal --cors-origin <origin>` enables: the page at `origin` may read JSON:API with
 * Basic auth or a bearer, ask for an OAuth token, and see the headers the reader uses.
 */
export function corsForOrigin(origin) {
  return {
    enabled: true,
    allowedOrigins: [origin],
    allowedHeaders: ['accept', 'authorization', 'content-type'],
    allowedMethods: ['GET', 'HEAD', 'POST'],
    exposedHeaders: ['Date', 'Retry-After', 'WWW-Authenticate', 'Allow'],
    maxAge: 600,
    supportsCredentials: false,
  };
}
