// delete_user(): a soft delete. The row stays with deleted=1, the username becomes
// "<email>.<time>" and the email the md5 of the old username, so that both can be reused at once;
// cohort memberships, enrolments, role assignments, preferences and profile data are removed.

import { createHash } from 'node:crypto';
import { CONTEXT_LEVEL } from './contexts.mjs';
import { roleUnassignAll } from './role-assignments.mjs';
import { cleanUsername } from './user-records.mjs';

export function deleteUser(state, user, now) {
  deleteWhere(state.cohortMembers, (m) => m.userid === user.id);
  deleteWhere(state.userEnrolments, (ue) => ue.userid === user.id);
  deleteWhere(state.userPreferences, (p) => p.userid === user.id);
  deleteWhere(state.externalTokens, (t) => t.userid === user.id);
  roleUnassignAll(state, { userid: user.id });
  deleteWhere(state.contexts, (c) => c.contextlevel === CONTEXT_LEVEL.user && c.instanceid === user.id);

  const email = user.email || `${user.username}.${user.id}@unknownemail.invalid`;
  const suffix = String(now);
  const prefix = cleanUsername(email).slice(0, 100 - (suffix.length + 1));
  let username = `${prefix}.${suffix}`;
  for (let i = 1; [...state.users.values()].some((u) => u.username === username); i += 1) {
    username = `${prefix}.${suffix}.${i}`;
  }
  Object.assign(user, {
    deleted: 1,
    username,
    email: createHash('md5').update(user.username).digest('hex'),
    idnumber: '',
    picture: 0,
    profile: {},
    timemodified: now,
  });
}

function deleteWhere(table, predicate) {
  for (const [id, row] of table) if (predicate(row)) table.delete(id);
}
