// What the Drupal simulator tests share: the bundled example served with the pinned clock, small
// synthetic exports written to a temporary folder, and a client that speaks JSON:API with or
// without credentials.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDrupalSimulator } from '../../../drupal-simulator/server.mjs';
import { testClock } from '../test-clock.mjs';

export const NORTHFIELD = fileURLToPath(new URL('../../../examples/northfield/export/', import.meta.url));
export const EXPORTED = Date.parse('2026-11-25T09:00:00+00:00') / 1000;  // the example's site.json `exported`

export const COURSE_DE = '1b5fe941-c8f1-5244-9986-7801df666730';       // nid 100, category tid 1
export const COURSE_UNPUBLISHED = 'e53b0468-9e14-5f74-a7aa-b12b1327118a';  // nid 102, status false
export const USER_ANNA = '96d50cbe-5430-5054-88a6-6171d9da671e';
export const USER_BLOCKED = 'c3a73a35-2670-55e6-b904-badcb88d941b';
export const CATEGORY_LANGUAGES = '1d207f5c-a389-5324-a031-a41e56f3fa30';

export const courseUuid = (nid) => `00000000-0000-4000-8000-${String(nid).padStart(12, '0')}`;

/** An export folder of `courses` course nodes (nid 1..n, `changed` = base + nid, every third unpublished) and two categories. */
export function syntheticExport({ courses = 120, base = 1790000000, extra = {} } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'drupal-sim-'));
  const term = (tid) => ({
    type: 'taxonomy_term--course_categories', id: `00000000-0000-4000-9000-${String(tid).padStart(12, '0')}`,
    attributes: { drupal_internal__tid: tid, name: `Category ${tid}`, status: true, field_moodle_id: null, changed: new Date((base - 100) * 1000).toISOString() },
    relationships: { parent: { data: [] } },
  });
  const terms = [term(1), term(2)];
  const nodes = Array.from({ length: courses }, (_, i) => {
    const nid = i + 1;
    return {
      type: 'node--course', id: courseUuid(nid),
      attributes: { drupal_internal__nid: nid, drupal_internal__vid: nid, title: `Course ${String(nid).padStart(4, '0')}`, status: nid % 3 !== 0,
        field_code: nid % 2 ? `ODD-${nid}` : `EVEN-${nid}`, field_moodle_id: nid <= 5 ? String(500 + nid) : null, field_level: nid % 4 === 0 ? null : 'A1',
        body: { value: `<p>Body ${nid}</p>`, format: 'basic_html', processed: `<p>Body ${nid}</p>` },
        changed: new Date((base + nid) * 1000).toISOString().replace('.000Z', '+00:00') },
      relationships: { field_category: { data: { type: terms[nid % 2].type, id: terms[nid % 2].id, meta: { drupal_internal__target_id: (nid % 2) + 1 } } },
        field_template: { data: null } },
    };
  });
  const doc = (data) => ({ jsonapi: { version: '1.0' }, data });
  writeFileSync(path.join(dir, 'courses.json'), JSON.stringify(doc(nodes)));
  writeFileSync(path.join(dir, 'course_categories.json'), JSON.stringify(doc(terms)));
  writeFileSync(path.join(dir, 'site.json'), JSON.stringify({ site_url: 'https://drupal.example', exported: '2026-11-25T09:00:00+00:00' }));
  for (const [name, data] of Object.entries(extra)) writeFileSync(path.join(dir, name), JSON.stringify(doc(data)));
  return dir;
}

export function startSim(options = {}) {
  return startDrupalSimulator({ exportDir: NORTHFIELD, clock: testClock, ...options });
}

export const basic = (username, password) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** A JSON:API client of `sim`: `auth` is an Authorization header value or null (anonymous). */
export function client(sim, auth = basic(sim.credentials.username, sim.credentials.password)) {
  const request = async (method, target, { body, contentType = 'application/vnd.api+json', headers = {} } = {}) => {
    const response = await fetch(target.startsWith('http') ? target : `${sim.url}${target}`, {
      method,
      headers: { ...(auth ? { authorization: auth } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: response.status, headers: response.headers, text, body: json };
  };
  return {
    get: (target, options) => request('GET', target, options),
    patch: (target, body, options) => request('PATCH', target, { body, ...options }),
    request,
  };
}

/** Every resource of a listing, following links.next: `{ data, pages }`. */
export async function readAll(api, target) {
  const data = [];
  let next = target;
  let pages = 0;
  while (next) {
    const r = await api.get(next);
    if (r.status !== 200) throw new Error(`${next}: ${r.status} ${r.text}`);
    data.push(...r.body.data);
    pages += 1;
    next = r.body.links.next?.href;
    if (pages > 10000) throw new Error('links.next does not end');
  }
  return { data, pages };
}

/** A query string from pairs, encoded as a client sends it. */
export const qs = (pairs) => new URLSearchParams(pairs).toString();

/**
 * An export folder of the size the issue names: `courses` course nodes, `users` users and
 * `registrations` registrations spread over them. `changed` of course n is base + n.
 */
export function largeExport({ courses = 10000, users = 5000, registrations = 20000, base = 1790000000 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'drupal-sim-large-'));
  const uuid = (kind, n) => `00000000-0000-4000-${kind}-${String(n).padStart(12, '0')}`;
  const stamp = (s) => new Date(s * 1000).toISOString().replace('.000Z', '+00:00');
  const nodes = Array.from({ length: courses }, (_, i) => ({
    type: 'node--course', id: uuid('8000', i + 1),
    attributes: { drupal_internal__nid: i + 1, drupal_internal__vid: i + 1, title: `Course ${i + 1}`, status: true, field_code: `C-${i + 1}`,
      body: { value: `<p>Course ${i + 1}</p>`, format: 'basic_html', processed: `<p>Course ${i + 1}</p>` }, field_moodle_id: null, changed: stamp(base + i + 1) },
    relationships: { field_category: { data: null } },
  }));
  const people = Array.from({ length: users }, (_, i) => ({
    type: 'user--user', id: uuid('a000', i + 1),
    attributes: { drupal_internal__uid: i + 100, name: `user${i + 1}`, mail: `user${i + 1}@example.org`, status: true, field_moodle_id: null, changed: stamp(base) },
    relationships: { roles: { data: [] } },
  }));
  const regs = Array.from({ length: registrations }, (_, i) => ({
    type: 'registration--course_registration', id: uuid('b000', i + 1),
    attributes: { drupal_internal__registration_id: i + 1, entity_type_id: 'node', entity_id: 1 + (i % courses), state: 'complete', field_moodle_id: null, changed: stamp(base) },
    relationships: { user_uid: { data: { type: 'user--user', id: people[i % users].id, meta: { drupal_internal__target_id: 100 + (i % users) } } } },
  }));
  const doc = (data) => JSON.stringify({ jsonapi: { version: '1.0' }, data });
  writeFileSync(path.join(dir, 'courses.json'), doc(nodes));
  writeFileSync(path.join(dir, 'users.json'), doc(people));
  writeFileSync(path.join(dir, 'registrations.json'), doc(regs));
  writeFileSync(path.join(dir, 'site.json'), JSON.stringify({ site_url: 'https://drupal.example', exported: stamp(base) }));
  return dir;
}
