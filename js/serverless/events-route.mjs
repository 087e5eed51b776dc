// POST /events: Drupal saying that entities were saved or deleted (our signed form, or the
// `webhooks` module's). The event is a hint: the runner reads each entity's state from JSON:API.
// The request waits for its run's outcome: 200 with the report when the run ends within the
// budget, 202 with the run id otherwise (GET /events/runs/<id> tells the rest). The webhooks
// module's requests are answered 202 at once: Drupal commits the save only after the answer.
import { readRequestJson } from './request-body.mjs';
import { answerResponse, coreValue, jsonResponse } from './http.mjs';
import { readSignedRequest } from './signed-request.mjs';
import { rememberDelivery } from '../state/deliveries.mjs';

// A delivery id is remembered for a day: the module sends once, a proxy may send again later.
const DELIVERY_TTL_SECONDS = 86400;

/**
 * ctx: {core, kv, events, secret, secretProblem, config, live (a jsonapi source), clock, sleep,
 * log, runner, budgetMs(), waitUntil?}
 */
export async function handleEvents(request, ctx) {
  const { core, kv, config, clock } = ctx;
  const signed = await readSignedRequest(request, ctx, 'events');
  if (!signed.ok) return signed.response;
  const { gate } = signed;
  const answer = (state, { runId = null, accepted = 0, ignored = [], report } = {}) => {
    const decided = coreValue(core, 'event_answer', { run_id: runId, state, accepted, ignored, ...(report ? { report } : {}) });
    ctx.log?.(`events POST -> ${decided.status} (${state}, ${accepted} accepted, ${ignored.length} ignored)`);
    return answerResponse(decided);
  };
  if (!ctx.live) {
    ctx.log?.('events POST -> 409: no live source');
    return jsonResponse(409, { message: 'events need a live Drupal source (source.type jsonapi)' });
  }
  if (gate.delivery && (await rememberDelivery(kv, gate.delivery, { now: clock(), ttl: DELIVERY_TTL_SECONDS })) === 'duplicate') {
    return answer('duplicate');
  }
  const parsed = readRequestJson(core, 'event_parse', {
    text: config.text, file: config.file, body: signed.text, form: gate.form,
    ...(request.headers.get('x-drupal-event') ? { event_header: request.headers.get('x-drupal-event') } : {}),
  });
  if (!parsed.ok) {
    ctx.log?.(`events POST -> ${parsed.answer.status}: invalid input`);
    return answerResponse(parsed.answer);
  }
  const { events, ignored } = parsed.value;
  if (!events.length) return answer('ignored', { ignored });
  const runId = crypto.randomUUID();
  const counts = { accepted: events.length, ignored };
  try {
    await ctx.runner.accept(runId, events, counts);
  } catch (e) {
    // Not queued: the sender's retry (the same bytes, the same delivery) must not be taken for a
    // replay or a duplicate of a request that left nothing behind.
    await Promise.all([kv.delete(gate.replay_key), gate.delivery ? kv.delete(`delivery/${gate.delivery}`) : null].map((p) => p?.catch(() => {})));
    throw e;
  }
  // The webhooks module posts from inside Drupal's save transaction and waits for the answer: its
  // entities become readable only after it, so its request cannot wait for their run.
  const outcome = gate.form === 'webhooks' ? null : ctx.runner.outcome(runId);
  const pass = ctx.runner.drive();
  ctx.waitUntil?.(pass.catch(() => {}));
  if (!outcome) return answer('queued', { runId, ...counts });
  // A pass of this instance settles the run before it ends; a pass that ends without settling it
  // left the events to another instance's runner. The request waits no longer than the budget.
  let timer;
  const deadline = new Promise((resolve) => { timer = setTimeout(() => resolve(null), ctx.budgetMs()); });
  const settled = await Promise.race([outcome, pass.then(() => null, () => null), deadline]);
  clearTimeout(timer);
  ctx.runner.forget(runId);
  if (!settled) return answer('queued', { runId, ...counts });
  if (settled.state === 'done') return answer('done', { runId, ...counts, report: settled.report });
  if (settled.state === 'failed') {
    ctx.log?.(`events POST -> 502: ${settled.message}`);
    return jsonResponse(502, { run_id: runId, state: 'failed', message: settled.message });
  }
  return answer(settled.state === 'running' ? 'running' : 'queued', { runId, ...counts });
}
