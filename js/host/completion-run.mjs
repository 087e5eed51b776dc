// One completion run for a Node host: Moodle -> Drupal. The core's engine, given the `completion`
// input, reads Moodle (ordinary `call` actions) and says which registration and course fields to
// write (`write_fields` actions); this file only performs them. A file export gets the new values
// in memory and is rewritten once, atomically, at the end (mode and owner kept); a live Drupal site
// gets one PATCH per entity holding every changed field. The state store is only read.
import { timeZoneTransitions } from './time-zone.mjs';

/** The machine's clock in seconds: the default `now` of a run (tests pass their own). */
const wallClock = () => Math.floor(Date.now() / 1000);

/** The completion settings of a loaded configuration (the component's section). */
export function completionSettings(config) {
  return config.settings.components?.completion ?? null;
}

/**
 * The `timezone` input of a pull: the report's dates are shown in the token user's zone. Only a
 * pull through a custom report reads dates as text; the others need no zone.
 */
function timezoneInput(settings) {
  if (!settings || settings.report_id === undefined || settings.report_id === null) return undefined;
  return timeZoneTransitions(settings.report_timezone ?? 'UTC');
}

/**
 * A pull: completions read from Moodle and written to the registrations. `since` (RFC 3339 or unix
 * seconds) skips what Drupal already records as complete before it; `dryRun` plans the writes
 * without sending them. Resolves to `{report}` (the plan when dry).
 */
export async function runCompletionPull(core, prepared, { since, dryRun = false, now = wallClock(), onAction } = {}) {
  const timezone = timezoneInput(completionSettings(prepared.config));
  const completion = { mode: 'pull', now, ...(since !== undefined ? { since: String(since) } : {}), ...(timezone ? { timezone } : {}) };
  return { report: await runCompletion(core, prepared, completion, { dryRun, onAction }) };
}

/**
 * A push: the body a Moodle site posted (the plugin's payload or a tool_trigger event), applied to
 * the registrations. Resolves to `{report, answer}`: `answer` ({status, body}) is what the core
 * says the receiver answers.
 */
export async function runCompletionPush(core, prepared, { body, contentType, now = wallClock(), onAction } = {}) {
  const completion = { mode: 'push', now, payload: String(body ?? ''), ...(contentType ? { content_type: contentType } : {}) };
  // A live site is read for the courses the payload names only (the core says which; null: all).
  const courseIds = prepared.source.read
    ? core.completionPushScope({ text: prepared.config.text, file: prepared.config.file, payload: completion.payload, contentType }).course_ids
    : null;
  const report = await runCompletion(core, prepared, completion, { dryRun: false, onAction, courseIds });
  return { report, answer: report.completion_answer };
}

async function runCompletion(core, prepared, completion, { dryRun, onAction, courseIds = null }) {
  const { config, source, journal } = prepared;
  const records = await journal.load();  // read only: which Moodle objects the entities are
  // A live site is read for the registrations, their users and courses, with the completion fields.
  const request = { mode: 'completion', ...(courseIds ? { course_ids: courseIds } : {}) };
  const live = source.read ? { documents: await source.read([request]) } : undefined;
  try {
    const input = {
      text: config.text, file: config.file, ...(live ? {} : { documents: source.documents }), ...source.siteInput(),
      journal: records, completion,
    };
    const perform = async (action) => {
      onAction?.(action);
      return performAction(prepared, action);
    };
    if (dryRun) return (await core.observe(input, perform, live)).plan;
    await source.checkOwnersKept();  // before the first write, not after the last
    try {
      return await core.runEngine(input, perform, live);
    } finally {
      // Whatever ends the run, the writes already made reach the export, in one rewrite per file.
      if (source.dirty.size) await source.flush();
    }
  } finally {
    live?.documents.delete();
  }
}

async function performAction({ source, client }, action) {
  if (action.kind === 'call') return client.send(action.body, { delayMs: action.delay_ms, asBytes: true });
  if (action.kind === 'write_fields') {
    if (source.writeFields) return source.writeFields(action);  // a live site: one PATCH, answered by Drupal
    const { entity, fields } = action;
    if (!source.setFields(entity.type, entity.uuid, fields)) {
      return { ok: false, error: `${entity.label} is not in the export`, class: 'entity' };
    }
    return { ok: true };
  }
  // A completion run keeps the state store as it was: anything else is the engine's mistake.
  return { ok: false, error: `unknown action ${action.kind} in a completion run` };
}
