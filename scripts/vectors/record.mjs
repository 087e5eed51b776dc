// Records one decision vector: builds the scenario's Moodle in the simulator, runs the engine
// against it (earlier runs first, when the scenario has them), keeps every answer Moodle gave, then
// replays those answers with `replay_engine`, whose result becomes the vector's expectation.
import { startSimulator } from '../../simulator/server.mjs';
import { createMoodleClient } from '../../js/host/moodle-client.mjs';
import { testClock } from '../../tests/js/test-clock.mjs';
import { SITE } from './export-builders.mjs';

/** Sets an attribute of the entity `type`/`uuid` in the documents, as a host's write-back does. */
function writeBack(documents, type, uuid, field, value) {
  for (const { document } of documents) {
    for (const r of [...(Array.isArray(document.data) ? document.data : []), ...(document.included ?? [])]) {
      if (r.type === type && r.id === uuid) {
        r.attributes[field] = value;
        return true;
      }
    }
  }
  return false;
}

// Moodle names itself in some answers (profile image URLs): the configured URL, not the simulator's
// random port, so that recording again gives the same vectors.
const MOODLE_URL = 'https://moodle.example.edu';

function withMoodleUrl(body, simUrl) {
  const escaped = (url) => url.replace(/\//g, '\\/');
  return body.split(simUrl).join(MOODLE_URL).split(escaped(simUrl)).join(escaped(MOODLE_URL));
}

// Answers as the engine is fed them; the JSON content type is what the engine assumes anyway.
function keptAnswer(result, simUrl) {
  const answer = { status: result.status, body: withMoodleUrl(result.body, simUrl) };
  if (result.content_type && !result.content_type.startsWith('application/json')) answer.content_type = result.content_type;
  if (result.transport_error) answer.transport_error = result.transport_error;
  return answer;
}

async function runOnce(core, sim, client, { config, documents, journal, dryRun = false, writeBackErrors = [], beforeCall }) {
  const answers = [];
  let calls = 0;
  const perform = async (action) => {
    if (action.kind === 'call') {
      calls += 1;
      if (beforeCall?.[calls]) await beforeCall[calls](sim);
      const result = await client.send(action.body);
      answers.push(keptAnswer(result, sim.url));
      return result;
    }
    if (action.kind === 'journal') {
      journal.push(...action.records);
      return { ok: true };
    }
    if (action.kind !== 'write_back') return { ok: true };  // the state store's replacement: nothing to keep here
    if (writeBackErrors.includes(action.entity.label)) return { ok: false, error: 'the export is read-only' };
    writeBack(documents, action.entity.type, action.entity.uuid, action.field, action.value);
    return { ok: true };
  };
  const report = await core.runEngine({ config, site_url: SITE, documents, journal: [...journal], dry_run: dryRun }, perform);
  return { answers, report };
}

/** A helper that calls the simulator as its administrator would, outside any sync. */
function adminCalls(core, sim) {
  return async (wsfunction, params = {}) => {
    const { body } = core.encodeCall(wsfunction, params);
    const response = await fetch(`${sim.url}/webservice/rest/server.php`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `wstoken=${sim.tokens.admin}&${body}`,
    });
    const answer = await response.json();
    if (answer && answer.exception) throw new Error(`seeding ${wsfunction}: ${answer.message}`);
    return answer;
  };
}

/**
 * A scenario: {name, config, documents: [{name, document}], seed?(moodle, sim), prior?: [{edit?,
 * seed?, writeBackErrors?, keepJournal?}], edit?(documents), seedAfter?(moodle, sim), journal?,
 * keepJournal?, dryRun?, writeBackErrors?, faults?, token?, beforeCall?: {n: async (moodle, sim)},
 * sim?: startSimulator options, refused?: the configuration is expected to be refused}.
 * Returns the vector case {name, input, expect}.
 */
export async function recordCase(core, sc) {
  if (sc.refused) {
    // A configuration the core refuses: no run, the answer names every mistake.
    const input = { config: sc.config, site_url: SITE, documents: sc.documents, answers: [] };
    const expect = core.call('replay_engine', input);
    if (expect.ok) throw new Error(`${sc.name}: the configuration was accepted`);
    return { name: sc.name, input, expect };
  }
  const sim = await startSimulator({ clock: testClock, ...(sc.sim ?? {}) });
  try {
    const moodle = adminCalls(core, sim);
    const client = createMoodleClient({ url: sim.url, token: sim.tokens[sc.token ?? 'admin'] });
    const adminClient = createMoodleClient({ url: sim.url, token: sim.tokens.admin });
    if (sc.seed) await sc.seed(moodle, sim);
    const documents = structuredClone(sc.documents);
    let journal = [];
    for (const prior of sc.prior ?? []) {
      if (prior.edit) prior.edit(documents);
      if (prior.seed) await prior.seed(moodle, sim);
      const kept = [];
      await runOnce(core, sim, adminClient, { config: prior.config ?? sc.config, documents, journal: kept, writeBackErrors: prior.writeBackErrors });
      // A host keeps what an interrupted write-back needs; ids that landed in the export are dropped.
      journal = prior.keepJournal ? [...journal, ...kept] : journal;
    }
    if (sc.edit) sc.edit(documents);
    if (sc.seedAfter) await sc.seedAfter(moodle, sim);
    if (sc.journal) journal = [...journal, ...sc.journal];
    const inputDocuments = structuredClone(documents);
    sim.resetCallLog();
    if (sc.faults) sim.setFaults(sc.faults);
    const hooks = Object.fromEntries(Object.entries(sc.beforeCall ?? {}).map(([n, f]) => [n, () => f(moodle, sim)]));
    const live = await runOnce(core, sim, client, {
      config: sc.config, documents, journal: [...journal], dryRun: sc.dryRun, writeBackErrors: sc.writeBackErrors, beforeCall: hooks,
    });
    const input = { config: sc.config, site_url: SITE, documents: inputDocuments, answers: live.answers };
    if (journal.length) input.journal = journal;
    if (sc.dryRun) input.dry_run = true;
    if (sc.writeBackErrors?.length) input.write_back_errors = sc.writeBackErrors;
    const expect = core.call('replay_engine', input);
    if (!expect.ok) throw new Error(`${sc.name}: replay_engine refused the input: ${JSON.stringify(expect.error)}`);
    const replayed = expect.value.actions.filter((a) => a.call).length;
    if (replayed !== live.answers.length) {
      throw new Error(`${sc.name}: the replay made ${replayed} calls, the live run ${live.answers.length}`);
    }
    if (JSON.stringify(expect.value.report.summary) !== JSON.stringify(live.report.summary)) {
      throw new Error(`${sc.name}: the replay's summary differs from the live run's`);
    }
    return { name: sc.name, input, expect };
  } finally {
    await sim.close();
  }
}
