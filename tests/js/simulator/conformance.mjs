// Conformance of the simulator with the Moodle 4.5 recordings: replays every case of a transcript
// file, in recorded order, against a fresh in-process simulator, and compares each answer (and each
// recorded read-back) with what the real site answered. Only ids, timestamps and the site URL may
// differ; ids are learned as they appear (answers, read-backs, fixtures) and later requests are
// rewritten with the simulator's ids. Cases that cannot behave like the recording are listed, with
// the reason, in tests/simulator/known-differences/<file>.json; a listed case that passes is an
// error too, so the list stays honest.
//
// The simulator's clock is pinned to the time each case was recorded (conformance/recorded-clock.mjs).
//
// Per-file helpers live next to this file (all optional):
//   fixtures/<file>.mjs exports
//     before / after: { <case>: async (api, caseRecord) => {} }  setup the recorder did without
//                      recording it (use api.call and api.learn(recordedId, simId))
//     rebuildBody:    { <case>: (caseRecord) => body }  a request body the recorder cut; the replay
//                      checks its length against the recorder's note
//     checks:         { <case>: async (api, caseRecord, res) => problems[] }  replaces the state_after
//                      comparison where the recorder summarised state instead of reading it back
//     simOptions:     extra startSimulator() options
//     recordedAt:     the time of the recording (seconds), for a file that records no timecreated or
//                     timemodified
//   readbacks/*.mjs exports `readbacks: [{ match(spec, caseRecord), async read(spec, api, caseRecord),
//     ignoredKeys? }]`: redoes a recorded read-back (`state_after.readback` / `.via`) and returns an
//     object whose keys are compared with the recorded ones (only the recorded fields).
// `api` is { sim, idmap, env, call(wsfunction, params, { token }), learn(recorded, simId), simId(recorded) }.

import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSimulator, ENDPOINT } from '../../../simulator/server.mjs';
import { IdMap } from './conformance/id-map.mjs';
import { compareError, compareValue, sameTextModuloIds } from './conformance/compare.mjs';
import { xmlSkeleton, xmlToTree } from './conformance/xml-tree.mjs';
import { encodeForm, replayRequest } from './conformance/replay-request.mjs';
import { send } from './conformance/http-client.mjs';
import { recordedClocks } from './conformance/recorded-clock.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const TRANSCRIPT_DIR = process.env.MOODLE_TRANSCRIPTS ?? '/work/shared/moodle-4.5-transcripts';
export const KNOWN_DIFFERENCES_DIR = join(HERE, '../../simulator/known-differences');
export const TRANSCRIPT_FILES = ['protocol', 'categories', 'courses', 'templates', 'limits', 'users', 'cohorts', 'enrolments', 'roles', 'completion'];
/** The project's own recordings of a real Moodle 4.5, in the same format (each with its recorder script). */
export const RECORDING_DIR = join(HERE, '../../simulator/recordings');
export const RECORDING_FILES = readdirSync(RECORDING_DIR).filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -'.jsonl'.length)).sort();

const RECORDED_ORIGIN = 'http://127.0.0.1:8080';
const BODY_CUT = /…\[truncated by recorder: body was (\d+) chars\]$/;
/** The recorded site had only this course custom field. */
const RECORDED_CUSTOM_FIELDS = [{ shortname: 'labdept', name: 'Department', type: 'text', category: 'Lab fields', visibility: 2 }];

/**
 * Simulator ids start in a different range per table, so that an id says which table it belongs to
 * and one recorded id can never be confused with another table's id during the replay.
 */
const ID_RANGES = {
  categories: 10000, courses: 20000, contexts: 30000, users: 40000, cohorts: 50000, cohortMembers: 60000,
  enrolInstances: 70000, userEnrolments: 80000, roleAssignments: 90000, userPreferences: 95000, courseSections: 97000,
};

export function loadCases(name, dir = TRANSCRIPT_DIR) {
  return readFileSync(join(dir, `${name}.jsonl`), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

export function loadKnownDifferences(name) {
  const file = join(KNOWN_DIFFERENCES_DIR, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

async function importIfPresent(file) {
  return existsSync(file) ? import(pathToFileURL(file).href) : {};
}

async function loadReadbacks() {
  const dir = join(HERE, 'readbacks');
  const handlers = [];
  if (!existsSync(dir)) return handlers;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) {
    const mod = await import(pathToFileURL(join(dir, file)).href);
    handlers.push(...(mod.readbacks ?? []));
  }
  return handlers;
}

/** The helper object fixtures, checks and read-backs get. */
function makeApi(sim, idmap, env) {
  return {
    sim,
    idmap,
    env,
    /** Calls a function as admin (or `token: 'nocap'|'otherservice'`) and returns the parsed JSON answer. */
    async call(wsfunction, params = {}, { token = 'admin' } = {}) {
      const body = `wstoken=${sim.tokens[token]}&wsfunction=${wsfunction}&moodlewsrestformat=json${Object.keys(params).length ? `&${encodeForm(params)}` : ''}`;
      const res = await send(sim.url, { method: 'POST', path: ENDPOINT, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
      if (res.transportError) throw new Error(`${wsfunction}: ${res.transportError}`);
      return JSON.parse(res.body);
    },
    /** Teaches the id map that recorded id `recorded` is `simId` in this replay. */
    learn(recorded, simId) {
      const problem = idmap.observe(recorded, simId, 'fixture');
      if (problem) throw new Error(problem);
    },
    /** The simulator id for a recorded id (the id itself if not learned). */
    simId: (recorded) => idmap.sim(recorded),
  };
}

/** Objects in state_after that name a read-back (`readback`, or `via` in the people files). */
function readbackSpecs(state, path = 'state') {
  const specs = [];
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return specs;
  const isSpec = (o) => o && typeof o === 'object' && !Array.isArray(o) && (typeof o.readback === 'string' || typeof o.via === 'string');
  if (isSpec(state)) {
    const expected = {};
    for (const [key, v] of Object.entries(state)) {
      if (key === 'readback' || key === 'via') continue;
      if (isSpec(v) || (v && typeof v === 'object' && !Array.isArray(v) && readbackSpecs(v).length)) specs.push(...readbackSpecs(v, `${path}.${key}`));
      else expected[key] = v;
    }
    specs.unshift({ spec: state, expected, path });
    return specs;
  }
  for (const [key, v] of Object.entries(state)) specs.push(...readbackSpecs(v, `${path}.${key}`));
  return specs;
}

async function compareState(caseRecord, api, handlers, problems) {
  for (const { spec, expected, path } of readbackSpecs(caseRecord.state_after)) {
    const handler = handlers.find((h) => h.match(spec, caseRecord));
    if (!handler) {
      problems.push(`${path}: no read-back handler for ${JSON.stringify(spec.readback ?? spec.via)}`);
      continue;
    }
    let actual;
    try {
      actual = await handler.read(spec, api, caseRecord);
    } catch (e) {
      problems.push(`${path}: read-back failed: ${e.message}`);
      continue;
    }
    if (actual?.skip) continue;
    for (const [key, value] of Object.entries(expected)) {
      if (handler.ignoredKeys?.includes(key)) continue;
      if (!actual || !(key in actual)) {
        problems.push(`${path}.${key}: not in the simulator's read-back`);
        continue;
      }
      compareValue(value, actual[key], key, `${path}.${key}`, api.env, problems, 'reduced');
    }
  }
}

function compareHeaders(recorded, headers, problems) {
  const ct = headers['content-type'];
  if (recorded['content-type'] !== ct) problems.push(`content-type ${JSON.stringify(ct)}, recorded ${JSON.stringify(recorded['content-type'])}`);
  const cors = (h) => Object.keys(h).filter((k) => k.startsWith('access-control-')).sort().map((k) => `${k}: ${h[k]}`).join('; ');
  if (cors(recorded) !== cors(headers)) problems.push(`CORS headers "${cors(headers)}", recorded "${cors(recorded)}"`);
}

function compareBody(response, res, env, problems) {
  const recordedBody = response.body ?? '';
  if (recordedBody === 'null') {
    if (res.body !== 'null') problems.push(`body ${JSON.stringify(res.body.slice(0, 200))}, recorded null`);
    return;
  }
  const type = response.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) {
    let simJson;
    try {
      simJson = JSON.parse(res.body);
    } catch {
      problems.push(`body is not JSON: ${JSON.stringify(res.body.slice(0, 200))}`);
      return;
    }
    // PHP's json_encode: every '/' escaped, nothing but ASCII.
    if (/(^|[^\\])\//.test(res.body) || /[^\x00-\x7f]/.test(res.body)) problems.push('JSON not encoded like PHP json_encode (unescaped / or non-ASCII)');
    const rec = response.json;
    if (rec && typeof rec === 'object' && !Array.isArray(rec) && 'exception' in rec) compareError(rec, simJson, env, problems);
    else compareValue(rec, simJson, '', 'answer', env, problems, 'full');
    return;
  }
  if (type.startsWith('application/xml')) {
    const rec = xmlToTree(recordedBody);
    const sim = xmlToTree(res.body);
    if (rec.tree && typeof rec.tree === 'object' && !Array.isArray(rec.tree) && 'exception' in rec.tree) compareError(rec.tree, sim.tree ?? {}, env, problems);
    else if (rec.empty) { if (!sim.empty) problems.push('XML answer has content, recorded an empty RESPONSE'); } else compareValue(rec.tree, sim.tree, '', 'answer', env, problems, 'full');
    const skeleton = xmlSkeleton(recordedBody).replace(/<VALUE>[^<]*$/, '').replace(/<[^>]*$/, '');
    if (!xmlSkeleton(res.body).startsWith(skeleton)) problems.push('XML layout differs from the recording');
    return;
  }
  if (recordedBody !== res.body) problems.push(`body ${JSON.stringify(res.body.slice(0, 200))}, recorded ${JSON.stringify(recordedBody.slice(0, 200))}`);
}

async function replayCase(caseRecord, { sim, api, fixture, handlers }) {
  const problems = [];
  const name = caseRecord.case;
  await fixture.before?.[name]?.(api, caseRecord);

  let body = caseRecord.request.body;
  if (typeof body === 'string' && BODY_CUT.test(body)) {
    // A fixture rebuild, or the recorded params when the recorder kept them whole.
    const rebuild = fixture.rebuildBody?.[name]
      ?? (!caseRecord.request.params_trimmed && caseRecord.request.params ? (c) => encodeForm(c.request.params) : null);
    if (!rebuild) return ['request body was cut by the recorder and no rebuild is defined'];
    body = rebuild(caseRecord);
    const expectedLength = Number(BODY_CUT.exec(caseRecord.request.body)[1]);
    if (body.length !== expectedLength) problems.push(`rebuilt body has ${body.length} chars, the recorder saw ${expectedLength}`);
  }

  const request = replayRequest(caseRecord.request, { tokens: sim.tokens, idmap: api.idmap, body });
  const res = await send(sim.url, request);
  const { response } = caseRecord;
  if (response.status === null) {
    if (!res.transportError) problems.push(`got HTTP ${res.status}, recorded no answer at all (${response.transport_error})`);
  } else if (res.transportError) {
    problems.push(`no HTTP answer (${res.transportError}), recorded ${response.status}`);
  } else {
    if (res.status !== response.status) problems.push(`status ${res.status}, recorded ${response.status}`);
    compareHeaders(response.headers, res.headers, problems);
    compareBody(response, res, api.env, problems);
  }

  // With debugging on, Moodle would have said why a call failed (server_debuginfo); the simulator
  // keeps that reason in its call log, so the reason is compared too, not only the generic answer.
  const recordedReason = caseRecord.server_debuginfo?.debuginfo;
  const simReason = sim.callLog.find((e) => e.debuginfo !== undefined)?.debuginfo;
  if (recordedReason && simReason !== undefined && !sameTextModuloIds(recordedReason, simReason, api.env)) {
    problems.push(`debuginfo ${JSON.stringify(simReason)}, recorded ${JSON.stringify(recordedReason)}`);
  }

  const check = fixture.checks?.[name];
  if (check) problems.push(...(await check(api, caseRecord, res)));
  else if (caseRecord.state_after) await compareState(caseRecord, api, handlers, problems);
  await fixture.after?.[name]?.(api, caseRecord);
  const internal = sim.callLog.filter((e) => e.internalError);
  if (internal.length) problems.push(`simulator error: ${internal[0].internalError.split('\n')[0]}`);
  sim.resetCallLog();
  return problems;
}

/**
 * Replays one transcript file. Returns { name, cases: [{ case, problems, knownDifference }],
 * passed, knownDifferences, failed, unexpectedPasses }.
 */
export async function replayTranscript(name, { transcriptDir = TRANSCRIPT_DIR } = {}) {
  const cases = loadCases(name, transcriptDir);
  const fixture = await importIfPresent(join(HERE, 'fixtures', `${name}.mjs`));
  const handlers = await loadReadbacks();
  const known = loadKnownDifferences(name);
  const clocks = recordedClocks(cases, { file: `${name}.jsonl`, recordedAt: fixture.recordedAt });
  let now = clocks[0];
  const sim = await startSimulator({ courseCustomFields: RECORDED_CUSTOM_FIELDS, ...(fixture.simOptions ?? {}), clock: () => now });
  for (const [table, start] of Object.entries(ID_RANGES)) {
    if (table in sim.state.sequences) sim.state.sequences[table] = Math.max(sim.state.sequences[table], start);
  }
  const idmap = new IdMap();
  const env = { idmap, recordedOrigin: RECORDED_ORIGIN, simOrigin: sim.url };
  const api = makeApi(sim, idmap, env);
  const report = { name, cases: [], passed: 0, knownDifferences: 0, failed: 0, unexpectedPasses: 0 };
  try {
    for (const [index, caseRecord] of cases.entries()) {
      now = clocks[index];
      let problems;
      try {
        problems = await replayCase(caseRecord, { sim, api, fixture, handlers });
      } catch (e) {
        problems = [`replay error: ${e.stack ?? e}`];
      }
      const reason = known[caseRecord.case];
      const entry = { case: caseRecord.case, problems, knownDifference: reason };
      if (problems.length === 0 && reason) report.unexpectedPasses += 1;
      else if (problems.length === 0) report.passed += 1;
      else if (reason) report.knownDifferences += 1;
      else report.failed += 1;
      report.cases.push(entry);
    }
    const caseNames = new Set(cases.map((c) => c.case));
    report.staleEntries = Object.keys(known).filter((c) => !caseNames.has(c));
  } finally {
    await sim.close();
  }
  return report;
}

/** Human-readable lines for the failures of a report. */
export function describeFailures(report) {
  const lines = [];
  for (const entry of report.cases) {
    if (entry.problems.length && !entry.knownDifference) {
      lines.push(`${report.name}/${entry.case}:`, ...entry.problems.slice(0, 6).map((p) => `    ${p}`));
    } else if (!entry.problems.length && entry.knownDifference) {
      lines.push(`${report.name}/${entry.case}: listed as a known difference but now passes; remove it from known-differences/${report.name}.json`);
    }
  }
  for (const stale of report.staleEntries ?? []) lines.push(`${report.name}/${stale}: listed as a known difference but no such case`);
  return lines;
}
