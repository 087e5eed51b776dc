// The write-back of a live source: one PATCH of the one field on the entity's own resource, as
// application/vnd.api+json. The core checks the answer (the value must be in Drupal's answer).
import { exchange } from './exchange.mjs';

export function resourcePath(type, uuid) {
  const [entityType, bundle = entityType] = type.split('--');
  return `/jsonapi/${encodeURIComponent(entityType)}/${encodeURIComponent(bundle)}/${encodeURIComponent(uuid)}`;
}

/**
 * The entity's `changed` in Drupal's answer to a PATCH (the updated resource), as Drupal wrote it:
 * the engine keeps it, so that the next read knows the tool itself changed the entity.
 */
function changedIn(body) {
  try {
    const changed = JSON.parse(body)?.data?.attributes?.changed;
    return changed === undefined || changed === null ? {} : { changed };
  } catch {
    return {};
  }
}

// One PATCH of `attributes` on the entity's resource; `check` is what the core looks for in the answer.
async function patchAttributes({ core, client, retries, wait }, entity, attributes, check) {
  const body = JSON.stringify({ data: { type: entity.type, id: entity.uuid, attributes } });
  const got = await exchange(core, client, 'PATCH', resourcePath(entity.type, entity.uuid), {
    body, contentType: 'application/vnd.api+json', entity: { label: entity.label }, ...check, judgeSuccess: true, retries, wait,
  });
  if (got.ok) return { ok: true, ...changedIn(got.answer.body) };
  return { ok: false, error: got.error.message, class: got.error.class, ...(got.error.field ? { field: got.error.field } : {}) };
}

/** `patch(action)` for a write_back action; resolves to the engine's write_back result. */
export function createWriter({ core, client, retries = 3, wait }) {
  return ({ entity, field, value }) => patchAttributes({ core, client, retries, wait }, entity, { [field]: value }, { field, value });
}

/**
 * `patch(action)` for a write_fields action (a completion): ONE PATCH carrying every field, so a
 * registration never holds `completed` without its date; the core checks each value in the answer.
 */
export function createFieldsWriter({ core, client, retries = 3, wait }) {
  return ({ entity, fields }) => patchAttributes({ core, client, retries, wait }, entity, fields, { fields });
}
