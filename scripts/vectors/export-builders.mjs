// Small Drupal JSON:API exports for decision vectors: terms, course nodes, users and roles in the
// shapes Drupal 10 gives them, and the configuration around them.
export const SITE = 'https://learn.example.edu';

/** A configuration with the given component sections; retries wait 0 ms so that recording is quick. */
export function config(components, moodle = {}) {
  return {
    site: { urls: [SITE] },
    source: { path: 'export' },
    moodle: { url: 'https://moodle.example.edu', retry_delay_ms: 0, ...moodle },
    components,
  };
}

/** One whole collection document: `{name, document}` as a host hands it to the core. */
export function collection(path, data, { next, included } = {}) {
  const links = { self: { href: `${SITE}/jsonapi/${path}` } };
  if (next) links.next = { href: `${SITE}/jsonapi/${path}?page[offset]=50` };
  const document = { jsonapi: { version: '1.0' }, data, links };
  if (included) document.included = included;
  return { name: `${path.replace(/\//g, '_')}.json`, document };
}

export const ref = (e, meta) => (e ? { type: e.type, id: e.id, ...(meta ? { meta } : {}) } : null);

/** A taxonomy term; `parent` is another term (or none: a top-level term). */
export function term(vocabulary, tid, name, { moodleId = '', parent, attributes = {}, relationships = {} } = {}) {
  return {
    type: `taxonomy_term--${vocabulary}`,
    id: `${vocabulary}-term-${tid}`,
    attributes: {
      drupal_internal__tid: tid, name, description: null, field_description: null, weight: 0, field_moodle_id: moodleId, ...attributes,
    },
    relationships: { parent: { data: parent ? [ref(parent, { drupal_internal__target_id: parent.attributes.drupal_internal__tid })] : [] }, ...relationships },
  };
}

/** A formatted text field as Drupal gives it. */
export const formatted = (html) => ({ value: html, format: 'basic_html', processed: html });

/** A course node. */
export function course(nid, title, code, { moodleId = '', attributes = {}, relationships = {} } = {}) {
  return {
    type: 'node--course',
    id: `course-node-${nid}`,
    attributes: { drupal_internal__nid: nid, title, status: true, field_code: code, field_moodle_id: moodleId, ...attributes },
    relationships,
  };
}

/** A Drupal user; `roles` are role machine names (each reference carries its name in meta). */
export function user(uid, name, { moodleId = '', mail, status = true, roles = ['authenticated'], attributes = {}, relationships = {} } = {}) {
  return {
    type: 'user--user',
    id: `user-${uid}`,
    attributes: {
      drupal_internal__uid: uid, name, mail: mail ?? `${name}@example.edu`, status,
      field_first_name: name.split('.')[0] ?? name, field_last_name: name.split('.')[1] ?? 'Person',
      field_city: 'Northfield', field_moodle_id: moodleId, ...attributes,
    },
    relationships: {
      roles: { data: roles.map((r) => ({ type: 'user_role--user_role', id: `role-${r}`, meta: { drupal_internal__target_id: r } })) },
      ...relationships,
    },
  };
}

/** A term reference field (single or multiple). */
export const refs = (...terms) => ({ data: terms.map((t) => ref(t, { drupal_internal__target_id: t.attributes.drupal_internal__tid })) });
export const oneRef = (t) => ({ data: t ? ref(t, { drupal_internal__target_id: t.attributes.drupal_internal__tid }) : null });

/** Finds an entity in the documents to edit it. */
export function find(documents, type, id) {
  for (const { document } of documents) {
    const hit = document.data.find((r) => r.type === type && Object.entries(r.attributes).some(([k, v]) => k.startsWith('drupal_internal__') && v === id));
    if (hit) return hit;
  }
  throw new Error(`no ${type} ${id} in the documents`);
}

/** Removes an entity from the documents (deleted in Drupal). */
export function remove(documents, type, id) {
  const e = find(documents, type, id);
  for (const { document } of documents) document.data = document.data.filter((r) => r !== e);
}
