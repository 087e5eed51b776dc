// The simulator against the real Moodle: the same scenarios run against both from the same
// starting state (a fresh site each), and what they answered and what they hold at the end is
// compared after normalisation (ids mapped, times Moodle sets reduced to "set"). Any difference
// fails and names the object and the field, or the step and the place in its answer.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { startSimulator } from '../../simulator/server.mjs';
import { freshLab, lab, moodle, read, restClient, timed } from './lab.mjs';
import { readState, stateDifferences } from './moodle-state.mjs';
import { KindIdMaps, answerDifferences } from './differential-answers.mjs';
import { steps } from './differential-scenario.mjs';
import { exampleConfig, siteFolder, SITE_URL } from './site-folder.mjs';
import { loadCore } from '../../js/core.mjs';

const KNOWN = JSON.parse(readFileSync(new URL('./known-differences.json', import.meta.url), 'utf8'));

/** The course custom fields the kit's setup_customfield.php defines: named by their shortnames. */
const LAB_CUSTOM_FIELDS = ['labdept', 'level'].map((shortname) => ({ shortname, name: shortname, type: 'text', category: 'Lab', visibility: 2 }));

/** A fresh simulator that looks like the lab: same site name, same course custom fields. */
async function simulatorLikeTheLab() {
  const { sitename } = await read('core_webservice_get_site_info');
  // The simulator keeps the lab's time: both sides judge "active" and "not started" against the
  // same clock, the real site's own (this suite runs against a live server, never under faketime).
  const sim = await startSimulator({ siteName: sitename, courseCustomFields: LAB_CUSTOM_FIELDS, clock: () => Math.floor(Date.now() / 1000) });
  return { sim, call: restClient(sim.url, sim.tokens) };
}

/**
 * The differences that remain, without the known ones (known-differences.json: a pattern of the
 * line and why the simulator answers otherwise). A known difference that no longer shows is
 * reported too, so that the list stays true.
 */
function unexplained(lines, part) {
  const known = Object.entries(KNOWN[part] ?? {}).map(([pattern, why]) => ({ re: new RegExp(pattern), why, seen: false }));
  const left = lines.filter((line) => {
    const k = known.find((x) => x.re.test(line));
    if (k) k.seen = true;
    return !k;
  });
  return [...left, ...known.filter((k) => !k.seen).map((k) => `known difference no longer seen, remove it from known-differences.json: ${k.re.source}`)];
}

/** Every web-service function the engine may call: those the core requires with every option on. */
async function engineFunctions() {
  const config = await exampleConfig((c) => {
    for (const name of ['templates', 'courses', 'users', 'cohorts']) c.components[name].deleted = 'delete';
    c.components.enrolments.removal = 'unassign_role';
  });
  const answer = (await loadCore()).call('check_setup', { text: JSON.stringify(config), file: 'moodle-sync.json', site_url: SITE_URL });
  assert.ok(answer.ok, JSON.stringify(answer.error));
  return [...new Set(Object.values(answer.value.required_functions).flat())].sort();
}

/** The report of a sync without what differs by nature (moodle ids): outcomes, changes, calls. */
function comparableReport(report) {
  return {
    summary: report.summary,
    calls: report.calls.by_function,
    entities: Object.fromEntries(report.entities.map((e) => [`${e.resource} ${e.id}`, {
      outcome: e.outcome,
      changes: Object.keys(e.changes ?? {}).sort().join(', '),
      error: e.error?.message ?? null,
    }])),
  };
}

test('the simulator answers and ends like the real Moodle', async (t) => {
  await freshLab();
  const { sim, call: simCall } = await simulatorLikeTheLab();
  try {
    await t.test('the bundled example, synced twice into each', async () => {
      const sides = [['Moodle', lab.url, lab.tokens.admin], ['simulator', sim.url, sim.tokens.admin]];
      const reports = { Moodle: [], simulator: [] };
      // Fixed batch sizes: the calls are compared, and adaptive sizes follow each server's own
      // measured time per item (a loaded real Moodle answers slower than the simulator).
      const fixedBatches = () => exampleConfig((c) => { c.moodle.adaptive_batches = false; });
      for (const [name, url, token] of sides) {
        const site = await siteFolder({ moodleUrl: url, token, config: await fixedBatches() });
        try {
          for (const run of [1, 2]) {
            const { report } = await site.run('sync', { label: `differential: example, sync ${run} into the ${name === 'Moodle' ? 'real Moodle' : 'simulator'}` });
            reports[name].push(comparableReport(report));
          }
        } finally {
          await site.remove();
        }
      }
      const lines = [];
      [0, 1].forEach((i) => lines.push(...stateDifferences({ report: reports.Moodle[i] }, { report: reports.simulator[i] }, { labels: ['Moodle', 'simulator'] })
        .map((l) => `sync ${i + 1}: ${l}`)));
      const [real, simulated] = await Promise.all([readState(moodle, lab.url), readState(simCall, sim.url)]);
      lines.push(...stateDifferences(real, simulated, { labels: ['Moodle', 'simulator'] }));
      assert.deepEqual(unexplained(lines, 'example'), []);
    });

    await t.test(`${steps.length} calls covering every function the project calls`, async () => {
      const called = new Set(steps.map((s) => s.fn));
      assert.deepEqual((await engineFunctions()).filter((f) => !called.has(f)), [], 'every function the engine may call is in the scenario');
      const ids = { Moodle: {}, simulator: {} };
      const env = { ids: new KindIdMaps(), realOrigin: lab.url, simOrigin: sim.url };
      const lines = [];
      await timed(`differential: ${steps.length} calls against Moodle and the simulator`, async () => {
        for (const step of steps) {
          const params = (side) => step.params?.(ids[side]) ?? {};
          const real = await moodle(step.fn, params('Moodle'), { token: step.token ?? 'admin' });
          const simulated = await simCall(step.fn, params('simulator'), { token: step.token ?? 'admin' });
          const where = `${step.title} (${step.fn})`;
          if (real.status !== simulated.status) lines.push(`${where}: HTTP Moodle ${real.status}, simulator ${simulated.status}`);
          if ((real.json === undefined) !== (simulated.json === undefined)) {
            lines.push(`${where}: Moodle ${real.text.slice(0, 200)}, simulator ${simulated.text.slice(0, 200)}`);
            continue;
          }
          const view = step.view ?? ((a) => a);
          lines.push(...answerDifferences(step.fn, view(real.json), view(simulated.json), env, where));
          const ok = (a) => a !== undefined && !(a && typeof a === 'object' && 'exception' in a);
          if (step.save && ok(real.json) && ok(simulated.json)) {
            step.save(real.json, ids.Moodle);
            step.save(simulated.json, ids.simulator);
          }
        }
      });
      const [real, simulated] = await Promise.all([readState(moodle, lab.url), readState(simCall, sim.url)]);
      lines.push(...stateDifferences(real, simulated, { labels: ['Moodle', 'simulator'] }).map((l) => `at the end: ${l}`));
      assert.deepEqual(unexplained(lines, 'calls'), []);
    });
  } finally {
    await sim.close();
  }
});
