// POST /sync: a scheduler asking for an incremental sync ({"full": true}: a full one), signed like
// an event, within a time budget (the body's budget_ms, env MOODLE_SYNC_BUDGET_MS, events.budget_ms).
// The core's sync_request says what to read and whether an earlier run stopped by its budget must
// be resumed; a run that hits the budget stops at a safe point (exit code 3) and the next call
// goes on from the state store.
import { runSync } from '../host/run-stages.mjs';
import { answerResponse, coreValue, jsonResponse } from './http.mjs';
import { readRequestJson } from './request-body.mjs';
import { readSignedRequest } from './signed-request.mjs';
import { runKey } from './event-runner.mjs';

/** ctx: {core, kv, events, secret, secretProblem, clock, log, exclusive, prepare(), budgetMs(), redact()} */
export async function handleSync(request, ctx) {
  const { core, kv, clock } = ctx;
  const signed = await readSignedRequest(request, ctx, 'sync');
  if (!signed.ok) return signed.response;
  let body;
  if (signed.text.trim()) {
    try {
      body = JSON.parse(signed.text);
    } catch (e) {
      ctx.log?.('sync POST -> 400: not JSON');
      return jsonResponse(400, { message: 'Invalid input.', problem: `$: not JSON (${e.message})` });
    }
  }
  const runId = crypto.randomUUID();
  let report;
  try {
    report = await ctx.exclusive(async () => {
      const prepared = await ctx.prepare();
      const asked = readRequestJson(core, 'sync_request', { journal: await prepared.journal.load(), ...(body !== undefined ? { body } : {}), default_budget_ms: ctx.budgetMs() });
      if (!asked.ok) return { refused: asked.answer };
      const { reads, budget_ms: budgetMs } = asked.value;
      return runSync(core, prepared, { reads, budgetMs, clockMs: () => clock() * 1000 });
    });
  } catch (e) {
    if (e.name === 'RunLockError') {
      ctx.log?.(`sync POST -> 409: ${e.message}`);
      return jsonResponse(409, { message: `Another run holds the state: ${e.message}` });
    }
    throw e;
  }
  if (report.refused) {
    ctx.log?.(`sync POST -> ${report.refused.status}: invalid input`);
    return answerResponse(report.refused);
  }
  await kv.put(runKey(runId), { state: 'done', report, at: clock() });
  const answer = coreValue(core, 'event_answer', { run_id: runId, state: 'done', accepted: 0, ignored: [], report });
  ctx.log?.(`sync POST -> ${answer.status} (exit code ${report.exit_code})`);
  return answerResponse(answer);
}
