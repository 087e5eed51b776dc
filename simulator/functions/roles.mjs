// core_role_assign_roles / core_role_unassign_roles, as the recorded Moodle 4.5 does it (rules in
// the transcripts' README-people.md, "Roles").

import { invalidParameter, requireCapability } from '../errors.mjs';
import { PARAM, value, optional, single, multiple } from '../schema.mjs';
import { contextFromParams, validateContext } from '../people/contexts.mjs';
import { canAssignRoleIn, roleAssign, roleUnassignAll } from '../people/role-assignments.mjs';


const ASSIGNMENT = single({
  roleid: value(PARAM.INT),
  userid: value(PARAM.INT),
  contextid: optional(PARAM.INT),
  // Declared PARAM_ALPHA: a numeric level such as "50" fails parameter validation.
  contextlevel: optional(PARAM.ALPHA),
  instanceid: optional(PARAM.INT),
});

export const functions = {
  core_role_assign_roles: {
    params: { assignments: multiple(ASSIGNMENT) },
    returns: null,
    run(sim, { assignments }, ctx) {
      const { state } = sim;
      state.transaction(() => {
        for (const assignment of assignments) {
          const context = assignableContext(state, assignment, ctx, 'assign');
          roleAssign(state, { roleid: assignment.roleid, userid: assignment.userid, contextid: context.id }, ctx.now());
        }
      });
      return undefined;
    },
  },

  core_role_unassign_roles: {
    params: { unassignments: multiple(ASSIGNMENT) },
    returns: null,
    run(sim, { unassignments }, ctx) {
      const { state } = sim;
      state.transaction(() => {
        for (const unassignment of unassignments) {
          const context = assignableContext(state, unassignment, ctx, 'unassign');
          // role_unassign() touches only manual assignments (component ''); an unknown user or a
          // role the user does not hold is a silent no-op.
          roleUnassignAll(state, { roleid: unassignment.roleid, userid: unassignment.userid, contextid: context.id,
            component: '', itemid: 0 });
        }
      });
      return undefined;
    },
  },
};

/** The context of one item, checked as assign_roles/unassign_roles check it, in the same order. */
function assignableContext(state, item, ctx, verb) {
  const context = contextFromParams(state, item);
  validateContext(ctx, context);
  requireCapability(ctx, 'Assign roles to users');
  if (!canAssignRoleIn(context, item.roleid)) {
    // The message names the contextid parameter, empty when the contextlevel form was used.
    throw invalidParameter(`Can not ${verb} roleid=${item.roleid} in contextid=${item.contextid ?? ''}`);
  }
  return context;
}
