// The gate of every request that writes (POST /events, POST /sync): the core judges method,
// signature headers, timestamp window, size and type (event_gate); the body is read up to the
// limit and its signature verified with Web Crypto over the raw bytes, before any parsing; a
// signature seen before is a replay. Nothing here echoes the signature or the secret.
import { readCapped } from '../host/completion-receiver.mjs';
import { seenBefore } from '../state/replay.mjs';
import { answerResponse, coreValue, headersOf, jsonResponse } from './http.mjs';
import { verifySignature } from './signature.mjs';

const GATE_HEADERS = [
  'content-type', 'content-length', 'x-moodle-sync-timestamp', 'x-moodle-sync-signature',
  'x-hub-signature', 'x-hub-signature-256', 'x-drupal-event', 'x-drupal-delivery',
];

/** The HMAC key of signed requests from `env`, judged by the core: {secret} or {problem}. */
export function eventSecret(core, events, env) {
  const name = events.secret_env;
  const secret = env[name] ?? '';
  const verdict = coreValue(core, 'event_secret_check', { secret_env: name, secret });
  return verdict.usable ? { secret } : { problem: verdict.problem };
}

/**
 * Resolves to {ok: true, gate, bytes, text} for a request that passed every check, or to
 * {ok: false, response}. ctx: {core, kv, events (settings), secret, clock, log}.
 */
export async function readSignedRequest(request, ctx, route) {
  const { core, kv, events, clock } = ctx;
  const refuse = (answer, why) => {
    ctx.log?.(`${route} ${request.method} -> ${answer.status}${why ? `: ${why}` : ''}`);
    return { ok: false, response: answerResponse(answer) };
  };
  if (!ctx.secret) {
    // No usable secret: nothing can be verified. The problem names the variable, never a value.
    ctx.log?.(`${route} ${request.method} -> 503: ${ctx.secretProblem}`);
    return { ok: false, response: jsonResponse(503, { message: ctx.secretProblem }) };
  }
  const headers = headersOf(request, GATE_HEADERS);
  const gateInput = { method: request.method, headers, max_bytes: events.max_body_bytes, now: clock(), max_age_seconds: events.signature_max_age_seconds };
  const gate = coreValue(core, 'event_gate', gateInput);
  if (!gate.accept) return refuse(gate);
  // The declared length was judged; what is actually read is judged again (no length, a wrong one).
  const { bytes, length } = await readCapped(request, events.max_body_bytes);
  if (bytes === null) {
    const read = coreValue(core, 'event_gate', { ...gateInput, headers: { ...headers, 'content-length': String(length) } });
    return refuse(read.accept ? { status: 413, body: { message: 'Payload too large.' } } : read);
  }
  const { algorithm, prefix, signature_hex: signatureHex } = gate.verify;
  if (!(await verifySignature({ secret: ctx.secret, algorithm, prefix, body: bytes, signatureHex }))) {
    return refuse(gate.unauthorized, 'signature does not match');
  }
  if (await seenBefore(core, kv, gate.replay_key, { now: clock(), ttlSeconds: gate.replay_ttl_seconds })) {
    return refuse({ status: 409, body: { message: 'This signed request was seen before: a replay is not run again.' } }, 'replayed');
  }
  return { ok: true, gate, bytes, text: new TextDecoder().decode(bytes) };
}
