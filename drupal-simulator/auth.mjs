// Who a request runs as. basic_auth: the right password logs in; a wrong one, an unknown name or
// an account locked by flood control (5 failures in 6 hours) runs as anonymous without an error.
// simple_oauth: POST /oauth/token with client credentials gives a bearer token for 300 seconds
// that acts as the consumer's user; an unknown or expired token is refused with 401.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { JsonApiError } from './errors.mjs';

const FLOOD_LIMIT = 5;
const FLOOD_WINDOW = 6 * 3600;
export const TOKEN_LIFETIME = 300;

const equal = (a, b) => {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
};

function basicPair(header) {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? null : { user: text.slice(0, colon), pass: text.slice(colon + 1) };
}

export class Authenticator {
  constructor(accounts, clock) {
    this.accounts = accounts;
    this.clock = clock;
    this.tokens = new Map();     // access token -> { account, expires }
    this.failures = new Map();   // username -> [unix seconds of failed logins]
  }

  /** `{ account (null = anonymous), auth: 'basic'|'bearer'|'anonymous' }`; 401 for a bad bearer token. */
  identify(headers) {
    const header = headers.authorization;
    if (/^Bearer\s/i.test(header ?? '')) {
      const entry = this.tokens.get(header.replace(/^Bearer\s+/i, '').trim());
      if (!entry || entry.expires <= this.clock()) {
        throw new JsonApiError(401, 'The resource owner or authorization server denied the request.', {
          headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
      }
      return { account: entry.account, auth: 'bearer' };
    }
    const pair = basicPair(header);
    if (!pair) return { account: null, auth: 'anonymous' };
    return { account: this.basicLogin(pair), auth: 'basic' };
  }

  basicLogin({ user, pass }) {
    const now = this.clock();
    const recent = (this.failures.get(user) ?? []).filter((t) => t > now - FLOOD_WINDOW);
    this.failures.set(user, recent);
    if (recent.length >= FLOOD_LIMIT) return null;
    const account = this.accounts.byUsername(user);
    if (account && equal(account.password, pass)) return account;
    recent.push(now);
    return null;
  }

  /** POST /oauth/token: `{ status, body }` (simple_oauth's answers, JSON). */
  issueToken(form, headers) {
    const fromHeader = basicPair(headers.authorization);
    const clientId = form.get('client_id') ?? fromHeader?.user;
    const clientSecret = form.get('client_secret') ?? fromHeader?.pass;
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
    }
    const account = this.accounts.byClientId(clientId);
    if (!account || !account.client_secret || !equal(account.client_secret, clientSecret ?? '')) {
      return oauthError(401, 'invalid_client', 'Client authentication failed');
    }
    const scope = form.get('scope') || account.defaultScope;
    if (!scope) {
      return oauthError(400, 'invalid_request', 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.', 'Check the `scope` parameter');
    }
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, { account, expires: this.clock() + TOKEN_LIFETIME });
    return { status: 200, body: { token_type: 'Bearer', expires_in: TOKEN_LIFETIME, access_token: accessToken } };
  }
}

function oauthError(status, error, description, hint) {
  const body = { error, error_description: description, message: description };
  if (hint) body.hint = hint;
  return { status, body };
}
