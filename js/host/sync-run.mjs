// One sync run for a Node host: the configuration file, the export, the journal and Moodle,
// wired to the core's engine (js/host/run-stages.mjs, shared with the serverless function). The
// same function serves `plan` and `sync`.
import { loadConfigFile, moodleToken } from './config-file.mjs';
import { collectGarbage } from './process-memory.mjs';
import { createMoodleClient } from './moodle-client.mjs';
import { FileStateStore } from './state-store.mjs';
import { readFileExport } from '../source/file-export.mjs';
import { openJsonApiSource } from '../source/jsonapi/jsonapi-source.mjs';
import { previewSource } from './run-stages.mjs';
import { SetupError } from './setup-error.mjs';

export { SetupError } from './setup-error.mjs';

export function journalPathFor(sourcePath) {
  return `${sourcePath.replace(/\/+$/, '')}.moodle-sync-journal.jsonl`;
}

/** Loads everything a run needs; throws SetupError (exit code 2) for what a person must fix. */
export async function prepareRun(core, configFile, { env = process.env, fetchImpl, drupalFetch, wait } = {}) {
  collectGarbage();  // a last run's export, before this one's is read
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

export { liveReads, runStages, runSync } from './run-stages.mjs';

/**
 * `preview` of a live source: the whole site read from Drupal, planned against an empty Moodle
 * exactly as the core's `preview` plans an export (every Moodle read answered empty, nothing sent).
 */
export async function previewLive(core, configFile, { env = process.env, drupalFetch, wait } = {}) {
  const config = await loadConfigFile(core, configFile);
  return previewSource(core, config, openJsonApiSource(core, config, { env, fetchImpl: drupalFetch, wait }));
}

/** The exit code the core decided for this report (README, "Exit codes"). */
export function exitCodeOf(report) {
  return report.exit_code;
}
