// `demo --live`: the bundled example read live from the Drupal simulator (serving a copy of the
// export) and synced into the Moodle simulator: plan, sync with the ids PATCHed into Drupal, then
// one course edited in Drupal and an incremental sync that writes only that change to Moodle.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDrupalSimulator } from '../../drupal-simulator/server.mjs';
import { startSimulator } from '../../simulator/server.mjs';
import { EXAMPLE } from './demo.mjs';
import { prepareRun, runSync } from './sync-run.mjs';

/** The course the demo edits in Drupal, and its new title. */
const EDITED = { type: 'node--course', nid: 101, title: 'Français intermédiaire (B1)' };
// The edit happens "later" on Drupal's clock: past every `changed` the sync read or its PATCHes set,
// even when the whole demo runs within one second of the wall clock.
const EDIT_AFTER_SECONDS = 120;

const isMoodleWrite = (call) => !/_get_|get_site_info/.test(call.wsfunction ?? '');

/**
 * Runs plan, sync, the edit and the incremental sync; `print(title, report, facts)` shows each.
 * `clock` is the wall clock (seconds since the epoch) both simulators take. Resolves to
 * { reports, facts } where facts counts the Drupal requests and Moodle writes of each step.
 */
export async function runLiveDemo(core, print, { clock }) {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-demo-live-'));
  await cp(path.join(EXAMPLE, 'export'), path.join(dir, 'export'), { recursive: true });
  let drupalOffset = 0;
  const drupal = await startDrupalSimulator({ exportDir: path.join(dir, 'export'), clock: () => clock() + drupalOffset });
  const moodle = await startSimulator({ clock });
  try {
    const config = JSON.parse(await readFile(path.join(EXAMPLE, 'moodle-sync.json'), 'utf8'));
    config.site.urls = [drupal.url];  // the live documents name the Drupal simulator's URL
    config.source = { type: 'jsonapi', url: drupal.url };  // Basic auth, DRUPAL_USERNAME and DRUPAL_PASSWORD
    config.moodle.url = moodle.url;
    const configFile = path.join(dir, 'moodle-sync.json');
    await writeFile(configFile, JSON.stringify(config, null, 2));
    const env = {
      [config.moodle.token_env]: moodle.tokens.admin,
      DRUPAL_USERNAME: drupal.credentials.username, DRUPAL_PASSWORD: drupal.credentials.password,
    };

    const step = async (title, options, before = () => {}) => {
      const describe = await before();
      const fromDrupal = drupal.calls.length;
      moodle.resetCallLog();
      const report = await runSync(core, await prepareRun(core, configFile, { env }), options);
      const calls = drupal.calls.slice(fromDrupal);
      const facts = {
        ...(describe ? { edited: describe } : {}),
        drupal_requests: calls.map((c) => `${c.method} ${c.path} ${c.status}`),
        drupal_gets: calls.filter((c) => c.method === 'GET').length,
        patches: calls.filter((c) => c.method === 'PATCH' && c.status === 200).length,
        moodle_writes: moodle.callLog.filter(isMoodleWrite).map((c) => c.wsfunction),
      };
      print(title, report, facts);
      return { report, facts };
    };

    const plan = await step('1. Plan: what a first sync would do (Drupal and Moodle are read, nothing is written)', { dryRun: true });
    const sync = await step('2. Sync: applied; each new Moodle id is PATCHed into field_moodle_id in Drupal', {});
    const incremental = await step('3. One course edited in Drupal, then an incremental sync: only what changed is read and written', {}, () => {
      drupalOffset += EDIT_AFTER_SECONDS;
      const course = drupal.resources(EDITED.type).find((r) => r.attributes.drupal_internal__nid === EDITED.nid);
      const before = course.attributes.title;
      drupal.edit(EDITED.type, course.id, { title: EDITED.title });
      return { type: EDITED.type, id: EDITED.nid, uuid: course.id, field: 'title', from: before, to: EDITED.title };
    });
    return { dir, reports: [plan.report, sync.report, incremental.report], facts: [plan.facts, sync.facts, incremental.facts] };
  } finally {
    await Promise.allSettled([drupal.close(), moodle.close()]);
  }
}

function printFacts(facts) {
  const lines = [];
  if (facts.edited) {
    const e = facts.edited;
    lines.push(`Edited in Drupal: ${e.type} ${e.id} ${e.field}: "${e.from}" -> "${e.to}"`);
  }
  lines.push(`Drupal: ${facts.drupal_requests.length} requests (${facts.drupal_gets} GET, ${facts.patches} PATCH of field_moodle_id)`);
  if (facts.edited) for (const r of facts.drupal_requests) lines.push(`  ${decodeURIComponent(r)}`);
  lines.push(`Moodle: ${facts.moodle_writes.length} write call${facts.moodle_writes.length === 1 ? '' : 's'}${facts.moodle_writes.length ? `: ${facts.moodle_writes.join(', ')}` : ''}`);
  return lines;
}

/**
 * The `demo --live` command: prints each step (or, with `json`, one document with the reports and
 * the figures of each step) and resolves to the exit code.
 */
export async function runLiveDemoCommand(core, { json, clock, printReport }) {
  let step = 0;
  const { reports, facts } = await runLiveDemo(core, (title, report, stepFacts) => {
    step += 1;
    if (json) return;
    console.log(`\n######## ${title}\n`);
    printReport(core, report, { verbose: step < 3 });
    console.log(`\n${printFacts(stepFacts).join('\n')}`);
  }, { clock });
  if (json) {
    const [plan, sync, incremental] = reports;
    console.log(JSON.stringify({ plan, sync, incremental, figures: { plan: facts[0], sync: facts[1], incremental: facts[2] } }, null, 2));
  }
  return Math.max(...reports.map((r) => r.exit_code));
}
