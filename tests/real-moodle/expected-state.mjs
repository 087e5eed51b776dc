// What Moodle must hold after a sync of an export shaped like examples/northfield (its field
// names and its configuration), worked out from the export alone, and the same view of what a
// Moodle site does hold. Both are compared object by object with stateDifferences().
//
// Texts are compared as a person reads them: names with their HTML entities decoded (Moodle
// answers names entity-escaped), formatted text as its words (tags removed, entities decoded),
// because Moodle's filters and HTMLPurifier rewrite markup on the way out.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { HTML4_ENTITIES } from '../../simulator/html4-entities.mjs';

/** HTML entities decoded: every named one Moodle's parser knows (HTML 4 and &apos;), every numeric one. */
export function decodeEntities(text) {
  return String(text ?? '').replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return HTML4_ENTITIES.has(name) ? String.fromCodePoint(HTML4_ENTITIES.get(name)) : whole;
  });
}

/** The words of formatted text: tags removed, entities decoded, ASCII white space collapsed. */
export function textOf(html) {
  return decodeEntities(String(html ?? '').replace(/<[^>]*>/g, ' ')).replace(/[ \t\r\n]+/g, ' ').trim();
}

/** Every resource of the export folder's JSON:API documents, by type. */
export async function readExportResources(exportDir) {
  const byType = new Map();
  for (const name of (await readdir(exportDir)).filter((n) => n.endsWith('.json') && n !== 'site.json').sort()) {
    const doc = JSON.parse(await readFile(path.join(exportDir, name), 'utf8'));
    for (const r of [...(doc.data ?? []), ...(doc.included ?? [])]) {
      if (!byType.has(r.type)) byType.set(r.type, new Map());
      byType.get(r.type).set(r.id, r);
    }
  }
  return byType;
}

const refs = (r, field) => {
  const data = r.relationships?.[field]?.data;
  return data == null ? [] : Array.isArray(data) ? data : [data];
};
const isIgnored = (r) => {
  const v = r.attributes.field_moodle_id;
  return !(v === undefined || v === null || v === '' || /^[1-9]\d*$/.test(String(v)));
};
const timestamp = (iso) => {
  if (!iso) return 0;
  const withZone = /T.*([zZ]|[+-]\d\d:?\d\d)$/.test(iso) ? iso : /T/.test(iso) ? `${iso}Z` : `${iso}T00:00:00Z`;
  return Math.floor(Date.parse(withZone) / 1000);
};

/**
 * The Moodle objects an export in the example's shape must produce, keyed like nameState().
 * `fixedCategoryKey` is the key of Moodle category 1 (the templates' and fallback category).
 * `stale`: values of field_moodle_id that find nothing in Moodle (such entities are not synced).
 * `previous`: the expectation of the run before, for what an export no longer claims (ignored
 * entities keep what they had; enrolments whose registrations are gone are suspended).
 */
export function expectedState(resources, { fixedCategoryKey, stale = [], previous } = {}) {
  const all = (type) => [...(resources.get(type)?.values() ?? [])];
  const staleIds = new Set(stale.map(String));
  const synced = (r) => r && !isIgnored(r) && !staleIds.has(String(r.attributes.field_moodle_id ?? ''));
  const out = { categories: {}, courses: {}, users: {}, cohorts: {}, enrolments: {} };
  const keep = (part, key) => {
    if (previous?.[part]?.[key]) out[part][key] = previous[part][key];
  };

  const categoryKey = (term) => `category category-${term.attributes.drupal_internal__tid}`;
  for (const t of all('taxonomy_term--course_categories')) {
    if (!synced(t)) {
      keep('categories', categoryKey(t));
      continue;
    }
    const parent = refs(t, 'parent').map((p) => resources.get(p.type)?.get(p.id)).find(Boolean);
    out.categories[categoryKey(t)] = {
      name: decodeEntities(t.attributes.name),
      parent: parent ? categoryKey(parent) : 0,
      description: textOf(t.attributes.field_description?.processed ?? t.attributes.field_description?.value),
    };
  }
  for (const t of all('taxonomy_term--course_templates')) {
    const key = `course template_[${t.attributes.drupal_internal__tid}]`;
    if (!synced(t)) {
      keep('courses', key);
      continue;
    }
    out.courses[key] = {
      idnumber: `template-${t.attributes.drupal_internal__tid}`, fullname: decodeEntities(t.attributes.name), category: fixedCategoryKey,
      summary: textOf(t.attributes.description?.processed), startdate: undefined, enddate: undefined, visible: 0, format: undefined, level: '',
    };
  }
  const courseKey = (n) => `course ${n.attributes.field_code}`;
  for (const n of all('node--course')) {
    if (!synced(n)) {
      keep('courses', courseKey(n));
      continue;
    }
    const term = refs(n, 'field_category').map((p) => resources.get(p.type)?.get(p.id)).find(Boolean);
    const a = n.attributes;
    out.courses[courseKey(n)] = {
      idnumber: `course-${a.drupal_internal__nid}`, fullname: decodeEntities(a.title),
      category: term && synced(term) ? categoryKey(term) : fixedCategoryKey,
      summary: textOf(a.body?.processed ?? a.body?.value), startdate: timestamp(a.field_start_date), enddate: timestamp(a.field_end_date),
      visible: a.field_published ? 1 : 0, format: 'weeks', level: a.field_level ?? '',
    };
  }
  const excluded = (u) => refs(u, 'roles').some((r) => r.meta?.drupal_internal__target_id === 'administrator');
  const userKey = (u) => `user ${String(u.attributes.name).toLowerCase()}`;
  const syncedUsers = new Set();
  for (const u of all('user--user')) {
    if (excluded(u)) continue;
    if (!synced(u)) {
      keep('users', userKey(u));
      continue;
    }
    syncedUsers.add(u.id);
    const a = u.attributes;
    out.users[userKey(u)] = {
      idnumber: `user-${a.drupal_internal__uid}`, email: String(a.mail).toLowerCase(), firstname: decodeEntities(a.field_first_name),
      lastname: decodeEntities(a.field_last_name), city: decodeEntities(a.field_city ?? ''), timezone: a.timezone, suspended: a.status ? 0 : 1, auth: 'manual',
    };
  }
  const groupKey = (t) => `cohort group-${t.attributes.drupal_internal__tid}`;
  for (const t of all('taxonomy_term--groups')) {
    if (!synced(t)) {
      keep('cohorts', groupKey(t));
      continue;
    }
    const members = all('user--user').filter((u) => syncedUsers.has(u.id) && refs(u, 'field_groups').some((g) => g.id === t.id)).map(userKey).sort();
    out.cohorts[groupKey(t)] = { name: decodeEntities(t.attributes.name), description: textOf(t.attributes.description?.processed), members };
  }

  // Enrolments: one per (course, user); active when one registration of the pair is active, with
  // the roles of the active ones; suspended, with the roles of all, when every one is inactive.
  const roleOf = (reg) => {
    const term = refs(reg, 'field_role').map((p) => resources.get(p.type)?.get(p.id)).find(Boolean);
    return term ? Number(term.attributes.field_moodle_id) : 5;
  };
  const claimed = new Set();
  const pairs = new Map();  // key -> { active: roles of the active registrations, every: roles of all of them }
  for (const reg of all('registration--course_registration')) {
    if (isIgnored(reg)) continue;
    const user = refs(reg, 'user_uid').map((p) => resources.get(p.type)?.get(p.id)).find(Boolean);
    // The host course: a relationship, or (the Registration module's own shape) plain attributes.
    const course = refs(reg, 'entity_id').map((p) => resources.get(p.type)?.get(p.id)).find(Boolean)
      ?? all('node--course').find((n) => reg.attributes.entity_type_id === 'node' && String(n.attributes.drupal_internal__nid) === String(reg.attributes.entity_id));
    const key = user && course ? `enrolment ${course.attributes.field_code} / ${String(user.attributes.name).toLowerCase()}` : null;
    if (!key) continue;
    claimed.add(key);
    if (!syncedUsers.has(user.id) || !synced(course)) {
      if (!out.enrolments[key]) keep('enrolments', key);
      continue;
    }
    if (!pairs.has(key)) pairs.set(key, { active: new Set(), every: new Set() });
    const pair = pairs.get(key);
    pair.every.add(roleOf(reg));
    if (reg.attributes.state !== 'canceled') pair.active.add(roleOf(reg));
  }
  for (const [key, { active, every }] of pairs) {
    out.enrolments[key] = {
      roles: [...(active.size ? active : every)].sort((a, b) => a - b),
      status: active.size ? 'active' : 'suspended',
    };
  }
  for (const [key, e] of Object.entries(previous?.enrolments ?? {})) {
    if (!claimed.has(key)) out.enrolments[key] = { ...e, status: 'suspended' };
  }
  return out;
}

/** Objects of a freshly built site, which no sync manages. */
const BASELINE = { categories: new Set(['category Category 1']), users: new Set(['user admin', 'user guest', 'user wsnocap']) };

/** The same view of a named Moodle state (see nameState) as expectedState() gives. */
export function comparableState(named) {
  const out = { categories: {}, courses: {}, users: {}, cohorts: {}, enrolments: { ...named.enrolments } };
  for (const [key, c] of Object.entries(named.categories)) {
    if (BASELINE.categories.has(key)) continue;
    out.categories[key] = { name: decodeEntities(c.name), parent: c.parent, description: textOf(c.description) };
  }
  for (const [key, c] of Object.entries(named.courses)) {
    const template = c.idnumber.startsWith('template-');
    out.courses[key] = {
      idnumber: c.idnumber, fullname: decodeEntities(c.fullname), category: c.categoryid, summary: textOf(c.summary),
      startdate: template ? undefined : c.startdate, enddate: template ? undefined : c.enddate, visible: c.visible,
      format: template ? undefined : c.format, level: c.customfields?.find((f) => f.shortname === 'level')?.valueraw ?? '',
    };
  }
  for (const [key, u] of Object.entries(named.users)) {
    if (BASELINE.users.has(key)) continue;
    out.users[key] = {
      idnumber: u.idnumber, email: u.email, firstname: decodeEntities(u.firstname), lastname: decodeEntities(u.lastname),
      city: decodeEntities(u.city ?? ''), timezone: u.timezone, suspended: u.suspended ? 1 : 0, auth: u.auth,
    };
  }
  for (const [key, c] of Object.entries(named.cohorts)) {
    out.cohorts[key] = { name: decodeEntities(c.name), description: textOf(c.description), members: c.members };
  }
  return out;
}
