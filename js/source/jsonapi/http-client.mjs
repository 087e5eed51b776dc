// Requests to a Drupal site's JSON:API with the platform's fetch: Basic auth, or an OAuth2
// client-credentials bearer (simple_oauth) fetched from `<url>/oauth/token` and renewed before it
// expires. Credentials travel only in headers, only to the configured site, and every text that
// comes back goes through the core's redact with the secrets in use.
// Answers are plain objects in the shape core.drupalAnswer reads; nothing here decides what an
// answer means.

/** How long before its announced expiry a bearer is renewed (a request in flight must not outlive it). */
const RENEW_BEFORE_MS = 30_000;

const ANSWER_HEADERS = ['retry-after', 'www-authenticate', 'allow', 'date'];

// btoa of the UTF-8 bytes: works in Node and in a browser.
function basicToken(username, password) {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * @param core the core (redact)
 * @param url source.url (no trailing slash)
 * @param auth 'basic' | 'oauth'
 * @param credentials { username, password } or { client_id, client_secret, scope }
 * @param timeoutSeconds per request
 * @param now () => milliseconds, for the bearer's lifetime
 */
export function createDrupalClient({ core, url, auth = 'basic', credentials, timeoutSeconds = 60, fetchImpl = globalThis.fetch, now = () => Date.now() }) {
  const base = url.replace(/\/+$/, '');
  const origin = new URL(base).origin;
  const secrets = new Set([credentials.password, credentials.client_secret].filter(Boolean));
  const basic = auth === 'basic' ? basicToken(credentials.username ?? '', credentials.password ?? '') : null;
  if (basic && credentials.password) secrets.add(basic);
  let bearer = null;  // { header, renewAt }
  let bearerPromise = null;

  const account = auth === 'oauth' ? credentials.client_id : credentials.username;  // named in errors; never a secret
  const redact = (text) => (secrets.size ? core.redact(String(text), [...secrets]) : String(text));

  async function send(method, target, { body, contentType, authorization } = {}) {
    const headers = { Accept: 'application/vnd.api+json' };
    if (contentType) headers['Content-Type'] = contentType;
    if (authorization) headers.Authorization = authorization;
    try {
      const response = await fetchImpl(target, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
        // Never follow a redirect: it would carry the credentials to whatever it names.
        redirect: 'manual',
      });
      const text = await response.text();
      const answerHeaders = {};
      for (const name of ANSWER_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) answerHeaders[name] = value;
      }
      if (response.status >= 300 && response.status < 400) {
        answerHeaders.location = response.headers.get('location') ?? '';
      }
      return { method, url: target, status: response.status, contentType: response.headers.get('content-type') ?? '', body: redact(text), headers: answerHeaders, transportError: '' };
    } catch (e) {
      const cause = e.cause?.code ?? e.cause?.message ?? e.name;
      return { method, url: target, status: 0, contentType: '', body: '', headers: {}, transportError: redact(`${e.message}${cause ? ` (${cause})` : ''}`) };
    }
  }

  // One token request at a time; its failure is answered as the request's own answer.
  async function bearerHeader() {
    if (bearer && now() < bearer.renewAt) return { header: bearer.header };
    bearerPromise ??= (async () => {
      const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.client_id ?? '', client_secret: credentials.client_secret ?? '' });
      if (credentials.scope) form.set('scope', credentials.scope);
      const answer = await send('POST', `${base}/oauth/token`, { body: form.toString(), contentType: 'application/x-www-form-urlencoded' });
      let token = null;
      try {
        token = answer.status === 200 ? JSON.parse(answer.body) : null;
      } catch {
        token = null;
      }
      if (!token || typeof token.access_token !== 'string' || !token.access_token) {
        return { failed: answer.status === 200 ? { ...answer, status: 502, body: 'the token endpoint answered without an access_token' } : answer };
      }
      secrets.add(token.access_token);
      const lifetime = Number.isFinite(token.expires_in) ? token.expires_in * 1000 : 300_000;
      bearer = { header: `Bearer ${token.access_token}`, renewAt: now() + Math.max(0, lifetime - Math.min(RENEW_BEFORE_MS, lifetime / 2)) };
      return { header: bearer.header };
    })().finally(() => { bearerPromise = null; });
    return bearerPromise;
  }

  /**
   * One request to the site: `target` is a path (`/jsonapi/...?...`) or a URL of the site itself
   * (a `links.next`). Resolves to the answer shape of core.drupalAnswer (plus `account`).
   */
  async function request(method, target, { body, contentType } = {}) {
    const full = target.startsWith('/') ? `${base}${target}` : target;
    let parsed = null;
    try {
      parsed = new URL(full);
    } catch {
      parsed = null;
    }
    if (parsed?.origin !== origin) {
      // Links are followed only on the configured site: the credentials go nowhere else.
      return { method, url: redact(full), refused: `${method} ${redact(full)}: not a URL of source.url (${origin}); the credentials are not sent there`, account };
    }
    let authorization;
    if (auth === 'oauth') {
      const got = await bearerHeader();
      if (got.failed) return { ...got.failed, account };
      authorization = got.header;
    } else {
      authorization = `Basic ${basic}`;
    }
    return { ...(await send(method, full, { body, contentType, authorization })), account };
  }

  /** Forgets the bearer (after a 401, a new one is fetched on the next request). */
  function dropBearer() {
    bearer = null;
  }

  return { url: base, account, request, redact, dropBearer };
}
