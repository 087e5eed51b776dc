// The embedded default: the bundled example site (examples/northfield) synced into the bundled
// Moodle simulator. A copy of the export is used, so the example itself is never written to.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../../simulator/server.mjs';
import { prepareRun, runSync } from './sync-run.mjs';
import { changedRegistrationLines, runCompletionDemo } from './demo-completion.mjs';

export const EXAMPLE = fileURLToPath(new URL('../../examples/northfield/', import.meta.url));

/**
 * Runs plan, sync and a second sync, then completions set in Moodle and pulled back;
 * `print(title, report, lines?)` shows each. Returns the reports (the pull's last).
 * `clock` is the simulated site's clock (seconds since the epoch).
 */
export async function runDemo(core, print, { clock }) {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-demo-'));
  await cp(path.join(EXAMPLE, 'export'), path.join(dir, 'export'), { recursive: true });
  const sim = await startSimulator({ clock });
  try {
    const config = JSON.parse(await readFile(path.join(EXAMPLE, 'moodle-sync.json'), 'utf8'));
    config.moodle.url = sim.url;
    const configFile = path.join(dir, 'moodle-sync.json');
    await writeFile(configFile, JSON.stringify(config, null, 2));
    const env = { [config.moodle.token_env]: sim.tokens.admin };
    const reports = [];
    const steps = [
      ['1. Plan: what a first sync would do (dry run: Moodle is read, nothing is written)', true],
      ['2. Sync: the same, applied', false],
      ['3. Sync again: nothing changed in Drupal, so nothing is written', false],
    ];
    for (const [title, dryRun] of steps) {
      const prepared = await prepareRun(core, configFile, { env });
      const report = await runSync(core, prepared, { dryRun });
      reports.push(report);
      print(title, report);
    }
    const completion = await runCompletionDemo(core, sim, { configFile, exportDir: path.join(dir, 'export'), env, clock });
    reports.push(completion.report);
    print('4. Completions: learners complete activities in Moodle; `completion pull` writes them to the registrations', completion.report,
      changedRegistrationLines(completion.changed));
    return { dir, reports, changed: completion.changed };
  } finally {
    await sim.close();
  }
}
