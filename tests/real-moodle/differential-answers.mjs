// Compares the answer the real Moodle gave to a call with the simulator's answer to the same call.
// Ids differ between the two sites: each kind of id (category, course, user, cohort, context,
// enrolment instance) has its own map from the real site's ids to the simulator's, learned where
// both answered an id at the same place; a contradiction is a difference. Times Moodle sets with
// its clock compare as "set or 0"; the site's URL is left out.
import { CLOCK_FIELDS, siteNeutral } from './moodle-state.mjs';

const KEY_KINDS = {
  parent: 'category', categoryid: 'category', newparent: 'category',
  courseid: 'course', courseids: 'course', userid: 'user', userids: 'user', cohortid: 'cohort', cohortids: 'cohort',
  contextid: 'context', enrolid: 'enrol', itemid: 'item',
};

/** The kind of the `id` key in the answers of each function (by name). */
function idKindOf(wsfunction) {
  if (/_categor/.test(wsfunction)) return 'category';
  if (/core_course_|duplicate_course/.test(wsfunction)) return 'course';
  if (/core_user_|core_enrol_get_enrolled_users/.test(wsfunction)) return 'user';
  if (/core_cohort_/.test(wsfunction)) return 'cohort';
  return 'id';
}

const VOLATILE_KEYS = new Set(['userprivateaccesskey']);

export class KindIdMaps {
  constructor() {
    this.maps = new Map();
  }

  /** Records that real id `real` of `kind` is simulator id `sim`; a problem text on a contradiction. */
  observe(kind, real, sim) {
    if (!this.maps.has(kind)) this.maps.set(kind, { toSim: new Map(), toReal: new Map() });
    const m = this.maps.get(kind);
    if (m.toSim.has(real) && m.toSim.get(real) !== sim) return `Moodle's ${kind} ${real} is simulator ${kind} ${m.toSim.get(real)}, here ${sim}`;
    if (m.toReal.has(sim) && m.toReal.get(sim) !== real) return `simulator ${kind} ${sim} is Moodle's ${kind} ${m.toReal.get(sim)}, here ${real}`;
    m.toSim.set(real, sim);
    m.toReal.set(sim, real);
    return null;
  }

  /** A real site's text with every number that is a known id of any kind put in simulator terms. */
  localise(text) {
    return text.replace(/\d+/g, (n) => {
      const hits = [...this.maps.values()].filter((m) => m.toSim.has(Number(n)));
      return hits.length === 1 ? String(hits[0].toSim.get(Number(n))) : n;
    });
  }
}

const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);

/**
 * Lines naming each difference between `real` and `sim` (decoded JSON answers of `wsfunction`).
 * `env`: { ids: KindIdMaps, realOrigin, simOrigin }.
 */
export function answerDifferences(wsfunction, real, sim, env, where = 'answer') {
  const lines = [];
  const idKind = idKindOf(wsfunction);
  const walk = (a, b, key, path) => {
    if (VOLATILE_KEYS.has(key)) return;
    if (typeOf(a) !== typeOf(b)) {
      lines.push(`${path}: Moodle ${JSON.stringify(a)?.slice(0, 200)}, simulator ${JSON.stringify(b)?.slice(0, 200)}`);
      return;
    }
    if (Array.isArray(a)) {
      if (a.length !== b.length) lines.push(`${path}: Moodle ${a.length} items, simulator ${b.length}`);
      for (let i = 0; i < Math.min(a.length, b.length); i += 1) walk(a[i], b[i], key, `${path}[${i}]`);
      return;
    }
    if (a && typeof a === 'object') {
      const missing = Object.keys(a).filter((k) => !(k in b));
      const extra = Object.keys(b).filter((k) => !(k in a));
      if (missing.length) lines.push(`${path}: keys only in Moodle's answer: ${missing.join(', ')}`);
      if (extra.length) lines.push(`${path}: keys only in the simulator's answer: ${extra.join(', ')}`);
      if (!missing.length && !extra.length && Object.keys(a).join() !== Object.keys(b).join()) lines.push(`${path}: keys in another order`);
      for (const k of Object.keys(a)) if (k in b) walk(a[k], b[k], k, `${path}.${k}`);
      return;
    }
    if (CLOCK_FIELDS.has(key) && typeof a === 'number') {
      if ((a === 0) !== (b === 0)) lines.push(`${path}: Moodle ${a}, simulator ${b}`);
      return;
    }
    const kind = key === 'id' || key === 'ids' ? idKind : KEY_KINDS[key];
    if (kind && typeof a === 'number' && a > 0 && b > 0) {
      const problem = env.ids.observe(kind, a, b);
      if (problem) lines.push(`${path}: ${problem}`);
      return;
    }
    if (key === 'path' && typeof a === 'string' && /^(\/\d+)+$/.test(a) && /^(\/\d+)+$/.test(b)) {
      const [x, y] = [a.split('/').slice(1).map(Number), b.split('/').slice(1).map(Number)];
      if (x.length !== y.length) lines.push(`${path}: Moodle ${a}, simulator ${b}`);
      else x.forEach((id, i) => { const p = env.ids.observe('category', id, y[i]); if (p) lines.push(`${path}: ${p}`); });
      return;
    }
    if (typeof a === 'string') {
      // An error message may name an object by its id: those are put in simulator terms.
      const left = siteNeutral(key === 'message' ? env.ids.localise(a) : a, env.realOrigin);
      const right = siteNeutral(b, env.simOrigin);
      if (left !== right) lines.push(`${path}: Moodle ${JSON.stringify(a).slice(0, 300)}, simulator ${JSON.stringify(b).slice(0, 300)}`);
      return;
    }
    if (a !== b) lines.push(`${path}: Moodle ${JSON.stringify(a)}, simulator ${JSON.stringify(b)}`);
  };
  walk(real, sim, '', where);
  return lines;
}
