// A Drupal export and its configuration in a temporary folder, pointed at a Moodle site, and the
// moodle-sync command run on it as a user runs it: `node cli/moodle-sync.mjs <command> -c FILE`
// with the token in MOODLE_TOKEN.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../js/cli/cli-process.mjs';
import { readExportResources } from './expected-state.mjs';
import { timed } from './lab.mjs';

export const EXAMPLE = fileURLToPath(new URL('../../examples/northfield/', import.meta.url));
export const SITE_URL = 'https://learn.northfield.example';

/** The number of write calls in a report (every function that is not a read). */
export function writeCalls(report) {
  return Object.entries(report.calls.by_function).filter(([f]) => !/_get_|get_site_info/.test(f)).reduce((n, [, c]) => n + c, 0);
}

/** The example's configuration with `patch` applied. */
export async function exampleConfig(patch = () => {}) {
  const config = JSON.parse(await readFile(path.join(EXAMPLE, 'moodle-sync.json'), 'utf8'));
  patch(config);
  return config;
}

/**
 * A folder holding `moodle-sync.json` and `export/`: a copy of the example's export, or `files`
 * (export file name -> JSON:API document). Every command talks to `moodleUrl` with `token`.
 */
export async function siteFolder({ moodleUrl, token, config, files }) {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-real-'));
  const exportDir = path.join(dir, 'export');
  if (files) {
    await mkdir(exportDir);
    await writeFile(path.join(exportDir, 'site.json'), JSON.stringify({ site_url: SITE_URL }));
    for (const [name, doc] of Object.entries(files)) await writeFile(path.join(exportDir, name), JSON.stringify(doc, null, 1));
  } else {
    await cp(path.join(EXAMPLE, 'export'), exportDir, { recursive: true });
  }
  const cfg = config ?? await exampleConfig();
  cfg.moodle.url = moodleUrl;
  const configFile = path.join(dir, 'moodle-sync.json');
  await writeFile(configFile, JSON.stringify(cfg, null, 2));
  const env = { MOODLE_TOKEN: token };

  const folder = {
    dir, exportDir, configFile, env, journal: `${exportDir}.moodle-sync-journal.jsonl`,
    /** Runs a command to its end: `{ code, stdout, stderr, report }` (report: the parsed --json output). */
    async run(command, { label, json = true } = {}) {
      const args = [command, '-c', configFile, ...(json ? ['--json'] : [])];
      const r = label ? await timed(label, () => runCli(args, env)) : await runCli(args, env);
      if (json) {
        try {
          r.report = JSON.parse(r.stdout);
        } catch {
          throw new Error(`moodle-sync ${command} printed no JSON report (exit ${r.code ?? r.signal}): ${r.stderr.slice(0, 2000)}`);
        }
      }
      return r;
    },
    async readExport(name) {
      return JSON.parse(await readFile(path.join(exportDir, name), 'utf8'));
    },
    async editExport(name, edit) {
      const doc = await folder.readExport(name);
      edit(doc);
      await writeFile(path.join(exportDir, name), JSON.stringify(doc, null, 1));
    },
    resources: () => readExportResources(exportDir),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  return folder;
}

/** The entities of a report that failed, for assertion messages. */
export function failures(report) {
  return JSON.stringify(report.entities.filter((e) => e.outcome === 'failed').map((e) => `${e.resource} ${e.id}: ${e.error?.message}`).slice(0, 20), null, 1);
}
