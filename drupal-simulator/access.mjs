// Entity and field access as core's access handlers decide it for a GET
// (NodeAccessControlHandler, UserAccessControlHandler, TermAccessControlHandler, the registration
// contrib module and config entities): 'full', 'label' (the label-only object) or null (omitted).

import { hasPermission } from './accounts.mjs';

const entityTypes = new Map();
/** `node--course` -> `node` (asked for every row of every page: remembered). */
function entityTypeOf(type) {
  let entityType = entityTypes.get(type);
  if (entityType === undefined) {
    entityType = type.split('--')[0];
    entityTypes.set(type, entityType);
  }
  return entityType;
}

/** How much of `resource` the caller `{ accounts, account }` may see. */
export function viewAccess(caller, resource) {
  const may = (permission) => hasPermission(caller.accounts, caller.account, permission);
  const published = resource.attributes?.status !== false;
  switch (entityTypeOf(resource.type)) {
    case 'node':
      if (may('bypass node access')) return 'full';
      return published && may('access content') ? 'full' : null;
    case 'user':
      if (caller.account?.uuid === resource.id || may('administer users')) return 'full';
      // 'view label' is always allowed, blocked users included (UserAccessControlHandler).
      return published && may('access user profiles') ? 'full' : 'label';
    case 'taxonomy_term':
      if (may('administer taxonomy')) return 'full';
      return published && may('access content') ? 'full' : null;
    case 'registration':
      return may('administer registration') ? 'full' : null;
    case 'user_role':
      return may('administer permissions') ? 'full' : null;
    default:
      return may('access content') ? 'full' : null;
  }
}

/**
 * With a filter, access becomes query conditions (TemporaryQueryGuard): rows the caller may not
 * fully view are not selected at all, so they are neither listed nor reported as omitted.
 */
export const selectedByQuery = (caller, resource) => viewAccess(caller, resource) === 'full';

/**
 * Field access for viewing: a user's `mail` only for its owner and user admins; `pass` never.
 * `resource` is null for a filter or sort, which is checked without an entity (no owner).
 */
export function fieldViewable(caller, type, field, resource) {
  if (entityTypeOf(type) !== 'user') return true;
  if (field === 'pass') return false;
  if (field === 'mail') return (resource !== null && caller.account?.uuid === resource.id) || hasPermission(caller.accounts, caller.account, 'administer users');
  return true;
}
