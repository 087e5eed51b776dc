// One sync run against whatever host prepared it (`prepared`: {config, source, client, journal}):
// observe (Moodle's answers to the reads), plan (the core's pure plan), apply. No file system and no
// Node built-in here: the CLI, `serve` and the serverless function share this file.
import { parseJournalText } from './memory-state-store.mjs';

const FLUSH_EVERY = 500;  // write-backs between atomic rewrites of the export (the journal covers the gap)

/** A monotonic clock in milliseconds: what an action's `elapsed_ms` is measured with. */
const monotonicMs = () => globalThis.performance.now();

/**
 * One run in three stages: observe (Moodle's answers to the reads), plan (the core's pure plan of
 * the export against them) and, when the core says the plan may be applied, apply (the writes; the
 * reads already made are not sent again). Resolves to the apply run's report, or to the plan when
 * nothing is applied (`plan`, the site guard, the removal guard). `onAction(action)` sees every
 * action before it is performed (progress), `afterAction(action, result)` after; either may throw
 * to stop the run. `budgetMs`: the run stops at a safe point once its actions have taken that long
 * (the core decides where; the report says `resume`); `clockMs` measures them.
 */
export async function runSync(core, prepared, { dryRun = false, allowRemovals = false, onAction, afterAction, full = false, since, scanDeletions = false, reads, budgetMs, clockMs } = {}) {
  const { source, journal } = prepared;
  // An export's run hands the store's file text to the core as it is (the core reads it); a live
  // source's reads are planned from the records.
  const records = !source.read && journal.loadText ? await journal.loadText() : await journal.load();
  const options = { dryRun, allowRemovals, onAction, afterAction, budgetMs, clockMs };
  if (source.read) {
    const requests = reads
      ? reads.map((r) => (r.mode === 'full' ? r : { ...r, journal: records }))
      : liveReads(records, { full, since, scanDeletions });
    const clock = clockMs ?? monotonicMs;
    const started = clock();
    const docs = await source.read(requests);
    try {
      // Reading Drupal is part of the run's time: the budget counts it too.
      return await runStages(core, prepared, records, { documents: docs }, { ...options, spentMs: clock() - started });
    } finally {
      docs.delete();
    }
  }
  return runStages(core, prepared, records, undefined, options);
}

/**
 * What a run of a live source asks the core to read: everything (`full`), or what changed since
 * the journal's high-water marks (or `since`); with `scanDeletions`, the id-only census too.
 */
export function liveReads(records, { full, since, scanDeletions }) {
  const reads = [full ? { mode: 'full' } : { mode: 'incremental', journal: records, ...(since !== undefined ? { since: String(since) } : {}) }];
  if (scanDeletions && !full) reads.push({ mode: 'census', journal: records });
  return reads;
}

/**
 * Plans and applies with the journal's `records` (or its file's text, as a string) and, for a live
 * source, `live` ({documents}: what was read). The event runner calls it with the documents of its
 * own reads.
 */
export async function runStages(core, prepared, records, live, { dryRun = false, allowRemovals = false, onAction, afterAction, budgetMs, clockMs = monotonicMs, spentMs = 0 } = {}) {
  const { config, source, client, journal } = prepared;
  let sinceFlush = 0;
  let observed = 0;  // ms the reads of observe took: the apply run's budget counts them
  const perform = async (action) => {
    await onAction?.(action);
    const started = clockMs();
    const result = await performAction(action);
    // The time is data the core is given, never reads: it sums it against the budget and sizes
    // the next batches of a function from it.
    result.elapsed_ms = Math.max(0, clockMs() - started);
    if (budgetMs !== undefined) observed += result.elapsed_ms;
    afterAction?.(action, result);
    return result;
  };
  const performAction = async (action) => {
    if (action.kind === 'call') return client.send(action.body, { delayMs: action.delay_ms, asBytes: true });
    if (action.kind === 'journal') {
      try {
        await journal.append(action.records);
        return { ok: true };
      } catch (e) {
        return { ok: false, error: `${journal.file ?? 'the state store'}: ${e.message}` };
      }
    }
    if (action.kind === 'journal_replace') {
      // The state the core decided to keep; the write-backs it counts on reach the export first.
      try {
        await source.flush();
        sinceFlush = 0;
        // The core wrote the file's text; a store without files keeps the records.
        await (journal.replaceText ? journal.replaceText(action.text) : journal.replace(parseJournalText(action.text)));
        return { ok: true };
      } catch (e) {
        return { ok: false, error: `${journal.file ?? 'the state store'}: ${e.message}` };
      }
    }
    if (action.kind === 'write_back') {
      if (live) return source.writeBack(action);  // one PATCH, answered by Drupal
      if (!source.writeBack(action.entity.type, action.entity.uuid, action.field, action.value)) {
        return { ok: false, error: `${action.entity.label} is not in the export` };
      }
      if (++sinceFlush >= FLUSH_EVERY) {
        sinceFlush = 0;
        await source.flush();
      }
      return { ok: true };
    }
    return { ok: false, error: `unknown action ${action.kind}` };
  };
  const input = {
    text: config.text, file: config.file, ...(live ? {} : { documents: source.engineDocuments?.() ?? source.documents }), ...source.siteInput(),
    ...(typeof records === 'string' ? { journal_text: records } : { journal: records }),
    ...(budgetMs !== undefined ? { budget: { ms: Math.max(1, Math.round(budgetMs)) } } : {}),
  };
  // A plan that will be applied is needed only as its verdict: the apply run's report says the rest.
  const { snapshot, plan } = await core.observe({ ...input, allow_removals: allowRemovals }, perform, { ...live, brief: !dryRun });
  if (dryRun || !plan.apply) return plan;
  await source.checkOwnersKept();  // before the first write to Moodle, not after the last
  // What the reads took is spent already (the core still lets the run begin one write, so that
  // every run moves the sync forward).
  if (budgetMs !== undefined) input.budget.spent_ms = Math.round(spentMs + observed);
  let report;
  try {
    report = await core.runEngine({ ...input, snapshot }, perform, live);
  } finally {
    // Whatever ends the run, the write-backs already made reach the export (the journal has them too).
    if (source.dirty.size) await source.flush();
  }
  report.removal_guard = plan.removal_guard;
  return report;
}

/**
 * `preview` of a live source (`source`: its adapter for the loaded `config`): the whole site read
 * from Drupal, planned against an empty Moodle exactly as the core's `preview` plans an export
 * (every Moodle read answered empty, nothing sent).
 */
export async function previewSource(core, config, source) {
  const docs = await source.read([{ mode: 'full' }]);
  try {
    const offline = async (action) => (action.kind === 'call' ? { status: 200, body: '[]' } : { ok: true });
    const input = { text: config.text, file: config.file, ...source.siteInput(), snapshot: {}, offline: true };
    const { plan } = await core.observe(input, offline, { documents: docs });
    return { plan, redact: source.client.redact };
  } finally {
    docs.delete();
  }
}
