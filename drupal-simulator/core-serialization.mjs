// An entity as Drupal core's serializer writes it (`?_format=json`, the `serialization` module):
// every field a list of items, `{"value": ...}` for plain values, `{"target_id", "target_type",
// "target_uuid"}` for references, timestamps as `{"value": "<RFC 3339>", "format": "Y-m-d\\TH:i:sP"}`
// (drupal.org/node/2859657). The contrib `webhooks` module sends this form, not JSON:API's: the
// internal ids are plain fields (`nid`, `uid`, `tid`) and the bundle is a reference field (`type` of
// a node or registration, `vid` of a taxonomy term).

import { createHash } from 'node:crypto';
import { TIMESTAMP_FIELDS } from './field-paths.mjs';
import { rfc3339, unixSeconds } from './time-values.mjs';

const TIMESTAMP_FORMAT = 'Y-m-d\\TH:i:sP';
const INTERNAL = 'drupal_internal__';

/** The entity type's bundle field (core's `bundle` entity key) and the config entity type it points at. */
function bundleField(entityType) {
  if (entityType === 'user') return null;
  if (entityType === 'taxonomy_term') return { name: 'vid', targetType: 'taxonomy_vocabulary' };
  return { name: 'type', targetType: `${entityType}_type` };
}

/** A stable uuid for a config entity the export does not hold (a node type, a vocabulary). */
function nameUuid(name) {
  const h = createHash('sha1').update(`config:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function itemsOf(field, value) {
  if (value === null || value === undefined) return [];
  if (TIMESTAMP_FIELDS.has(field)) {
    const seconds = unixSeconds(value);
    return [{ value: seconds === null ? value : rfc3339(seconds), format: TIMESTAMP_FORMAT }];
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (v && typeof v === 'object' ? structuredClone(v) : { value: v }));
}

function referenceItems(data) {
  const refs = Array.isArray(data) ? data : data ? [data] : [];
  return refs.map((ref) => {
    // JSON:API's `virtual` resource is core's target_id 0 (a term's root parent).
    if (ref.type === 'virtual') return { target_id: 0 };
    return { target_id: ref.meta?.drupal_internal__target_id ?? null, target_type: ref.type.split('--')[0], target_uuid: ref.id };
  });
}

/**
 * `resource` (a JSON:API resource object of the simulated site) in core's serialization. JSON:API
 * renames a field called `type` to `<entity type>_type` (`node_type`, `registration_type`): it is
 * the bundle field again here.
 */
export function coreSerialization(resource) {
  const [entityType, bundle = entityType] = resource.type.split('--');
  const out = {};
  const attributes = resource.attributes ?? {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith(INTERNAL)) out[name.slice(INTERNAL.length)] = [{ value }];
  }
  out.uuid = [{ value: resource.id }];
  const bundleRef = bundleField(entityType);
  const renamedBundle = `${entityType}_type`;
  if (bundleRef) {
    const ref = resource.relationships?.[bundleRef.name === 'vid' ? 'vid' : renamedBundle]?.data;
    out[bundleRef.name] = [{ target_id: bundle, target_type: bundleRef.targetType, target_uuid: ref?.id ?? nameUuid(`${bundleRef.targetType}.${bundle}`) }];
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith(INTERNAL) || name === 'display_name') continue;
    out[name] = itemsOf(name, value);
  }
  for (const [name, rel] of Object.entries(resource.relationships ?? {})) {
    if (bundleRef && (name === renamedBundle || (bundleRef.name === 'vid' && name === 'vid'))) continue;
    out[name] = referenceItems(rel?.data);
  }
  return out;
}

/** The user a webhook says made the change: the site's administrator (uid 1), as core serializes a user. */
export function actingUser() {
  return { uid: [{ value: 1 }], uuid: [{ value: nameUuid('user.admin') }], langcode: [{ value: 'en' }], name: [{ value: 'admin' }] };
}
