// What a Moodle site holds, read through its web services and keyed by names instead of ids, so
// that two sites (the real Moodle and the simulator) or a site and an export can be compared
// object by object: categories by idnumber (or name), courses by shortname, users by username,
// cohorts by idnumber, enrolments by course and user. Every id inside an object is replaced by
// the key of the object it points to; times Moodle sets itself become "set" or 0.
import { read } from './lab.mjs';

/** Runs `fn` over `items` with at most `width` calls in flight (the lab's PHP server has 4 workers). */
export async function pool(items, width, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** Fields Moodle fills with the clock: only whether they are set can be compared. */
export const CLOCK_FIELDS = new Set(['timecreated', 'timemodified', 'cacherev', 'firstaccess', 'lastaccess', 'lastlogin',
  'currentlogin', 'lastcourseaccess', 'timeaccess']);

/** The raw answers of the reads (ids as Moodle gave them). */
export async function readRaw(call) {
  const categories = await read('core_course_get_categories', {}, call);
  const courses = (await read('core_course_get_courses_by_field', {}, call)).courses.filter((c) => c.format !== 'site');
  const users = (await read('core_user_get_users', { criteria: [{ key: 'auth', value: 'manual' }] }, call)).users;
  const cohorts = await read('core_cohort_get_cohorts', {}, call);
  const members = cohorts.length ? await read('core_cohort_get_cohort_members', { cohortids: cohorts.map((c) => c.id) }, call) : [];
  const enrolled = await pool(courses, 4, async (course) => {
    const all = await read('core_enrol_get_enrolled_users', { courseid: course.id, options: [{ name: 'userfields', value: 'id,roles' }] }, call);
    const suspended = all.length
      ? await read('core_enrol_get_enrolled_users', { courseid: course.id, options: [{ name: 'onlysuspended', value: 1 }, { name: 'userfields', value: 'id' }] }, call)
      : [];
    return { courseid: course.id, all, suspended: new Set(suspended.map((u) => u.id)) };
  });
  return { categories, courses, users, cohorts, members, enrolled };
}

function keyedBy(list, keyOf, kind) {
  const map = new Map();
  for (const item of list) {
    const key = keyOf(item);
    if (map.has(key)) throw new Error(`two ${kind} with the key ${JSON.stringify(key)}: ids ${map.get(key).id} and ${item.id}`);
    map.set(key, item);
  }
  return map;
}

/** Replaces the site's own URL and cache revisions in a text, which differ from site to site. */
export function siteNeutral(text, origin) {
  return text.split(origin).join('<site>').split(origin.replace(/\//g, '\\/')).join('<site>')
    .replace(/\/theme\/image\.php\/(\w+)\/(\w+)\/\d+\//g, '/theme/image.php/$1/$2/<rev>/')
    .replace(/\/pluginfile\.php\/\d+\//g, '/pluginfile.php/<context>/');
}

function neutralValue(key, value, origin) {
  if (CLOCK_FIELDS.has(key) && typeof value === 'number') return value === 0 ? 0 : 'set';
  if (typeof value === 'string') return siteNeutral(value, origin);
  if (Array.isArray(value)) return value.map((v) => neutralValue('', v, origin));
  // A user preference that holds the time the user's session last loaded them.
  if (value && value.name === '_lastloaded' && typeof value.value === 'number') return { ...value, value: 'set' };
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, neutralValue(k, v, origin)]));
  return value;
}

/**
 * The site as named objects: `{ categories, courses, users, cohorts, enrolments }`, each a plain
 * object keyed by name, with every field Moodle answered (ids mapped to keys).
 */
export function nameState(raw, origin) {
  const categoryKey = (c) => `category ${c.idnumber || c.name}`;
  const cats = keyedBy(raw.categories, categoryKey, 'categories');
  const catById = new Map(raw.categories.map((c) => [c.id, categoryKey(c)]));
  const courseById = new Map(raw.courses.map((c) => [c.id, `course ${c.shortname}`]));
  const userById = new Map(raw.users.map((u) => [u.id, `user ${u.username}`]));
  const byId = (map, id) => (id === 0 ? 0 : map.get(id) ?? `unknown id ${id}`);
  const strip = (o, ...keys) => {
    const copy = { ...o };
    for (const k of keys) delete copy[k];
    return copy;
  };

  const categories = {};
  for (const [key, c] of cats) {
    categories[key] = neutralValue('', {
      ...strip(c, 'id'),
      parent: byId(catById, c.parent),
      path: c.path.split('/').filter(Boolean).map((id) => byId(catById, Number(id))).join(' / '),
    }, origin);
  }
  const courses = {};
  for (const c of keyedBy(raw.courses, (x) => `course ${x.shortname}`, 'courses').values()) {
    courses[`course ${c.shortname}`] = neutralValue('', { ...strip(c, 'id'), categoryid: byId(catById, c.categoryid) }, origin);
  }
  const users = {};
  for (const u of keyedBy(raw.users, (x) => `user ${x.username}`, 'users').values()) {
    users[`user ${u.username}`] = neutralValue('', strip(u, 'id'), origin);
  }
  const cohorts = {};
  const membersOf = new Map(raw.members.map((m) => [m.cohortid, m.userids]));
  for (const c of keyedBy(raw.cohorts, (x) => `cohort ${x.idnumber || x.name}`, 'cohorts').values()) {
    cohorts[`cohort ${c.idnumber || c.name}`] = neutralValue('', {
      ...strip(c, 'id'),
      members: (membersOf.get(c.id) ?? []).map((id) => byId(userById, id)).sort(),
    }, origin);
  }
  const enrolments = {};
  for (const { courseid, all, suspended } of raw.enrolled) {
    for (const u of all) {
      enrolments[`enrolment ${byId(courseById, courseid).replace(/^course /, '')} / ${byId(userById, u.id).replace(/^user /, '')}`] = {
        roles: (u.roles ?? []).map((r) => r.roleid).sort((a, b) => a - b),
        status: suspended.has(u.id) ? 'suspended' : 'active',
      };
    }
  }
  return { categories, courses, users, cohorts, enrolments };
}

/** Reads and names the state of the site behind `call` (whose URL is `origin`). */
export async function readState(call, origin) {
  return nameState(await readRaw(call), origin);
}

/**
 * The differences between two named states (or parts of them), as lines naming the object and
 * the field: `courses/course DE-A1: summary: "a" | "b"`. `labels` names the two sides.
 */
export function stateDifferences(left, right, { labels = ['left', 'right'], ignore = () => false } = {}) {
  const lines = [];
  const show = (v) => (v === undefined ? '(absent)' : JSON.stringify(v));
  const walk = (a, b, where, field) => {
    if (ignore(where, field)) return;
    const objects = (v) => v && typeof v === 'object' && !Array.isArray(v);
    if (objects(a) && objects(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], where, field ? `${field}.${k}` : k);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) lines.push(`${where}: ${field}: ${labels[0]} ${show(a)}, ${labels[1]} ${show(b)}`);
  };
  for (const part of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const a = left[part] ?? {};
    const b = right[part] ?? {};
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const where = `${part}/${key}`;
      if (!(key in a) || !(key in b)) {
        if (!ignore(where, '')) lines.push(`${where}: only on ${key in a ? labels[0] : labels[1]}`);
        continue;
      }
      walk(a[key], b[key], where, '');
    }
  }
  return lines;
}
