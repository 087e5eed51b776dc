// One sync run for a Node host: the configuration file, the export, the journal and Moodle,
// wired to the core's engine. The same function serves `plan` and `sync`.
import { loadConfigFile, moodleToken } from './config-file.mjs';
import { createMoodleClient } from './moodle-client.mjs';
import { FileStateStore } from './state-store.mjs';
import { readFileExport } from '../source/file-export.mjs';
import { openJsonApiSource } from '../source/jsonapi/jsonapi-source.mjs';

const FLUSH_EVERY = 500;  // write-backs between atomic rewrites of the export (the journal covers the gap)

export class SetupError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SetupError';
    this.exitCode = 2;
  }
}

export function journalPathFor(sourcePath) {
  return `${sourcePath.replace(/\/+$/, '')}.moodle-sync-journal.jsonl`;
}

/** Loads everything a run needs; throws SetupError (exit code 2) for what a person must fix. */
export async function prepareRun(core, configFile, { env = process.env, fetchImpl, drupalFetch, wait } = {}) {
  const config = await loadConfigFile(core, configFile);
  // A live source is read by the run itself (what it reads depends on the journal); an export now.
  const source = config.settings.source.type === 'jsonapi'
    ? openJsonApiSource(core, config, { env, fetchImpl: drupalFetch, wait })
    : await readFileExport(config.sourcePath);
  const token = moodleToken(config.settings, env);
  if (!token) {
    throw new SetupError(`no Moodle token: set the environment variable ${config.settings.moodle.token_env} (see README.md, "Set-up on the Moodle side")`);
  }
  const client = createMoodleClient({ url: config.settings.moodle.url, token, timeoutSeconds: config.settings.moodle.timeout_seconds, fetchImpl });
  // Printed text loses the Moodle token and, for a live source, the Drupal credentials.
  const redact = source.client ? (text) => source.client.redact(client.redact(text)) : client.redact;
  return { config, source, client, redact, journal: new FileStateStore(journalPathFor(config.statePath)) };
}

/**
 * One run in three stages: observe (Moodle's answers to the reads), plan (the core's pure plan of
 * the export against them) and, when the core says the plan may be applied, apply (the writes; the
 * reads already made are not sent again). Resolves to the apply run's report, or to the plan when
 * nothing is applied (`plan`, the site guard, the removal guard). `onAction(action)` sees every
 * action before it is performed (progress), `afterAction(action, result)` after; either may throw
 * to stop the run.
 */
export async function runSync(core, prepared, { dryRun = false, allowRemovals = false, onAction, afterAction, full = false, since, scanDeletions = false } = {}) {
  const { config, source, client, journal } = prepared;
  const records = await journal.load();
  if (source.read) {
    const docs = await source.read(liveReads(records, { full, since, scanDeletions }));
    try {
      return await runStages(core, prepared, records, { documents: docs }, { dryRun, allowRemovals, onAction, afterAction });
    } finally {
      docs.delete();
    }
  }
  return runStages(core, prepared, records, undefined, { dryRun, allowRemovals, onAction, afterAction });
}

/**
 * What a run of a live source asks the core to read: everything (`full`), or what changed since
 * the journal's high-water marks (or `since`); with `scanDeletions`, the id-only census too.
 */
function liveReads(records, { full, since, scanDeletions }) {
  const reads = [full ? { mode: 'full' } : { mode: 'incremental', journal: records, ...(since !== undefined ? { since: String(since) } : {}) }];
  if (scanDeletions && !full) reads.push({ mode: 'census', journal: records });
  return reads;
}

async function runStages(core, prepared, records, live, { dryRun, allowRemovals, onAction, afterAction }) {
  const { config, source, client, journal } = prepared;
  let sinceFlush = 0;
  const perform = async (action) => {
    onAction?.(action);
    const result = await performAction(action);
    afterAction?.(action, result);
    return result;
  };
  const performAction = async (action) => {
    if (action.kind === 'call') return client.send(action.body, { delayMs: action.delay_ms });
    if (action.kind === 'journal') {
      try {
        await journal.append(action.records);
        return { ok: true };
      } catch (e) {
        return { ok: false, error: `${journal.file}: ${e.message}` };
      }
    }
    if (action.kind === 'journal_replace') {
      // The state the core decided to keep; the write-backs it counts on reach the export first.
      try {
        await source.flush();
        sinceFlush = 0;
        await journal.replace(action.records);
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
  const input = { text: config.text, file: config.file, ...(live ? {} : { documents: source.documents }), ...source.siteInput(), journal: records };
  const { snapshot, plan } = await core.observe({ ...input, allow_removals: allowRemovals }, perform, live);
  if (dryRun || !plan.apply) return plan;
  await source.checkOwnersKept();  // before the first write to Moodle, not after the last
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
 * `preview` of a live source: the whole site read from Drupal, planned against an empty Moodle
 * exactly as the core's `preview` plans an export (every Moodle read answered empty, nothing sent).
 */
export async function previewLive(core, configFile, { env = process.env, drupalFetch, wait } = {}) {
  const config = await loadConfigFile(core, configFile);
  const source = openJsonApiSource(core, config, { env, fetchImpl: drupalFetch, wait });
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

/** The exit code the core decided for this report (README, "Exit codes"). */
export function exitCodeOf(report) {
  return report.exit_code;
}
