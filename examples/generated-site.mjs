// Synthetic Drupal exports of any size: categories and courses with the example's field names.
const SITE = 'https://learn.northfield.example';

// Real UUIDs (hex digits), as Drupal gives: each kind of entity its own first digit of the last group.
const KIND_DIGIT = { c: 'c', g: 'a', n: 'e', r: 'd', t: 'b', u: 'f', v: '9' };
const uuid = (kind, n) => `00000000-0000-4000-8000-${KIND_DIGIT[kind]}${String(n).padStart(11, '0')}`;

export function categoryTerm(tid, name, parentTid) {
  return {
    type: 'taxonomy_term--course_categories', id: uuid('c', tid),
    attributes: { drupal_internal__tid: tid, drupal_internal__revision_id: tid, name, field_description: { value: `<p>${name}</p>`, processed: `<p>${name}</p>` }, field_moodle_id: '' },
    relationships: { parent: { data: parentTid ? [{ type: 'taxonomy_term--course_categories', id: uuid('c', parentTid) }] : [] } },
  };
}

export function courseNode(nid, tid, overrides = {}) {
  return {
    type: 'node--course', id: uuid('n', nid),
    attributes: {
      drupal_internal__nid: nid, drupal_internal__vid: nid, title: `Kurs ${nid} — Übung & Praxis`, field_code: `K-${nid}`,
      body: { value: `<p>Kurs ${nid}</p>`, processed: `<p>Kurs ${nid}</p>` },
      field_start_date: '2027-01-11T09:00:00+01:00', field_end_date: null, field_published: true,
      field_level: null, field_moodle_id: '', ...overrides,
    },
    relationships: { field_category: { data: { type: 'taxonomy_term--course_categories', id: uuid('c', tid) } }, field_template: { data: null } },
  };
}

/** `{ 'course_categories.json', 'courses.json' }` documents: courses spread over the categories. */
export function generatedExport({ categories, courses, editCourse = () => {} }) {
  const terms = Array.from({ length: categories }, (_, i) => categoryTerm(i + 1, `Bereich ${i + 1}`));
  const nodes = Array.from({ length: courses }, (_, i) => {
    const node = courseNode(1000 + i, 1 + (i % categories));
    editCourse(node, i);
    return node;
  });
  const doc = (collection, data) => ({ data, links: { self: { href: `${SITE}/jsonapi/${collection}` } } });
  return {
    'course_categories.json': doc('taxonomy_term/course_categories', terms),
    'courses.json': doc('node/course', nodes),
  };
}

/** The example configuration without templates and with a chosen budget. */
export function generatedConfig(base, { maxInputVars = 5000, maxBatchItems = 100 } = {}) {
  delete base.components.templates;
  delete base.components.courses.template_field;
  base.moodle.max_input_vars = maxInputVars;
  base.moodle.max_batch_items = maxBatchItems;
  return base;
}

export function userEntity(uid, groupTids) {
  return {
    type: 'user--user', id: uuid('u', uid),
    attributes: { drupal_internal__uid: uid, name: `user${uid}`, mail: `user${uid}@northfield.example`, status: true,
      field_first_name: `Vorname${uid}`, field_last_name: `Nachname${uid}`, field_city: 'Northfield', field_moodle_id: '', timezone: 'Europe/Berlin' },
    relationships: { field_groups: { data: groupTids.map((t) => ({ type: 'taxonomy_term--groups', id: uuid('g', t) })) }, roles: { data: [] } },
  };
}

export function groupTerm(tid) {
  return { type: 'taxonomy_term--groups', id: uuid('g', tid), attributes: { drupal_internal__tid: tid, name: `Gruppe ${tid}`, description: null, field_moodle_id: '' } };
}

// As the Registration module exports it: its id key is registration_id, and the host course is
// two plain attributes (entity_type_id, entity_id), not a relationship.
export function registration(id, uid, nid) {
  return {
    type: 'registration--course_registration', id: uuid('r', id),
    attributes: { drupal_internal__registration_id: id, entity_type_id: 'node', entity_id: nid, state: 'complete', field_moodle_id: '' },
    relationships: { registration_type: { data: { type: 'registration_type--registration_type', id: uuid('t', 1), meta: { drupal_internal__target_id: 'course_registration' } } },
      user_uid: { data: { type: 'user--user', id: uuid('u', uid) } }, field_role: { data: null } },
  };
}

export function templateTerm(tid) {
  return { type: 'taxonomy_term--course_templates', id: uuid('v', tid),
    attributes: { drupal_internal__tid: tid, drupal_internal__revision_id: tid, name: `Vorlage ${tid}`, description: { value: `<p>Vorlage ${tid}</p>`, processed: `<p>Vorlage ${tid}</p>` }, field_moodle_id: '' } };
}

/**
 * Courses, users in cohorts, and registrations: `enrolments` registrations spread so that each user
 * is in enrolments / users courses, and each user in one or two of the cohorts. With `templates`,
 * every tenth course is made from one of that many course templates.
 */
export function generatedPeopleExport({ categories = 10, courses = 100, users, cohorts, enrolments, templates = 0 }) {
  const withTemplate = (node, i) => {
    if (templates && i % 10 === 0) node.relationships.field_template.data = { type: 'taxonomy_term--course_templates', id: uuid('v', 1 + ((i / 10) % templates)) };
  };
  const files = generatedExport({ categories, courses, editCourse: withTemplate });
  const perUser = Math.ceil(enrolments / users);
  const doc = (collection, data) => ({ data, links: { self: { href: `${SITE}/jsonapi/${collection}` } } });
  if (templates) files['course_templates.json'] = doc('taxonomy_term/course_templates', Array.from({ length: templates }, (_, i) => templateTerm(i + 1)));
  files['groups.json'] = doc('taxonomy_term/groups', Array.from({ length: cohorts }, (_, i) => groupTerm(i + 1)));
  files['users.json'] = doc('user/user', Array.from({ length: users }, (_, i) => userEntity(10 + i, i % 3 === 0 ? [1 + (i % cohorts), 1 + ((i + 7) % cohorts)] : [1 + (i % cohorts)])));
  const regs = [];
  for (let i = 0; i < enrolments; i += 1) {
    const user = Math.floor(i / perUser);
    regs.push(registration(100000 + i, 10 + user, 1000 + ((user * perUser + (i % perUser)) % courses)));
  }
  files['registrations.json'] = doc('registration/course_registration', regs);
  return files;
}
