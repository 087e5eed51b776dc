// Field paths of filters and sorts (J/Context/FieldResolver.php): `title`, `body.value`,
// `field_x.id`, `field_x.meta.drupal_internal__target_id`, `field_x.name` (into the target). A path is
// resolved once per request into a function giving a resource's values, with the errors Drupal gives.

import { badRequest, forbidden } from './errors.mjs';
import { fieldViewable } from './access.mjs';
import { isConfigEntity } from './site-store.mjs';

const CONFIG_ENTITY_TYPES = new Set(['user_role', 'registration_type', 'node_type', 'taxonomy_vocabulary', 'workflow']);

/** Timestamp fields: stored as unix seconds, printed as RFC 3339. */
export const TIMESTAMP_FIELDS = new Set(['changed', 'created', 'access', 'login', 'completed']);

const listOf = (v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function refsOf(resource, field) {
  const data = resource.relationships?.[field]?.data;
  return Array.isArray(data) ? data : data ? [data] : [];
}

/** The type a relationship points at, from the first resource that has a target. */
function targetTypeOf(store, type, field) {
  for (const r of store.list(type)) {
    const ref = refsOf(r, field)[0];
    if (ref) return ref.type;
  }
  return null;
}

/**
 * Resolves `path` on resources of `type`: `{ values(resource) -> [raw values], timestamp, bare }`.
 * `bare` is a relationship without a specifier: only IS NULL / IS NOT NULL may use it.
 * @param caller { accounts, account } for field access (`mail`)
 */
export function resolvePath(store, caller, type, path, { allowBare = false, purpose = 'filter' } = {}) {
  const segments = String(path).split('.');
  const walk = (currentType, i) => {
    const field = segments[i];
    const given = segments.slice(0, i + 1).join('.');
    const rest = segments.slice(i + 1);
    if (field === 'id' && rest.length === 0) return { values: (r) => [r.id], timestamp: false };
    const { attributes, relationships } = store.fieldsOf(currentType);
    if (!fieldViewable(caller, currentType, field, null)) {
      throw forbidden(`The current user is not authorized to ${purpose} by the \`${field}\` field, given in the path \`${path}\`.`);
    }
    if (attributes.has(field)) {
      const timestamp = TIMESTAMP_FIELDS.has(field) && rest.length === 0;
      return {
        timestamp,
        values: (r) => listOf(r.attributes[field]).map((v) => {
          let value = v;
          if (value && typeof value === 'object' && !Array.isArray(value)) value = rest.length ? rest.reduce((o, k) => o?.[k], value) : value.value;
          return value;
        }).filter((v) => v !== undefined),
      };
    }
    if (relationships.has(field)) {
      if (rest.length === 0) {
        if (allowBare) return { bare: true, values: (r) => refsOf(r, field).map((ref) => ref.id) };
        throw badRequest(`Invalid nested filtering. The field \`${field}\`, given in the path \`${path}\` is incomplete, it must end with one of the following specifiers: \`id\`.`);
      }
      if (rest[0] === 'meta') {
        if (rest.length !== 2) throw badRequest(`Invalid nested filtering. The property \`meta\`, given in the path \`${path}\`, must be followed by a meta property, such as \`drupal_internal__target_id\`.`);
        return { values: (r) => refsOf(r, field).map((ref) => ref.meta?.[rest[1]]).filter((v) => v !== undefined), timestamp: false };
      }
      const targetType = targetTypeOf(store, currentType, field);
      const target = targetType && store.list(targetType)[0];
      if (targetType && (CONFIG_ENTITY_TYPES.has(targetType.split('--')[0]) || (target && isConfigEntity(target)))) {
        throw badRequest(`Filtering on config entities is not supported by Drupal's entity API. You attempted to filter on \`${field}\`, given in the path \`${given}\`.`);
      }
      if (rest[0] === 'id' && rest.length === 1) return { values: (r) => refsOf(r, field).map((ref) => ref.id), timestamp: false };
      if (!targetType) return { values: () => [], timestamp: false };
      const inner = walk(targetType, i + 1);
      return {
        timestamp: inner.timestamp,
        values: (r) => refsOf(r, field).flatMap((ref) => {
          const t = store.get(ref.type, ref.id);
          return t ? inner.values(t) : [];
        }),
      };
    }
    throw badRequest(`Invalid nested filtering. The field \`${field}\`, given in the path \`${path}\`, does not exist.`);
  };
  return walk(type, 0);
}
