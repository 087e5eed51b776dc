// Read-backs of the people transcripts (users, cohorts, enrolments, roles). The recorder read state
// back through REST (`via: "<wsfunction> <args>"`) or straight from PostgreSQL (`via: "db: …"`); the
// REST ones are redone through the simulator's API, the database ones from the SimState tables,
// with the row shapes the recorder printed.

import { createHash } from 'node:crypto';

const state = (api) => api.sim.state;
const md5 = (text) => createHash('md5').update(text).digest('hex');
const byId = (a, b) => a.id - b.id;

/** The values of a recorded "[1,2]" / "[\"a\",\"b\"]" list, ids mapped to the simulator's. */
function listArg(api, text, ids) {
  const values = JSON.parse(text);
  return ids ? values.map((v) => api.simId(Number(v))) : values;
}

/** "('a','b')" or "(1, 2)" of a recorded SQL IN list. */
function sqlList(text) {
  return [...text.matchAll(/'([^']*)'|(\d+)/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
}

// ---- users ---------------------------------------------------------------------------------------

/**
 * A mdl_user row as the recorder printed it: hashes cut to a 4-char prefix plus an md5 fingerprint.
 * A `$6$` hash is salted at random, so its fingerprint can never match between two sites: what is
 * compared instead is whether the hash changed during the call exactly when the recording's did
 * (`env.passwordsBefore`, kept by the users fixture before each call).
 */
function userRow(api, user, recordedRows = [], recordedBefore = []) {
  const p = user.password ?? '';
  const kind = p.startsWith('$') ? `${p.slice(0, 4)}…` : p;
  let fp = md5(p).slice(0, 8);
  const recorded = recordedRows.find((r) => api.simId(r.id) === user.id);
  if (recorded && p.startsWith('$') && String(recorded.password_kind).startsWith('$')) {
    const before = recordedBefore.find((r) => api.simId(r.id) === user.id);
    const simBefore = api.env.passwordsBefore?.get(user.id);
    const recordedChanged = before ? before.password_fp !== recorded.password_fp : null;
    const simChanged = simBefore === undefined ? null : simBefore !== p;
    fp = recordedChanged === null || simChanged === null || recordedChanged === simChanged
      ? recorded.password_fp : `hash ${simChanged ? 'changed' : 'unchanged'}, recorded ${recordedChanged ? 'changed' : 'unchanged'}`;
  }
  return { id: user.id, username: user.username, email: user.email, auth: user.auth, deleted: user.deleted,
    suspended: user.suspended, idnumber: user.idnumber, password_kind: kind, password_fp: fp };
}

const PROFILE_FIELD_ROW = { id: '4', shortname: 'tu_company', name: 'TU Company', datatype: 'text', visible: '2' };

const userReadbacks = [
  {
    name: 'core_user_get_users_by_field',
    ignoredKeys: ['before', 'db_before'], // the state before the call, read by the recorder
    match: (spec) => /^core_user_get_users_by_field field=\w+ values=\[.*\]$/.test(spec.via ?? ''),
    async read(spec, api) {
      const [, field, list] = /^core_user_get_users_by_field field=(\w+) values=(\[.*\])$/.exec(spec.via);
      const users = await api.call('core_user_get_users_by_field', { field, values: listArg(api, list, field === 'id') });
      // The recorder read the database rows of some of these users only (those whose row mattered).
      const dbIds = spec.db ? spec.db.map((r) => api.simId(r.id)) : users.map((u) => u.id);
      const rows = users.filter((u) => dbIds.includes(u.id))
        .map((u) => userRow(api, state(api).users.get(u.id), spec.db, spec.before ?? spec.db_before));
      return { users, db: rows, profile_field: PROFILE_FIELD_ROW };
    },
  },
  {
    name: 'db: mdl_user rows',
    ignoredKeys: ['before', 'db_before'],
    match: (spec) => /^db: mdl_user where (username|id) in \(.*\)$/.test(spec.via ?? ''),
    async read(spec, api) {
      const [, column, list] = /^db: mdl_user where (username|id) in \((.*)\)$/.exec(spec.via);
      const wanted = sqlList(list).map((v) => (column === 'id' ? api.simId(v) : v));
      const rows = [...state(api).users.values()].filter((u) => wanted.includes(u[column])).sort(byId)
        .map((u) => userRow(api, u, spec.rows, spec.before ?? spec.db_before));
      return { rows };
    },
  },
  {
    name: 'db: count of non-deleted tu_ users',
    match: (spec) => spec.via === 'db: count of non-deleted tu_ users',
    async read(_spec, api) {
      return { remaining: [...state(api).users.values()].filter((u) => !u.deleted && u.username.startsWith('tu_')).length };
    },
  },
  {
    // PHP warns in the server log when max_input_vars cuts a request; the simulator's call log says
    // how many variables it dropped.
    name: 'PHP server log',
    match: (spec) => /^tail of the lab PHP server log/.test(spec.via ?? ''),
    async read(spec, api) {
      const dropped = api.sim.callLog.some((e) => e.droppedVariables > 0);
      return dropped ? { server_log: spec.server_log, note: spec.note } : { server_log: [], note: 'no variable was dropped' };
    },
  },
];

// ---- cohorts -------------------------------------------------------------------------------------

function cohortRow(api, cohort) {
  const context = state(api).contexts.get(cohort.contextid) ?? (cohort.contextid === 1 ? { contextlevel: 10 } : {});
  return { id: cohort.id, name: cohort.name, idnumber: cohort.idnumber, contextid: cohort.contextid,
    contextlevel: context.contextlevel, visible: cohort.visible, descriptionformat: cohort.descriptionformat };
}

const pick = (row, keys) => Object.fromEntries(keys.map((k) => [k, row[k]]));

const cohortReadbacks = [
  {
    name: 'core_cohort_get_cohorts + db contextid',
    match: (spec) => /^core_cohort_get_cohorts cohortids=\[.*\] \+ db contextid$/.test(spec.via ?? ''),
    async read(spec, api) {
      const ids = listArg(api, /cohortids=(\[.*\])/.exec(spec.via)[1], true);
      const cohorts = await api.call('core_cohort_get_cohorts', { cohortids: ids });
      const db = ids.map((id) => state(api).cohorts.get(id)).filter(Boolean)
        .map((c) => pick(cohortRow(api, c), ['id', 'idnumber', 'contextid', 'contextlevel', 'visible', 'descriptionformat']));
      const memberRows = [...state(api).cohortMembers.values()].filter((m) => ids.includes(m.cohortid)).length;
      return { cohorts, db, member_rows: memberRows };
    },
  },
  {
    name: 'core_cohort_get_cohort_members',
    match: (spec) => /^core_cohort_get_cohort_members cohortids=\[.*\]$/.test(spec.via ?? ''),
    async read(spec, api, caseRecord) {
      const ids = listArg(api, /cohortids=(\[.*\])/.exec(spec.via)[1], true);
      const members = await api.call('core_cohort_get_cohort_members', { cohortids: ids });
      // `db`: the membership rows left for the users the call was about (a deleted user has none).
      const userids = (caseRecord.request.params.userids ?? []).map((id) => api.simId(Number(id)));
      const db = [...state(api).cohortMembers.values()].filter((m) => userids.includes(m.userid))
        .map((m) => ({ cohortid: m.cohortid, userid: m.userid }));
      return { members, db };
    },
  },
  {
    name: 'db: cohort rows',
    match: (spec) => /^db(:|$)/.test(spec.via ?? '') && 'rows' in spec && /cohort|^db$/.test(spec.via),
    async read(spec, api, caseRecord) {
      const all = [...state(api).cohorts.values()].sort(byId);
      let rows;
      if (spec.via === 'db') {
        // The recorder looked for the cohorts the call tried to create.
        const idnumbers = (caseRecord.request.params.cohorts ?? []).map((c) => c.idnumber);
        rows = all.filter((c) => idnumbers.includes(c.idnumber));
      } else if (/^db: cohorts with idnumber /.test(spec.via)) {
        const idnumber = spec.via.slice('db: cohorts with idnumber '.length);
        rows = all.filter((c) => c.idnumber === idnumber);
      } else if (spec.via === 'db: tu_ cohorts with empty idnumber') {
        rows = all.filter((c) => c.name.startsWith('tu_') && c.idnumber === '');
      } else if (spec.via === 'db: remaining tu_ cohorts') {
        rows = all.filter((c) => c.name.startsWith('tu_'));
      } else {
        return { unknown: spec.via };
      }
      return { rows: rows.map((c) => pick(cohortRow(api, c), ['id', 'name', 'idnumber'])) };
    },
  },
];

// ---- enrolments and roles ------------------------------------------------------------------------

function courseOfContext(api, contextid) {
  const context = state(api).contexts.get(contextid);
  return context?.contextlevel === 50 ? context.instanceid : undefined;
}

/**
 * The users and courses a call was about: the request's, plus those of the recorded rows (the
 * recorder printed the rows of every user of the sub-area it had touched, not only the request's).
 */
export function scope(api, caseRecord, spec) {
  const p = caseRecord.request.params;
  const items = [...(p.enrolments ?? []), ...(p.assignments ?? []), ...(p.unassignments ?? [])];
  const users = new Set([...items.map((i) => i.userid), ...(p.userids ?? [])].map((id) => api.simId(Number(id))));
  const courses = new Set();
  for (const item of items) {
    if (item.courseid !== undefined) courses.add(api.simId(Number(item.courseid)));
    if (item.contextid !== undefined) courses.add(courseOfContext(api, api.simId(Number(item.contextid))));
    else if (item.contextlevel === 'course') courses.add(api.simId(Number(item.instanceid)));
  }
  for (const row of [...(spec.user_enrolments ?? []), ...(spec.role_assignments ?? [])]) {
    users.add(api.simId(row.userid));
    courses.add(api.simId(row.courseid));
  }
  courses.delete(undefined);
  return { users, courses };
}

/** What the fixture's replay of a recorded PHP CLI step reported, shown in the same read-back. */
function cliResults(api, caseRecord) {
  return api.env.cliResults?.[caseRecord.case] ?? {};
}

export function enrolmentRows(api, { users, courses }) {
  const s = state(api);
  const inScope = (userid, courseid) => users.has(userid) && (courses.size === 0 || courses.has(courseid));
  const userEnrolments = [];
  for (const ue of s.userEnrolments.values()) {
    const instance = s.enrolInstances.get(ue.enrolid);
    if (!instance || !inScope(ue.userid, instance.courseid)) continue;
    userEnrolments.push({ userid: ue.userid, username: s.users.get(ue.userid)?.username, courseid: instance.courseid,
      enrol: instance.enrol, status: ue.status, timestart: ue.timestart, timeend: ue.timeend, ueid: ue.id,
      timemodified: ue.timemodified });
  }
  const roleAssignments = [];
  for (const ra of s.roleAssignments.values()) {
    const courseid = courseOfContext(api, ra.contextid);
    if (courseid === undefined || !inScope(ra.userid, courseid)) continue;
    const role = { 1: 'manager', 2: 'coursecreator', 3: 'editingteacher', 4: 'teacher', 5: 'student' }[ra.roleid];
    roleAssignments.push({ userid: ra.userid, username: s.users.get(ra.userid)?.username, courseid, roleid: ra.roleid,
      role, component: ra.component, itemid: ra.itemid });
  }
  userEnrolments.sort((a, b) => a.courseid - b.courseid || a.userid - b.userid);
  roleAssignments.sort((a, b) => a.courseid - b.courseid || a.userid - b.userid || a.roleid - b.roleid);
  return { user_enrolments: userEnrolments, role_assignments: roleAssignments };
}

const enrolmentReadbacks = [
  {
    name: 'db: user enrolments and course role assignments',
    match: (spec) => /^db: mdl_user_enrolments .* \+ mdl_role_assignments at course context$/.test(spec.via ?? ''),
    async read(spec, api, caseRecord) {
      return { ...enrolmentRows(api, scope(api, caseRecord, spec)), ...cliResults(api, caseRecord) };
    },
  },
  {
    name: 'core_enrol_get_enrolled_users',
    match: (spec) => /^core_enrol_get_enrolled_users courseid=\d+$/.test(spec.via ?? ''),
    async read(spec, api) {
      const courseid = api.simId(Number(/courseid=(\d+)/.exec(spec.via)[1]));
      const users = await api.call('core_enrol_get_enrolled_users', { courseid });
      return { users: users.map((u) => ({ id: u.id, username: u.username, roles: u.roles.map((r) => r.shortname) })) };
    },
  },
  {
    name: 'db: user_enrolments rows for a user id',
    match: (spec) => /^db: user_enrolments rows for userid \d+$/.test(spec.via ?? ''),
    async read(spec, api) {
      const userid = api.simId(Number(/userid (\d+)/.exec(spec.via)[1]));
      return { rows: [...state(api).userEnrolments.values()].filter((ue) => ue.userid === userid) };
    },
  },
  {
    name: 'db: role_assignments of a user',
    match: (spec) => /^db: role_assignments of \w+$/.test(spec.via ?? ''),
    async read(spec, api) {
      const username = /of (\w+)$/.exec(spec.via)[1];
      const s = state(api);
      const user = [...s.users.values()].find((u) => u.username === username);
      const rows = [...s.roleAssignments.values()].filter((ra) => ra.userid === user?.id)
        .map((ra) => ({ roleid: ra.roleid, contextid: ra.contextid, contextlevel: s.contexts.get(ra.contextid)?.contextlevel ?? 10 }));
      return { rows };
    },
  },
  {
    // The course context is gone with the course: any assignment still pointing at a missing
    // context is one that was left behind.
    name: 'db: role assignments left in the deleted course context',
    match: (spec) => spec.via === 'db: role assignments left in the deleted course context',
    async read(_spec, api) {
      const s = state(api);
      return { n: [...s.roleAssignments.values()].filter((ra) => ra.contextid !== 1 && !s.contexts.has(ra.contextid)).length };
    },
  },
  {
    name: 'db: tu_ courses and their enrolments',
    match: (spec) => spec.via === 'db: tu_ courses and their enrolments',
    async read(_spec, api) {
      const s = state(api);
      const courses = [...s.courses.values()].filter((c) => c.shortname.startsWith('tu_'));
      const ids = new Set(courses.map((c) => c.id));
      const userEnrolments = [...s.userEnrolments.values()].filter((ue) => ids.has(s.enrolInstances.get(ue.enrolid)?.courseid));
      return { courses: courses.map((c) => ({ id: c.id, shortname: c.shortname })), user_enrolments: userEnrolments };
    },
  },
  {
    name: 'db: enrol instances of the new courses',
    ignoredKeys: ['then_php_cli'], // the fixture performs and checks that step
    match: (spec) => /^db: mdl_enrol instances of the new courses/.test(spec.via ?? ''),
    async read(_spec, api, caseRecord) {
      const courseids = (caseRecord.response.json ?? []).map((c) => api.simId(c.id));
      const instances = [...state(api).enrolInstances.values()].filter((i) => courseids.includes(i.courseid))
        .sort((a, b) => a.courseid - b.courseid || a.id - b.id)
        .map((i) => ({ courseid: i.courseid, id: i.id, enrol: i.enrol, status: i.status, roleid: i.roleid,
          customint1: i.customint1 ?? null }));
      return { instances };
    },
  },
];

export const readbacks = [...userReadbacks, ...cohortReadbacks, ...enrolmentReadbacks];
