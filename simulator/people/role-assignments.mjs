// Role assignments (`role_assign`, `role_unassign_all`, `get_assignable_roles`, `get_user_roles`)
// on the `roleAssignments` table `{id, roleid, contextid, userid, component, itemid}`.

import { ROLES } from '../state.mjs';
import { codingError } from '../errors.mjs';
import { LEVEL_NAME } from './contexts.mjs';

export const EDITINGTEACHER_ROLE_ID = 3;

export const roleById = (roleid) => ROLES.find((r) => r.id === roleid) ?? null;

/** The admin may assign every role whose context levels include the context's level. */
export function canAssignRoleIn(context, roleid) {
  const role = roleById(roleid);
  return Boolean(role && role.assignable.includes(LEVEL_NAME[context.contextlevel]));
}

/** `role_assign()`: the user must exist and not be deleted; assigning again is a silent no-op. */
export function roleAssign(state, { roleid, userid, contextid, component = '', itemid = 0 }, now) {
  const user = state.users.get(userid);
  if (!user || user.deleted) throw codingError('User ID does not exist or is deleted!');
  for (const ra of state.roleAssignments.values()) {
    if (ra.roleid === roleid && ra.userid === userid && ra.contextid === contextid
        && ra.component === component && ra.itemid === itemid) return ra;
  }
  const ra = { id: state.nextId('roleAssignments'), roleid, contextid, userid, component, itemid, timemodified: now };
  state.roleAssignments.set(ra.id, ra);
  return ra;
}

/** `role_unassign_all()`: removes every assignment matching all given keys. */
export function roleUnassignAll(state, conditions) {
  for (const [id, ra] of state.roleAssignments) {
    if (Object.entries(conditions).every(([k, v]) => ra[k] === v)) state.roleAssignments.delete(id);
  }
}

/** Role ids a user holds directly in a context, in role sort order (ids are the sort order here). */
export function userRoleIdsIn(state, contextid, userid) {
  const ids = new Set();
  for (const ra of state.roleAssignments.values()) {
    if (ra.contextid === contextid && ra.userid === userid) ids.add(ra.roleid);
  }
  return [...ids].sort((a, b) => a - b);
}
