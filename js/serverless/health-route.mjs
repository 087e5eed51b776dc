// GET /health: the core's version and whether Moodle and Drupal answer, behind a bearer token.
// The core judges the request (token, method) and the two answers; nothing here shows a secret.
import { answerResponse, coreValue } from './http.mjs';

/**
 * ctx: { core, token (the configured health token, '' when unset), moodle(): the answer to
 * core_webservice_get_site_info, drupal(): the answer to GET /jsonapi or null (no live source) }
 */
export async function handleHealth(request, ctx) {
  const verdict = coreValue(ctx.core, 'health_request', {
    method: request.method, authorization: request.headers.get('authorization') ?? undefined, token: ctx.token ?? '', token_env: ctx.tokenEnv,
  });
  if (!verdict.accept) {
    ctx.log?.(`health ${request.method} -> ${verdict.status}`);
    return answerResponse(verdict);
  }
  const [moodle, drupal] = await Promise.all([ctx.moodle(), ctx.drupal()]);
  const answer = coreValue(ctx.core, 'health_answer', { version: ctx.core.version, moodle, drupal });
  ctx.log?.(`health GET -> ${answer.status}`);
  return answerResponse(answer);
}

/** The Moodle answer health_answer judges, from a Moodle client (js/host/moodle-client.mjs). */
export async function moodleProbe(core, client) {
  const { body } = core.encodeCall('core_webservice_get_site_info', {});
  const got = await client.send(body);
  return { status: got.status, body: got.body ?? '', content_type: got.content_type ?? '', ...(got.transport_error ? { transport_error: got.transport_error } : {}) };
}

/** The Drupal answer health_answer judges (GET /jsonapi with the source's credentials), or null. */
export async function drupalProbe(source) {
  if (!source?.client?.request) return null;
  const got = await source.client.request('GET', '/jsonapi');
  if (got.refused) return { status: 0, body: '', content_type: '', transport_error: got.refused };
  return { status: got.status, body: got.body ?? '', content_type: got.contentType ?? '', ...(got.transportError ? { transport_error: got.transportError } : {}) };
}
