// Manual enrolments and the course participant list, as the recorded Moodle 4.5 does it (rules in
// the transcripts' README-people.md, "Enrolments").

import { codingError, invalidParameter, missingRecord, moodleException } from '../errors.mjs';
import { PARAM, value, optional, single, multiple } from '../schema.mjs';
import { courseContext, parentContexts, validateContext } from '../people/contexts.mjs';
import { canAssignRoleIn, roleAssign, roleById, userRoleIdsIn } from '../people/role-assignments.mjs';
import { rolesWithCapability } from '../people/role-capabilities.mjs';
import {
  ENROL_USER_ACTIVE, ENROL_USER_SUSPENDED, manualInstance, saveUserEnrolment, unenrolUser, isActiveEnrolment,
} from '../people/enrolments.mjs';
import { prepareWelcomeMessage, sendWelcomeMessages } from '../people/welcome-message.mjs';
import { userDetails, pickInOrder, ENROLLED_USER_KEYS, KNOWN_USER_FIELDS } from '../people/user-details.mjs';
import { SITE_ADMIN_IDS, liveUser } from '../people/user-records.mjs';
import { formatString } from '../format.mjs';
import { ENROLLED_USER_DESCRIPTION } from '../people/return-descriptions.mjs';

const SORTBY_ALLOWED = ['id', 'firstname', 'lastname', 'siteorder'];
const SORTDIRECTION_ALLOWED = ['ASC', 'DESC'];

export const functions = {
  enrol_manual_enrol_users: {
    params: {
      enrolments: multiple(single({
        roleid: value(PARAM.INT),
        userid: value(PARAM.INT),
        courseid: value(PARAM.INT),
        timestart: optional(PARAM.INT),
        timeend: optional(PARAM.INT),
        suspend: optional(PARAM.INT),
      })),
    },
    returns: null,
    run(sim, { enrolments }, ctx) {
      const { state } = sim;
      const messages = state.transaction(() => {
        let count = 0;
        for (const enrolment of enrolments) count += enrolOne(state, enrolment, ctx) ? 1 : 0;
        return count;
      });
      sendWelcomeMessages(sim, messages);
      return undefined;
    },
  },

  enrol_manual_unenrol_users: {
    params: {
      enrolments: multiple(single({ userid: value(PARAM.INT), courseid: value(PARAM.INT), roleid: optional(PARAM.INT) })),
    },
    returns: null,
    run(sim, { enrolments }, ctx) {
      const { state } = sim;
      state.transaction(() => {
        for (const { userid, courseid } of enrolments) {
          const context = courseContext(state, courseid);
          if (!context) throw missingRecord('course');
          validateContext(ctx, context);
          // Any manual instance, enabled or not; the roleid sent is ignored.
          const instance = manualInstance(state, courseid);
          if (!instance) throw noInstance(courseid);
          if (!state.users.has(userid)) throw invalidParameter(`User id not exist: ${userid}`);
          unenrolUser(state, instance, userid);
        }
      });
      return undefined;
    },
  },

  core_enrol_get_enrolled_users: {
    params: {
      courseid: value(PARAM.INT),
      options: multiple(single({ name: value(PARAM.ALPHANUMEXT), value: value(PARAM.RAW) }), { default: [] }),
    },
    returns: multiple(ENROLLED_USER_DESCRIPTION),
    run(sim, { courseid, options }, ctx) {
      const { state } = sim;
      const opts = enrolledUsersOptions(options);
      const course = state.courses.get(courseid);
      if (!course) throw missingRecord('course');
      const context = courseContext(state, courseid);
      try {
        validateContext(ctx, context);
      } catch (e) {
        throw moodleException('errorcoursecontextnotvalid',
          `You cannot execute functions in the course context (course id:${courseid}). `
          + `The context error message was: ${e.message}`);
      }
      if (opts.onlyactive && opts.onlysuspended) {
        throw codingError('Both onlyactive and onlysuspended are set, this is probably not what you want!');
      }
      const now = ctx.now();
      const users = sortUsers(enrolledUsers(state, course, context, opts, now), opts)
        .slice(opts.limitfrom, opts.limitnumber > 0 ? opts.limitfrom + opts.limitnumber : undefined);
      return users.map((user) => enrolledUserAnswer(sim, user, context, opts.userfields, now, ctx.settings));
    },
  },
};

/** One enrol_manual_enrol_users item; returns whether a welcome message is to be sent. */
function enrolOne(state, { roleid, userid, courseid, timestart = 0, timeend = 0, suspend }, ctx) {
  const context = courseContext(state, courseid);
  validateContext(ctx, context);
  if (!canAssignRoleIn(context, roleid)) {
    throw moodleException('wsusercannotassign',
      `You don't have the permission to assign this role (${roleid}) to this user (${userid}) in this course (${courseid}).`);
  }
  const instance = manualInstance(state, courseid, { enabledOnly: true });
  if (!instance) throw noInstance(courseid);
  const status = suspend ? ENROL_USER_SUSPENDED : ENROL_USER_ACTIVE;
  // enrol_user(): the enrolment row, then the after_user_enrolled hook (welcome message), then the
  // role, which is where an unknown user finally fails.
  saveUserEnrolment(state, instance, userid, { status, timestart, timeend }, ctx.now());
  const message = prepareWelcomeMessage(state, instance, userid);
  roleAssign(state, { roleid, userid, contextid: context.id }, ctx.now());
  return message;
}

function noInstance(courseid) {
  return moodleException('wsnoinstance',
    `Manual enrolment plugin instance doesn't exist or is disabled for the course (id = ${courseid})`);
}

function enrolledUsersOptions(options) {
  const opts = { withcapability: '', groupid: 0, onlyactive: false, onlysuspended: false, userfields: null,
    limitfrom: 0, limitnumber: 0, sortby: 'id', sortdirection: 'ASC' };
  const int = (raw) => Number(/^\s*[+-]?\d+/.exec(raw)?.[0] ?? 0);
  for (const { name, value: raw } of options) {
    switch (name) {
      case 'withcapability': opts.withcapability = raw; break;
      case 'groupid': opts.groupid = int(raw); break;
      case 'onlyactive': opts.onlyactive = !phpEmptyString(raw); break;
      case 'onlysuspended': opts.onlysuspended = !phpEmptyString(raw); break;
      case 'userfields': opts.userfields = raw.split(',').map((f) => f.replace(/[^a-zA-Z0-9_-]/g, '')); break;
      case 'limitfrom': opts.limitfrom = int(raw); break;
      case 'limitnumber': opts.limitnumber = int(raw); break;
      case 'sortby': opts.sortby = raw; break;
      case 'sortdirection': opts.sortdirection = raw.toUpperCase(); break;
      default: break; // unknown options are ignored
    }
  }
  if (!SORTBY_ALLOWED.includes(opts.sortby)) {
    throw invalidParameter(`Invalid value for sortby parameter (value: ${opts.sortby}), `
      + `allowed values are: ${SORTBY_ALLOWED.join(',')}`);
  }
  if (!SORTDIRECTION_ALLOWED.includes(opts.sortdirection)) {
    throw invalidParameter(`Invalid value for sortdirection parameter (value: ${opts.sortdirection}),`
      + `allowed values are: ${SORTDIRECTION_ALLOWED.join(',')}`);
  }
  return opts;
}

/** get_enrolled_sql(): users with an enrolment in any instance of the course, deleted users excluded. */
function enrolledUsers(state, course, context, opts, now) {
  const instances = new Map([...state.enrolInstances.values()].filter((i) => i.courseid === course.id).map((i) => [i.id, i]));
  const activity = new Map(); // userid -> has an active enrolment
  for (const ue of state.userEnrolments.values()) {
    const instance = instances.get(ue.enrolid);
    if (!instance) continue;
    activity.set(ue.userid, (activity.get(ue.userid) ?? false) || isActiveEnrolment(ue, instance, now));
  }
  const capable = opts.withcapability ? usersWithCapability(state, context, opts.withcapability) : null;
  const users = [];
  for (const [userid, active] of activity) {
    const user = liveUser(state, userid);
    if (!user) continue;
    if (opts.onlyactive && !active) continue;
    if (opts.onlysuspended && active) continue;
    if (capable && !capable.has(userid)) continue;
    if (opts.groupid) continue; // no groups are simulated: nobody is a member of any group
    users.push(user);
  }
  return users;
}

function usersWithCapability(state, context, capability) {
  const roleids = rolesWithCapability(capability);
  const contextids = [context.id, ...parentContexts(state, context).map((c) => c.id)];
  return new Set([...state.roleAssignments.values()]
    .filter((ra) => roleids.has(ra.roleid) && contextids.includes(ra.contextid)).map((ra) => ra.userid));
}

function sortUsers(users, { sortby, sortdirection }) {
  const text = (a, b, key) => (a[key] ?? '').localeCompare(b[key] ?? '', 'en');
  const compare = {
    id: (a, b) => a.id - b.id,
    firstname: (a, b) => text(a, b, 'firstname') || a.id - b.id,
    lastname: (a, b) => text(a, b, 'lastname') || a.id - b.id,
    siteorder: (a, b) => text(a, b, 'lastname') || text(a, b, 'firstname') || a.id - b.id,
  }[sortby];
  const sign = sortdirection === 'DESC' ? -1 : 1;
  return users.sort((a, b) => sign * compare(a, b));
}

function enrolledUserAnswer(sim, user, context, userfields, now, settings) {
  if (userfields) {
    const unknown = userfields.find((f) => !KNOWN_USER_FIELDS.has(f));
    if (unknown !== undefined) throw moodleException('invaliduserfield', `Invalid user field: ${unknown}`);
  }
  const { state } = sim;
  const roles = userRoleIdsIn(state, context.id, user.id).map((roleid) => ({
    roleid, name: '', shortname: roleById(roleid)?.shortname ?? '', sortorder: 0,
  }));
  const details = userDetails(sim, user, settings, { roles, enrolledcourses: activeCourses(state, user.id, now, settings) });
  const wanted = userfields ? new Set([...userfields, 'id', 'fullname']) : null;
  return pickInOrder(details, ENROLLED_USER_KEYS, wanted);
}

/**
 * enrol_get_users_courses($userid, true): the courses where the enrolment is active now, without
 * the hidden ones the user may not see (moodle/course:viewhiddencourses).
 */
function activeCourses(state, userid, now, settings) {
  const courses = new Map();
  for (const ue of state.userEnrolments.values()) {
    if (ue.userid !== userid) continue;
    const instance = state.enrolInstances.get(ue.enrolid);
    const course = instance && state.courses.get(instance.courseid);
    if (!course || !isActiveEnrolment(ue, instance, now)) continue;
    if (!course.visible && !SITE_ADMIN_IDS.has(userid) && !usersWithCapability(state, courseContext(state, course.id), 'moodle/course:viewhiddencourses').has(userid)) continue;
    courses.set(course.id, course);
  }
  return [...courses.values()].sort((a, b) => (a.sortorder ?? a.id) - (b.sortorder ?? b.id))
    .map((c) => ({ id: c.id, fullname: formatString(c.fullname, settings), shortname: formatString(c.shortname, settings) }));
}

/** PHP empty() on an option string. */
function phpEmptyString(raw) {
  return raw === '' || raw === '0';
}
