// A Drupal export of realistic size and mess in the example's shape: nested categories, template
// and plain courses, users (some blocked, some excluded as administrators), cohorts, registrations
// (canceled ones, one (user, course) pair registered twice), `ignore`, stale moodle ids, HTML,
// entities such as &middot; &nbsp; &#8211; in names and formatted text, and non-ASCII text. Then
// `editWeek` changes it the way a week of editing in Drupal would. Deterministic: a seeded random.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLE, SITE_URL } from './site-folder.mjs';

const uuid = (kind, n) => `00000000-0000-4000-8000-${kind}${String(n).padStart(11, '0')}`;

/** mulberry32: the same numbers on every run. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FLAVOURS = [
  (n) => `Kurs ${n} &middot; Übung &amp; Praxis`,
  (n) => `Course ${n} &#8211; Foundations`,
  (n) => `Cours n°${n}&nbsp;: Français avancé`,
  (n) => `日本語 ${n} — 会話`,
  (n) => `Data & Ethics <Lab ${n}>`,
  (n) => `Ελληνικά ${n}: Zoë's "Reading" club`,
];
const SUMMARIES = [
  (n) => `<p>Week ${n} &middot; <strong>practice</strong>&nbsp;and theory &#8211; all levels.</p>`,
  (n) => `<p>Caf&eacute; talk, n°${n}: &quot;Bonjour&quot; &amp; more</p><ul><li>Grammar</li><li>Vocabulary</li></ul>`,
  (n) => `<p>ひらがな・カタカナ ${n} 🎓</p>`,
  (n) => `<p>Plain summary ${n}.</p>`,
];
const FIRST = ['Anna', 'José', 'Zoë', 'Siobhán', 'Łukasz', 'Wei', 'Ümit', 'Noël', 'Ingrid', 'Dmitrij', 'Aïcha', 'Björn'];
const LAST = ['Schmidt', 'García', 'O\'Brien', 'Nowak', 'Li', 'Yılmaz', 'Dupont', 'Müller', 'Kowalczyk', 'Søndergaard'];
const CITIES = ['Northfield', 'Zürich', 'Kraków', 'Åre', 'São Paulo', 'Köln &amp; Bonn'];
const ZONES = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Tokyo'];
const text = (html) => ({ value: html, format: 'full_html', processed: html });
const ref = (type, kind, n) => ({ type, id: uuid(kind, n), meta: { drupal_internal__target_id: n } });
const doc = (collection, data) => ({ jsonapi: { version: '1.0' }, data, links: { self: { href: `${SITE_URL}/jsonapi/${collection}` } } });

/** The example's first registration: generated registrations take its shape (references included). */
const SAMPLE_REGISTRATION = JSON.parse(readFileSync(path.join(EXAMPLE, 'export', 'registrations.json'), 'utf8')).data[0];

export function registration(id, uid, nid, { state = 'complete', role = null } = {}) {
  const r = structuredClone(SAMPLE_REGISTRATION);
  r.id = uuid('r', id);
  for (const key of Object.keys(r.attributes)) if (key.startsWith('drupal_internal__')) r.attributes[key] = id;
  Object.assign(r.attributes, { state, field_moodle_id: '' });
  r.relationships.user_uid.data = ref('user--user', 'u', uid);
  if (r.relationships.entity_id) r.relationships.entity_id.data = ref('node--course', 'n', nid);
  else Object.assign(r.attributes, { entity_type_id: 'node', entity_id: nid });
  r.relationships.field_role.data = role === null ? null : ref('taxonomy_term--enrolment_roles', 't', role);
  return r;
}

const ROLES = { student: 40, teacher: 41 };
function roleTerms() {
  return [[ROLES.student, 'Student', '5'], [ROLES.teacher, 'Teacher', '3']].map(([tid, name, moodleId]) => ({
    type: 'taxonomy_term--enrolment_roles', id: uuid('t', tid),
    attributes: { drupal_internal__tid: tid, name, field_moodle_id: moodleId }, relationships: { parent: { data: [] } },
  }));
}

export function categoryTerm(tid, name, parentTid, moodleId = '') {
  return {
    type: 'taxonomy_term--course_categories', id: uuid('c', tid),
    attributes: { drupal_internal__tid: tid, name, field_description: text(`<p>${name} &middot; Fachbereich&nbsp;${tid}</p>`), field_moodle_id: moodleId },
    relationships: { parent: { data: parentTid ? [ref('taxonomy_term--course_categories', 'c', parentTid)] : [] } },
  };
}

function templateTerm(tid, name) {
  return {
    type: 'taxonomy_term--course_templates', id: uuid('p', tid),
    attributes: { drupal_internal__tid: tid, name, description: text(`<p>${name} &#8211; template</p>`), field_moodle_id: '' },
    relationships: { parent: { data: [] } },
  };
}

export function courseNode(nid, { title, code, summary, tid, template = null, published = true, level = null, moodleId = '', start = '2027-01-11T09:00:00+01:00', end = null }) {
  return {
    type: 'node--course', id: uuid('n', nid),
    attributes: {
      drupal_internal__nid: nid, title, status: true, field_code: code, body: text(summary), field_start_date: start, field_end_date: end,
      field_published: published, field_level: level, field_moodle_id: moodleId,
    },
    relationships: {
      field_category: { data: tid ? ref('taxonomy_term--course_categories', 'c', tid) : null },
      field_template: { data: template ? ref('taxonomy_term--course_templates', 'p', template) : null },
    },
  };
}

export function userEntity(uid, { name, first, last, city = 'Northfield', zone = 'Europe/Berlin', active = true, groups = [], admin = false, moodleId = '' }) {
  return {
    type: 'user--user', id: uuid('u', uid),
    attributes: {
      drupal_internal__uid: uid, name, mail: `${name.replace(/[^a-z0-9.]/gi, '')}@northfield.example`, status: active,
      field_first_name: first, field_last_name: last, field_city: city, field_moodle_id: moodleId, timezone: zone,
    },
    relationships: {
      field_groups: { data: groups.map((g) => ref('taxonomy_term--groups', 'g', g)) },
      roles: { data: [{ type: 'user_role--user_role', id: uuid('o', 1), meta: { drupal_internal__target_id: 'authenticated' } },
        ...(admin ? [{ type: 'user_role--user_role', id: uuid('o', 2), meta: { drupal_internal__target_id: 'administrator' } }] : [])] },
    },
  };
}

export function groupTerm(tid, name) {
  return {
    type: 'taxonomy_term--groups', id: uuid('g', tid),
    attributes: { drupal_internal__tid: tid, name, description: text(`<p>${name}&nbsp;&middot; cohort</p>`), field_moodle_id: '' },
    relationships: { parent: { data: [] } },
  };
}

/** Moodle ids that exist nowhere: entities carrying them are stale. */
export const STALE_IDS = ['987654', '987655'];

/**
 * The export: `{ file name: JSON:API document }`, with `counts` of the entities per kind.
 * Sizes: 16 categories, 2 templates, 125 courses, 350 users, 12 cohorts, about 530 registrations.
 * `repeatedPairs: false` leaves out the (user, course) pairs registered twice.
 */
export function realisticSite({ categories = 16, courses = 125, users = 350, cohorts = 12, perUser = 1.5, repeatedPairs = true, seed = 2027 } = {}) {
  const random = seeded(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const tops = Math.max(1, Math.floor(categories / 4));
  const terms = [];
  for (let i = 1; i <= categories; i += 1) {
    const parent = i <= tops ? null : i <= categories - 3 ? 1 + (i % tops) : tops + 1;  // the last three one level deeper
    terms.push(categoryTerm(i, `${pick(['Sprachen', 'Sciences', 'Études', '工学'])} ${i} &middot; ${pick(['A', 'B', 'R&D <X>'])}`, parent));
  }
  terms.push(categoryTerm(categories + 1, 'Archiv (nicht synchronisiert)', null, 'ignore'));
  const templates = [templateTerm(1, 'Standard weekly course'), templateTerm(2, 'Workshop &middot; one day')];
  const nodes = [];
  for (let i = 0; i < courses; i += 1) {
    const nid = 1000 + i;
    nodes.push(courseNode(nid, {
      title: FLAVOURS[i % FLAVOURS.length](nid), code: `C-${nid}`, summary: SUMMARIES[i % SUMMARIES.length](nid),
      tid: i % 17 === 5 ? null : 1 + (i % categories), template: i % 40 === 7 ? 1 + (i % 2) : null, published: i % 9 !== 3,
      level: i % 3 === 0 ? pick(['A1', 'B2', 'C1']) : null, start: `2027-0${1 + (i % 9)}-1${i % 10}T09:00:00+01:00`,
      end: i % 4 === 0 ? null : `2027-1${i % 3}-2${i % 8}T17:00:00Z`,
    }));
  }
  nodes.push(courseNode(1000 + courses, { title: 'Legacy course kept by hand', code: 'LEGACY-1', summary: '<p>Managed in Moodle.</p>', tid: 1, moodleId: 'ignore' }));
  nodes.push(courseNode(1001 + courses, { title: 'Course deleted in Moodle', code: 'GONE-1', summary: '<p>Stale.</p>', tid: 1, moodleId: STALE_IDS[0] }));

  const groups = Array.from({ length: cohorts }, (_, i) => groupTerm(300 + i, `${pick(['Staff', 'Studierende', 'Élèves'])} ${2027 + (i % 3)} &#8211; ${i}`));
  const people = [];
  for (let i = 0; i < users; i += 1) {
    const uid = 10 + i;
    const inGroups = [300 + (i % cohorts), ...(i % 4 === 0 ? [300 + ((i + 5) % cohorts)] : [])];
    people.push(userEntity(uid, {
      name: i % 50 === 9 ? `Mixed.Case${uid}` : `user.${uid}`, first: pick(FIRST), last: pick(LAST), city: pick(CITIES), zone: pick(ZONES),
      active: i % 33 !== 4, groups: [...new Set(inGroups)], admin: i % 100 === 17,
    }));
  }
  people.push(userEntity(10 + users, { name: 'ignored.user', first: 'Ignored', last: 'User', moodleId: 'ignore', groups: [300] }));
  people.push(userEntity(11 + users, { name: 'stale.user', first: 'Stale', last: 'User', moodleId: STALE_IDS[1], groups: [300] }));

  const regs = [];
  let rid = 100000;
  const per = Math.round(perUser * 10);
  for (let i = 0; i < users; i += 1) {
    const count = (i * per) % 10 < per % 10 ? Math.ceil(perUser) : Math.floor(perUser);
    for (let k = 0; k < count; k += 1) {
      const course = 1000 + ((i * 7 + k * 31) % courses);
      const teacher = i % 45 === 0 && k === 0;
      regs.push(registration(rid++, 10 + i, course, { state: (i + k) % 19 === 6 ? 'canceled' : 'complete', role: teacher ? ROLES.teacher : pick([null, ROLES.student]) }));
    }
  }
  if (repeatedPairs) {
    // Pairs registered twice: canceled once (listed first) and active once, so the enrolment is active.
    regs.unshift(registration(rid++, 11, 1000 + ((1 * 7) % courses), { state: 'canceled' }));
    regs.push(registration(rid++, 12, 1000 + ((2 * 7) % courses), { state: 'complete', role: ROLES.student }));
  }
  // Registrations that must not sync: ignored, for an ignored course, for a stale user.
  const ignoredReg = registration(rid++, 13, 1001, {});
  ignoredReg.attributes.field_moodle_id = 'ignore';
  regs.push(ignoredReg, registration(rid++, 14, 1000 + courses, {}), registration(rid++, 11 + users, 1002, {}));

  const files = {
    'course_categories.json': doc('taxonomy_term/course_categories', terms),
    'course_templates.json': doc('taxonomy_term/course_templates', templates),
    'courses.json': doc('node/course', nodes),
    'enrolment_roles.json': doc('taxonomy_term/enrolment_roles', roleTerms()),
    'groups.json': doc('taxonomy_term/groups', groups),
    'users.json': doc('user/user', people),
    'registrations.json': doc('registration/course_registration', regs),
  };
  const counts = { categories: terms.length, templates: templates.length, courses: nodes.length, users: people.length, cohorts: groups.length, registrations: regs.length };
  // The entities kept out of the sync: by `ignore` (a category, a course), by a stale moodle id (a course).
  const out = { ignoredCategory: categories + 1, ignoredCourse: 1000 + courses, staleCourse: 1001 + courses };
  return { files, counts, total: Object.values(counts).reduce((a, b) => a + b, 0), out };
}

/** The nid of the course a registration is for, in either shape (relationship or plain attribute). */
export const courseNidOf = (reg) => reg.relationships.entity_id?.data?.meta?.drupal_internal__target_id ?? reg.attributes.entity_id;

const byInternal = (doc, key, n) => doc.data.find((r) => r.attributes[key] === n);

/**
 * A week of editing in Drupal, applied to the export files (file name -> document, in place):
 * renamed and re-summarised courses, unpublished ones, moved ones, a re-parented category, new
 * courses, users and registrations, changed e-mail addresses and cities, blocked and unblocked
 * users, cohort changes, canceled and deleted registrations, a course newly set to `ignore`.
 * Returns notes on what was changed, for the test's messages.
 */
export function editWeek(files) {
  const c = files['courses.json'];
  const cats = files['course_categories.json'];
  const u = files['users.json'];
  const g = files['groups.json'];
  const r = files['registrations.json'];
  // The generated entities (not the ignored and stale ones at the end of each list).
  const courses = c.data.filter((n) => n.attributes.field_code.startsWith('C-')).length;
  const users = u.data.filter((x) => x.attributes.name !== 'ignored.user' && x.attributes.name !== 'stale.user').length;
  const cohorts = g.data.length;
  const course = (i) => byInternal(c, 'drupal_internal__nid', 1000 + (i % courses));
  const user = (i) => byInternal(u, 'drupal_internal__uid', 10 + (i % users));
  for (let i = 0; i < 12; i += 1) course(i * 11).attributes.title = `Renamed ${i} &middot; Überarbeitet &#8211; ${i}`;
  for (let i = 0; i < 12; i += 1) course(i * 7 + 3).attributes.body = text(`<p>New text ${i}&nbsp;&middot; neu &eacute;t&eacute;</p>`);
  for (let i = 0; i < 5; i += 1) course(i * 13 + 1).attributes.field_published = false;
  for (let i = 0; i < 4; i += 1) course(i * 17 + 2).relationships.field_category.data = ref('taxonomy_term--course_categories', 'c', 2);
  for (let i = 0; i < 5; i += 1) course(i * 19 + 4).attributes.field_start_date = '2027-09-01T08:00:00+02:00';
  byInternal(cats, 'drupal_internal__tid', 8).relationships.parent.data = [ref('taxonomy_term--course_categories', 'c', 3)];
  byInternal(cats, 'drupal_internal__tid', 9).attributes.name = 'Umbenannt &middot; Ökologie';
  const frozen = course(20);
  frozen.attributes.title = 'Not sent: the course is now ignored';
  frozen.attributes.field_moodle_id = 'ignore';
  for (let i = 0; i < 3; i += 1) {
    c.data.push(courseNode(5000 + i, { title: `Neu im Herbst ${i} &#8211; Kurs`, code: `NEW-${i}`, summary: `<p>Brand&nbsp;new ${i}</p>`, tid: 1 + i }));
  }

  for (let i = 0; i < 20; i += 1) user(i * 13 + 1).attributes.field_city = 'Genève';
  for (let i = 0; i < 5; i += 1) user(i * 29 + 2).attributes.mail = `renamed.${i}@northfield.example`;
  for (let i = 0; i < 3; i += 1) user(i * 31 + 5).attributes.status = false;
  user(4).attributes.status = true;  // was blocked
  for (let i = 0; i < 15; i += 1) {
    const who = user(i * 23 + 6);
    who.relationships.field_groups.data = [ref('taxonomy_term--groups', 'g', 300 + ((i + 3) % cohorts))];
  }
  g.data.push(groupTerm(399, 'Neue Gruppe &middot; 2028'));
  for (let i = 0; i < 10; i += 1) user(i * 37 + 8).relationships.field_groups.data.push(ref('taxonomy_term--groups', 'g', 399));
  byInternal(g, 'drupal_internal__tid', 301).attributes.name = 'Umbenannt &#8211; Kohorte';
  for (let i = 0; i < 6; i += 1) {
    const uid = 10 + users + 10 + i;
    u.data.push(userEntity(uid, { name: `new.user${uid}`, first: 'Neu', last: `Person ${i}`, groups: [300 + i] }));
    r.data.push(registration(200000 + i, uid, 1000 + ((i * 3) % courses), {}));
  }

  // Registrations of the course now ignored are left alone: what happens to them is that course's business.
  const regs = r.data.filter((x) => x.attributes.state === 'complete' && x.attributes.field_moodle_id !== 'ignore' && courseNidOf(x) !== 1020);
  for (let i = 0; i < 10; i += 1) regs[i * 17 + 3].attributes.state = 'canceled';
  const canceled = r.data.find((x) => x.attributes.state === 'canceled');
  canceled.attributes.state = 'complete';
  const gone = new Set(regs.slice(200, 208).map((x) => x.id));
  r.data = r.data.filter((x) => !gone.has(x.id));
  for (let i = 0; i < 24; i += 1) r.data.push(registration(210000 + i, 10 + ((i * 11) % users), 1000 + ((i * 5) % courses), {}));
  return { renamed: 12, summaries: 12, newCourses: 3, newUsers: 6, deletedRegistrations: gone.size };
}
