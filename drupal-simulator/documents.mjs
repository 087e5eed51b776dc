// Resource objects and top-level documents as core's normalizers write them: links on each
// resource (with `resourceVersion` on revisionable ones), sparse fieldsets (type, id and links
// stay), label-only objects, `include` with one copy per resource, and `meta.omitted`.

import { createHash } from 'node:crypto';
import { fieldViewable, viewAccess } from './access.mjs';
import { badRequest } from './errors.mjs';
import { collectionPath } from './site-store.mjs';

export const JSONAPI_OBJECT = Object.freeze({ version: '1.0', meta: { links: { self: { href: 'http://jsonapi.org/format/1.0/' } } } });

const REVISION_KEYS = ['drupal_internal__vid', 'drupal_internal__revision_id'];
const LABEL_KEYS = ['title', 'name', 'label'];

export const resourceUrl = (base, type, id) => `${base}${collectionPath(type)}/${id}`;

/** `fields[type]=a,b` -> Map<type, Set<name>>. */
export function parseFieldsets(fields) {
  const sets = new Map();
  if (fields === undefined) return sets;
  if (!fields || typeof fields !== 'object') throw badRequest('The sparse fieldset parameter must be keyed by resource type.');
  for (const [type, list] of Object.entries(fields)) sets.set(type, new Set(String(list).split(',').map((s) => s.trim()).filter(Boolean)));
  return sets;
}

/** One resource object for `caller` at `view` ('full' or 'label'). */
export function resourceObject(resource, { base, caller, fieldsets, view = 'full' }) {
  const self = resourceUrl(base, resource.type, resource.id);
  const revisionKey = REVISION_KEYS.find((k) => resource.attributes[k] !== undefined);
  const version = revisionKey === 'drupal_internal__vid' ? `?resourceVersion=id%3A${resource.attributes[revisionKey]}` : '';
  const object = { type: resource.type, id: resource.id, links: { self: { href: `${self}${version}` } } };
  const wanted = fieldsets.get(resource.type);
  const keep = (name) => !wanted || wanted.has(name);
  const attributes = {};
  if (view === 'label') {
    if (resource.type === 'user--user') {
      if (keep('display_name')) attributes.display_name = resource.attributes.name;
    } else {
      const key = LABEL_KEYS.find((k) => resource.attributes[k] !== undefined);
      if (key && keep(key)) attributes[key] = resource.attributes[key];
    }
    object.attributes = attributes;
    return object;
  }
  for (const [name, value] of Object.entries(resource.attributes)) {
    if (keep(name) && fieldViewable(caller, resource.type, name, resource)) attributes[name] = value;
  }
  if (resource.type === 'user--user' && keep('display_name') && resource.attributes.name !== undefined) attributes.display_name = resource.attributes.name;
  object.attributes = attributes;
  const relationships = {};
  for (const [name, rel] of Object.entries(resource.relationships)) {
    if (!keep(name)) continue;
    relationships[name] = { data: rel.data ?? null, links: { related: { href: `${self}/${name}${version}` }, self: { href: `${self}/relationships/${name}${version}` } } };
  }
  if (Object.keys(relationships).length) object.relationships = relationships;
  return object;
}

/** `meta.omitted` for resources the caller may not view. */
export function omittedMeta(urls) {
  const links = { help: { href: 'https://www.drupal.org/docs/8/modules/json-api/filtering#filters-access-control' } };
  for (const href of urls) {
    const hash = createHash('sha256').update(href).digest('base64url').slice(0, 7);
    links[`item--${hash}`] = { href, meta: { rel: 'item', detail: 'The current user is not allowed to GET the selected resource.' } };
  }
  return { omitted: { detail: 'Some resources have been omitted because of insufficient authorization.', links } };
}

/**
 * `include=a,b.c`: the related resources of `primary`, each once, none of `primary` again, as
 * `{ resource, view }`; those the caller may not view are pushed to `omitted` (their resource).
 */
export function includedResources(include, primary, { store, caller, type }, omitted = []) {
  if (include === undefined || include === '') return [];
  const paths = String(include).split(',').map((p) => p.trim().split('.'));
  for (const path of paths) {
    const { relationships } = store.fieldsOf(type);
    if (!relationships.has(path[0])) {
      throw badRequest(`\`${path[0]}\` is not a valid relationship field name. Possible values: ${[...relationships].join(', ')}.`);
    }
  }
  const seen = new Set(primary.map((r) => r.id));
  const included = [];
  for (const path of paths) {
    let level = primary;
    for (const field of path) {
      const next = [];
      for (const r of level) {
        for (const target of store.targets(r, field)) {
          const view = viewAccess(caller, target);
          const first = !seen.has(target.id);
          seen.add(target.id);
          if (!view) {
            if (first) omitted.push(target);
            continue;
          }
          next.push(target);
          if (first) included.push({ resource: target, view });
        }
      }
      level = next;
    }
  }
  return included;
}
