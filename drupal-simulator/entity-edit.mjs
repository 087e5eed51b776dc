// Saving new values into an entity as Drupal's field API does: `""` is an empty item (it reads
// back as null), timestamps are stored in seconds whatever format they came in, `changed` moves
// to the request time only when some value really changed (ChangedItem), and a node gets a new
// revision on every save.

import { TIMESTAMP_FIELDS } from './field-paths.mjs';
import { rfc3339, unixSeconds } from './time-values.mjs';

/** The value as the entity holds it after a save. */
export function savedValue(field, value) {
  if (value === '') return null;
  if (TIMESTAMP_FIELDS.has(field) && value !== null) {
    const seconds = typeof value === 'number' ? value : unixSeconds(value);
    return seconds === null ? value : rfc3339(seconds);
  }
  return value;
}

/** Whether saving `value` into `field` leaves the entity as it is. */
export function sameValue(field, current, value) {
  const saved = savedValue(field, value);
  const now = current === '' ? null : current;
  if (TIMESTAMP_FIELDS.has(field)) return unixSeconds(now) === unixSeconds(saved);
  return JSON.stringify(now ?? null) === JSON.stringify(saved ?? null);
}

/**
 * Saves `attributes` (and `relationships`) into `resource`: `{ changed: bool }`.
 * @param now unix seconds of the save
 */
export function saveEntity(store, resource, { attributes = {}, relationships = {} }, now) {
  let changed = false;
  let changedSetByCaller = false;
  for (const [field, value] of Object.entries(attributes)) {
    if (sameValue(field, resource.attributes[field], value)) continue;
    resource.attributes[field] = savedValue(field, value);
    changed = true;
    if (field === 'changed') changedSetByCaller = true;
  }
  for (const [field, value] of Object.entries(relationships)) {
    const data = value?.data ?? null;
    if (JSON.stringify(resource.relationships[field]?.data ?? null) === JSON.stringify(data)) continue;
    resource.relationships[field] = { ...(resource.relationships[field] ?? {}), data };
    changed = true;
  }
  if (changed && !changedSetByCaller && resource.attributes.changed !== undefined) resource.attributes.changed = rfc3339(now);
  if (resource.attributes.drupal_internal__vid !== undefined) resource.attributes.drupal_internal__vid = store.nextRevisionId();
  store.touch(resource.type, resource);
  return { changed };
}
