// Compares a recorded answer (or read-back) with the simulator's, value by value, allowing only the
// differences a replay on another site must have: ids (learned into the IdMap, then checked),
// timestamps, the site URL, and values the recorder cut short.

import { PARTIAL } from './xml-tree.mjs';

const ID_KEYS = new Set(['id', 'ids', 'itemid', 'parent', 'newparent', 'instanceid', 'contextid', 'courseid', 'categoryid',
  'userid', 'cohortid', 'enrolid', 'roleid', 'groupid', 'userids', 'courseids', 'cohortids', 'categoryids', 'ueid']);
const TIMESTAMP_KEYS = new Set(['timecreated', 'timemodified', 'cacherev', 'lastaccess', 'firstaccess', 'lastlogin',
  'currentlogin', 'lastcourseaccess', 'timeaccess', 'firstaccesstime']);
/** Values that differ on every site and carry no behaviour. */
const VOLATILE_KEYS = new Set(['userprivateaccesskey']);

const STRING_CUT = /…\[truncated by recorder: string was (\d+) chars\]$/;
const LIST_CUT = /^…\[truncated by recorder: (\d+) more items, (\d+) in all\]$/;
const TIMESTAMP_IN_TEXT = /(?<![\d])1[6-9]\d{8}(?![\d])/g;

export function isIdKey(key) {
  return ID_KEYS.has(key);
}

function typeName(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v;
}

/** A recorded text with its known ids replaced by the simulator's and its site URL by the simulator's. */
export function localiseText(text, env) {
  let out = text.split(env.recordedOrigin).join(env.simOrigin).split(env.recordedOrigin.replace(/\//g, '\\/')).join(env.simOrigin);
  out = out.replace(/(?<![\w.])\d+(?![\w.])/g, (n) => (env.idmap.has(Number(n)) ? String(env.idmap.sim(Number(n))) : n));
  return out;
}

/**
 * Compares two texts "modulo ids": known ids must map exactly; a number the map does not know yet
 * may differ when it is big enough to be an id (error messages name objects by id).
 */
export function sameTextModuloIds(recorded, actual, env) {
  if (recorded === actual) return true;
  const localised = localiseText(recorded, env).replace(TIMESTAMP_IN_TEXT, '#ts');
  const simText = actual.replace(TIMESTAMP_IN_TEXT, '#ts');
  if (localised === simText) return true;
  const pattern = localised.split(/(\d+)/).map((part, i) => (i % 2 === 1
    ? (Number(part) >= 100 && !env.idmap.has(Number(part)) ? '\\d+' : part)
    : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${pattern}$`).test(simText);
}

function compareScalar(rec, sim, key, path, env, problems) {
  if (VOLATILE_KEYS.has(key) || TIMESTAMP_KEYS.has(key)) {
    if (typeName(rec) !== typeName(sim) && !(rec === null || sim === null)) problems.push(`${path}: type ${typeName(sim)}, recorded ${typeName(rec)}`);
    return;
  }
  if (typeof rec === 'string' && STRING_CUT.test(rec)) {
    const [, length] = STRING_CUT.exec(rec);
    const prefix = rec.replace(STRING_CUT, '');
    if (typeof sim !== 'string' || !sim.startsWith(prefix) || sim.length !== Number(length)) {
      problems.push(`${path}: expected a ${length}-char text starting like the recording`);
    }
    return;
  }
  if (typeName(rec) !== typeName(sim)) {
    problems.push(`${path}: ${JSON.stringify(sim)} (${typeName(sim)}), recorded ${JSON.stringify(rec)} (${typeName(rec)})`);
    return;
  }
  if (isIdKey(key) && rec !== null && /^\d+$/.test(String(rec)) && /^\d+$/.test(String(sim))) {
    const problem = env.idmap.observe(Number(rec), Number(sim), path);
    if (problem) problems.push(problem);
    return;
  }
  if (typeof rec === 'string') {
    if (key === 'path' && /^(\/\d+)+$/.test(rec) && /^(\/\d+)+$/.test(sim)) {
      const a = rec.split('/').slice(1);
      const b = sim.split('/').slice(1);
      if (a.length !== b.length) problems.push(`${path}: ${sim}, recorded ${rec}`);
      else a.forEach((r, i) => { const p = env.idmap.observe(Number(r), Number(b[i]), path); if (p) problems.push(p); });
      return;
    }
    const contextInUrl = /pluginfile\.php\/(\d+)\//;
    if (contextInUrl.test(rec) && contextInUrl.test(sim)) {
      const p = env.idmap.observe(Number(contextInUrl.exec(rec)[1]), Number(contextInUrl.exec(sim)[1]), path);
      if (p) problems.push(p);
    }
    if (!sameTextModuloIds(rec, sim, env)) problems.push(`${path}: ${JSON.stringify(sim)}, recorded ${JSON.stringify(rec)}`);
    return;
  }
  if (rec !== sim) problems.push(`${path}: ${JSON.stringify(sim)}, recorded ${JSON.stringify(rec)}`);
}

function compareList(rec, sim, key, path, env, problems, mode) {
  if (!Array.isArray(sim)) {
    problems.push(`${path}: ${typeName(sim)}, recorded a list`);
    return;
  }
  let items = rec;
  let expectedLength = rec.length;
  let atLeast = false;
  const last = rec.at(-1);
  if (typeof last === 'string' && LIST_CUT.test(last)) {
    items = rec.slice(0, -1);
    expectedLength = Number(LIST_CUT.exec(last)[2]);
  } else if (rec[PARTIAL]) {
    atLeast = true;
    items = rec.slice(0, -1); // the last item may itself be cut
  }
  if (atLeast ? sim.length < items.length : sim.length !== expectedLength) {
    problems.push(`${path}: ${sim.length} items, recorded ${atLeast ? `at least ${items.length}` : expectedLength}`);
  }
  // Pair objects by id when the recorded ids are known (order is then checked separately).
  const byKnownId = items.length > 0 && items.every((r) => r && typeof r === 'object' && 'id' in r && env.idmap.has(Number(r.id)));
  if (byKnownId) {
    const simById = new Map(sim.filter((s) => s && typeof s === 'object').map((s) => [Number(s.id), s]));
    const order = [];
    items.forEach((r, i) => {
      const target = env.idmap.sim(Number(r.id));
      const match = simById.get(target);
      if (!match) { problems.push(`${path}[${i}]: no item with id ${target} (recorded ${r.id})`); return; }
      order.push(sim.indexOf(match));
      compareValue(r, match, key, `${path}[${i}]`, env, problems, mode);
    });
    if (order.some((v, i) => i > 0 && v < order[i - 1])) problems.push(`${path}: items in another order than recorded`);
    return;
  }
  items.forEach((r, i) => {
    if (i < sim.length) compareValue(r, sim[i], key, `${path}[${i}]`, env, problems, mode);
  });
}

function compareObject(rec, sim, path, env, problems, mode) {
  if (typeName(sim) !== 'object') {
    problems.push(`${path}: ${typeName(sim)}, recorded an object`);
    return;
  }
  const recKeys = Object.keys(rec);
  const simKeys = Object.keys(sim);
  if (mode === 'full' && !rec[PARTIAL]) {
    const missing = recKeys.filter((k) => !(k in sim));
    const extra = simKeys.filter((k) => !(k in rec));
    if (missing.length) problems.push(`${path}: missing keys ${missing.join(', ')}`);
    if (extra.length) problems.push(`${path}: unexpected keys ${extra.join(', ')}`);
    const common = recKeys.filter((k) => k in sim);
    const simOrder = simKeys.filter((k) => k in rec);
    if (!missing.length && !extra.length && common.join() !== simOrder.join()) problems.push(`${path}: keys in another order`);
  } else {
    const missing = recKeys.filter((k) => !(k in sim));
    if (missing.length) problems.push(`${path}: missing keys ${missing.join(', ')}`);
  }
  for (const key of recKeys) {
    if (key in sim) compareValue(rec[key], sim[key], key, `${path}.${key}`, env, problems, mode);
  }
}

/**
 * @param mode 'full' (an answer: same keys, same order) or 'reduced' (a read-back the recorder
 *   reduced to some fields: only the recorded keys are compared)
 */
export function compareValue(rec, sim, key, path, env, problems, mode = 'full') {
  if (Array.isArray(rec)) {
    if (isIdKey(key) && rec.every((v) => typeof v === 'number') && Array.isArray(sim)) {
      if (rec.length !== sim.length) problems.push(`${path}: ${sim.length} ids, recorded ${rec.length}`);
      rec.forEach((r, i) => { if (i < sim.length) compareScalar(r, sim[i], key, `${path}[${i}]`, env, problems); });
      return;
    }
    compareList(rec, sim, key, path, env, problems, mode);
  } else if (rec !== null && typeof rec === 'object') {
    compareObject(rec, sim, path, env, problems, mode);
  } else {
    compareScalar(rec, sim, key, path, env, problems);
  }
}

/** An error answer: same exception class and errorcode (or none), same message modulo ids. */
export function compareError(rec, sim, env, problems) {
  if (sim === null || typeof sim !== 'object' || !('exception' in sim)) {
    problems.push(`answer is not an error: ${JSON.stringify(sim).slice(0, 200)}`);
    return;
  }
  if (rec.exception !== sim.exception) problems.push(`exception ${sim.exception}, recorded ${rec.exception}`);
  if (('errorcode' in rec) !== ('errorcode' in sim) || rec.errorcode !== sim.errorcode) {
    problems.push(`errorcode ${JSON.stringify(sim.errorcode)}, recorded ${JSON.stringify(rec.errorcode)}`);
  }
  if (!sameTextModuloIds(String(rec.message), String(sim.message), env)) {
    problems.push(`message ${JSON.stringify(sim.message)}, recorded ${JSON.stringify(rec.message)}`);
  }
  const extra = Object.keys(sim).filter((k) => !(k in rec));
  if (extra.length) problems.push(`error has extra keys ${extra.join(', ')}`);
}
