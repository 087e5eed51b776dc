// Drupal's JSON:API error documents: `{ jsonapi, errors: [{ title, status, detail, source?, links? }] }`,
// the status as a string, `links.info` pointing at the HTTP specification section of the status
// (J/Normalizer/HttpExceptionNormalizer.php). Field-validation 422s carry no links.

import { JSONAPI_OBJECT } from './documents.mjs';

const TITLES = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests', 503: 'Service Unavailable',
};
const SPEC_SECTIONS = { 400: '10.4.1', 401: '10.4.2', 403: '10.4.4', 404: '10.4.5', 405: '10.4.6', 415: '10.4.16' };

/** A request Drupal refuses; `pointer` becomes `source.pointer`, `headers` are sent with the answer. */
export class JsonApiError extends Error {
  constructor(status, detail, { pointer, headers = {}, links = status !== 422 } = {}) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.pointer = pointer;
    this.headers = headers;
    this.links = links;
  }
}

/** The error document of `error` for a request to `requestUrl`. */
export function errorDocument(error, requestUrl) {
  const entry = { title: TITLES[error.status] ?? 'Error', status: String(error.status), detail: error.detail };
  if (error.links) {
    entry.links = { via: { href: requestUrl } };
    const section = SPEC_SECTIONS[error.status];
    if (section) entry.links.info = { href: `http://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec${section}` };
  }
  if (error.pointer) entry.source = { pointer: error.pointer };
  return { jsonapi: JSONAPI_OBJECT, errors: [entry] };
}

export const badRequest = (detail, options) => new JsonApiError(400, detail, options);
export const forbidden = (detail, options) => new JsonApiError(403, detail, options);
