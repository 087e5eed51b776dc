// PATCH of one resource (J/Controller/EntityResource.php patchIndividual): the payload's id must be
// the URL's, every attribute must exist, a field whose value would change needs edit access to
// it (an unchanged one is not checked, so a `changed` sent back as read passes and a moved one is
// refused), and validation runs before anything is saved.

import { mayEditField } from './accounts.mjs';
import { badRequest, forbidden, JsonApiError } from './errors.mjs';
import { sameValue, saveEntity } from './entity-edit.mjs';

function payloadOf(body) {
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    throw badRequest('Syntax error');
  }
  const data = json?.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw badRequest('The request document must have a "data" member holding one resource object.');
  return data;
}

/** Checks and applies a PATCH body to `resource`: `{ changed }`; throws the error Drupal answers. */
export function patchResource({ store, caller, now }, resource, body) {
  const data = payloadOf(body);
  if (data.id !== resource.id) {
    throw badRequest(`The selected entity (${resource.id}) does not match the ID in the payload (${data.id}).`);
  }
  const { attributes: known, relationships: knownRelationships } = store.fieldsOf(resource.type);
  const attributes = data.attributes ?? {};
  const relationships = data.relationships ?? {};
  for (const name of Object.keys(attributes)) {
    if (!known.has(name)) throw new JsonApiError(422, `The attribute ${name} does not exist on the ${resource.type} resource type.`, { links: false });
  }
  for (const name of Object.keys(relationships)) {
    if (!knownRelationships.has(name)) throw new JsonApiError(422, `The relationship ${name} does not exist on the ${resource.type} resource type.`, { links: false });
  }
  const check = (name, current, value, section) => {
    if (sameValue(name, current, value)) return;
    if (!mayEditField(caller.account, resource.type, name)) {
      throw forbidden(`The current user is not allowed to PATCH the selected field (${name}).`, { pointer: `/data/${section}/${name}` });
    }
    if (Array.isArray(value) && current !== null && current !== undefined && !Array.isArray(current)) {
      throw new JsonApiError(422, `${name}: ${name}: this field cannot hold more than 1 values.`, { pointer: `/data/${section}/${name}`, links: false });
    }
  };
  for (const [name, value] of Object.entries(attributes)) check(name, resource.attributes[name], value, 'attributes');
  for (const [name, value] of Object.entries(relationships)) {
    const current = resource.relationships[name]?.data ?? null;
    if (JSON.stringify(current) !== JSON.stringify(value?.data ?? null) && !mayEditField(caller.account, resource.type, name)) {
      throw forbidden(`The current user is not allowed to PATCH the selected field (${name}).`, { pointer: `/data/relationships/${name}` });
    }
  }
  return saveEntity(store, resource, { attributes, relationships }, now());
}
