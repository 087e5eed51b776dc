// The calls the differential test makes against the real Moodle and the simulator alike: every
// web-service function the project calls (README, "Set-up on the Moodle side"), with creates,
// updates, deletes and look-ups, error answers (bad parameters, a missing object, no capability,
// another service, a bad token) and the batch behaviours (all-or-nothing batches, per-item
// warnings). The test checks that every function the engine may call is here. A step is `{ title, fn, token?, params(ids), save?(answer, ids), view?(answer) }`:
// `ids` holds each site's own ids of what the scenario made, `view` the part of an answer that is
// compared when the rest differs by nature (the functions of a service the sites set up apart).

const MISSING = 999999;  // an id no object has on either site
const TEXT = '<p>Caf&eacute; &middot; Bar&nbsp;&#8211; &quot;Grüße&quot; &amp; <strong>more</strong></p>';

/** The functions of the token's service that the scenario calls: what both sites must list alike. */
const siteInfoView = (a) => {
  const called = new Set(steps.map((step) => step.fn));
  return a && Array.isArray(a.functions) ? { ...a, functions: a.functions.map((f) => f.name).filter((n) => called.has(n)).sort() } : a;
};

const byShortname = (a) => (Array.isArray(a) ? [...a].sort((x, y) => String(x.shortname).localeCompare(String(y.shortname))) : a);

const user = (n, extra = {}) => ({
  username: `diff.user${n}`, createpassword: 1, firstname: `Zoë ${n}`, lastname: 'Ó Súilleabháin', email: `diff.user${n}@northfield.example`,
  auth: 'manual', idnumber: `diff-user-${n}`, city: 'Köln', timezone: 'Europe/Berlin', ...extra,
});
const course = (n, category, extra = {}) => ({
  fullname: `Diff course ${n} &middot; Übung`, shortname: `DIFF-${n}`, categoryid: category, idnumber: `diff-course-${n}`,
  summary: TEXT, summaryformat: 1, format: 'weeks', startdate: 1799913600, enddate: 1807689600, visible: 1,
  customfields: [{ shortname: 'level', value: `B${n}` }], ...extra,
});
const cohort = (n) => ({
  categorytype: { type: 'system', value: '' }, name: `Diff cohort ${n} &#8211; Ü`, idnumber: `diff-cohort-${n}`, description: TEXT, descriptionformat: 1,
});

export const steps = [
  // The site, the service, the tokens.
  { title: 'site info', fn: 'core_webservice_get_site_info', view: siteInfoView },
  { title: 'site info with the token of another service', fn: 'core_webservice_get_site_info', token: 'otherservice', view: siteInfoView },
  { title: 'a function outside the token\'s service', fn: 'core_course_get_categories', token: 'otherservice' },
  { title: 'an unknown token', fn: 'core_course_get_categories', token: 'c0ffee00c0ffee00c0ffee00c0ffee00' },
  { title: 'a write without the capability', fn: 'core_course_create_categories', token: 'nocap', params: () => ({ categories: [{ name: 'No cap', parent: 0 }] }) },
  { title: 'listing categories without the capability', fn: 'core_course_get_categories', token: 'nocap' },
  { title: 'categories by idnumber without the capability', fn: 'core_course_get_categories', token: 'nocap', params: () => ({ criteria: [{ key: 'idnumber', value: 'x' }] }) },
  { title: 'users by idnumber without the capability', fn: 'core_user_get_users_by_field', token: 'nocap', params: () => ({ field: 'idnumber', values: ['x'] }) },
  { title: 'an unknown function', fn: 'core_course_no_such_function' },

  // Categories.
  {
    title: 'create a category', fn: 'core_course_create_categories',
    params: () => ({ categories: [{ name: 'Diff A &middot; Sprachen', parent: 0, idnumber: 'diff-a', description: TEXT, descriptionformat: 1 }] }),
    save: (a, ids) => { ids.catA = a[0].id; },
  },
  {
    title: 'create a category inside it', fn: 'core_course_create_categories',
    params: (ids) => ({ categories: [{ name: 'Diff B — 日本語', parent: ids.catA, idnumber: 'diff-b', description: '', descriptionformat: 1 }] }),
    save: (a, ids) => { ids.catB = a[0].id; },
  },
  { title: 'categories by idnumber', fn: 'core_course_get_categories', params: () => ({ criteria: [{ key: 'idnumber', value: 'diff-b' }], addsubcategories: 0 }) },
  { title: 'categories by ids', fn: 'core_course_get_categories', params: (ids) => ({ criteria: [{ key: 'ids', value: `${ids.catA},${ids.catB}` }], addsubcategories: 0 }) },
  {
    title: 'rename a category and move the other to the top', fn: 'core_course_update_categories',
    params: (ids) => ({ categories: [{ id: ids.catA, name: 'Diff A renamed &#8211; ok' }, { id: ids.catB, parent: 0 }] }),
  },
  { title: 'update a missing category', fn: 'core_course_update_categories', params: () => ({ categories: [{ id: MISSING, name: 'Nobody' }] }) },
  {
    title: 'a batch of categories with a taken idnumber (all or nothing)', fn: 'core_course_create_categories',
    params: () => ({ categories: [{ name: 'Diff C', parent: 0, idnumber: 'diff-c' }, { name: 'Diff A again', parent: 0, idnumber: 'diff-a' }] }),
  },
  { title: 'the batch made nothing', fn: 'core_course_get_categories', params: () => ({ criteria: [{ key: 'idnumber', value: 'diff-c' }] }) },
  { title: 'a category name that tag stripping would change', fn: 'core_course_create_categories', params: () => ({ categories: [{ name: 'R&D <Advanced>', parent: 0 }] }) },
  { title: 'a category without its required name', fn: 'core_course_create_categories', params: () => ({ categories: [{ parent: 0 }] }) },

  // Courses.
  {
    title: 'create two courses', fn: 'core_course_create_courses',
    params: (ids) => ({ courses: [course(1, ids.catA), course(2, ids.catB, { visible: 0, customfields: [] })] }),
    save: (a, ids) => { [ids.course1, ids.course2] = a.map((c) => c.id); },
  },
  // Moodle reads these with no ORDER BY: PostgreSQL's order, which nobody may rely on.
  { title: 'courses by ids', fn: 'core_course_get_courses', params: (ids) => ({ options: { ids: [ids.course1, ids.course2] } }), view: byShortname },
  { title: 'courses by idnumber', fn: 'core_course_get_courses_by_field', params: () => ({ field: 'idnumber', value: 'diff-course-1' }) },
  { title: 'courses by a list of ids', fn: 'core_course_get_courses_by_field', params: (ids) => ({ field: 'ids', value: `${ids.course1},${ids.course2}` }) },
  {
    title: 'update a course, and a missing one (per-item warnings)', fn: 'core_course_update_courses',
    params: (ids) => ({ courses: [
      { id: ids.course1, fullname: 'Diff course 1 renamed', summary: '<p>New &middot; text</p>', summaryformat: 1, visible: 0, customfields: [{ shortname: 'level', value: 'C1' }] },
      { id: MISSING, fullname: 'Nobody' },
    ] }),
  },
  {
    title: 'a batch of courses with a taken shortname (all or nothing)', fn: 'core_course_create_courses',
    params: (ids) => ({ courses: [course(3, ids.catA), course(4, ids.catA, { shortname: 'DIFF-1' })] }),
  },
  { title: 'the course batch made nothing', fn: 'core_course_get_courses_by_field', params: () => ({ field: 'shortname', value: 'DIFF-3' }) },
  { title: 'a course with a date that is not a number', fn: 'core_course_create_courses', params: (ids) => ({ courses: [course(5, ids.catA, { startdate: 'soon' })] }) },
  { title: 'a course in a missing category', fn: 'core_course_create_courses', params: () => ({ courses: [course(6, MISSING)] }) },
  {
    title: 'duplicate a course', fn: 'core_course_duplicate_course',
    params: (ids) => ({ courseid: ids.course1, fullname: 'Diff copy', shortname: 'DIFF-COPY', categoryid: ids.catB, visible: 1,
      options: [{ name: 'users', value: 0 }] }),
    save: (a, ids) => { ids.copy = a.id; },
  },
  { title: 'set the copy\'s idnumber', fn: 'core_course_update_courses', params: (ids) => ({ courses: [{ id: ids.copy, idnumber: 'diff-copy' }] }) },
  { title: 'duplicate a missing course', fn: 'core_course_duplicate_course', params: (ids) => ({ courseid: MISSING, fullname: 'X', shortname: 'DIFF-X', categoryid: ids.catA }) },
  { title: 'delete a course and a missing one', fn: 'core_course_delete_courses', params: (ids) => ({ courseids: [ids.course2, MISSING] }) },

  // Users.
  {
    title: 'create two users', fn: 'core_user_create_users', params: () => ({ users: [user(1), user(2, { lang: 'en' })] }),
    save: (a, ids) => { [ids.user1, ids.user2] = a.map((u) => u.id); },
  },
  { title: 'users by idnumber (one unknown)', fn: 'core_user_get_users_by_field', params: () => ({ field: 'idnumber', values: ['diff-user-1', 'diff-user-2', 'nobody'] }) },
  { title: 'users by username', fn: 'core_user_get_users_by_field', params: () => ({ field: 'username', values: ['diff.user1'] }) },
  { title: 'users by email', fn: 'core_user_get_users_by_field', params: () => ({ field: 'email', values: ['DIFF.USER2@northfield.example', 'diff.user2@northfield.example'] }) },
  { title: 'users by criteria', fn: 'core_user_get_users', params: () => ({ criteria: [{ key: 'idnumber', value: 'diff-user-1' }] }) },
  {
    title: 'suspend a user, change another, and a missing one', fn: 'core_user_update_users',
    params: (ids) => ({ users: [{ id: ids.user2, suspended: 1 }, { id: ids.user1, city: 'Genève', firstname: 'Zoë Renée' }, { id: MISSING, city: 'Nowhere' }] }),
  },
  { title: 'a batch of users with a taken username (all or nothing)', fn: 'core_user_create_users', params: () => ({ users: [user(3), user(4, { username: 'diff.user1' })] }) },
  { title: 'the user batch made nothing', fn: 'core_user_get_users_by_field', params: () => ({ field: 'username', values: ['diff.user3'] }) },
  { title: 'a user with an upper-case username', fn: 'core_user_create_users', params: () => ({ users: [user(5, { username: 'Diff.User5' })] }) },
  { title: 'a user without a password', fn: 'core_user_create_users', params: () => ({ users: [user(6, { createpassword: undefined })] }) },
  { title: 'create a user to delete', fn: 'core_user_create_users', params: () => ({ users: [user(7)] }), save: (a, ids) => { ids.user7 = a[0].id; } },
  { title: 'delete that user', fn: 'core_user_delete_users', params: (ids) => ({ userids: [ids.user7] }) },
  { title: 'delete the site administrator', fn: 'core_user_delete_users', params: () => ({ userids: [2] }) },

  // Cohorts and their members.
  {
    title: 'create two cohorts', fn: 'core_cohort_create_cohorts', params: () => ({ cohorts: [cohort(1), cohort(2)] }),
    save: (a, ids) => { [ids.cohort1, ids.cohort2] = a.map((c) => c.id); },
  },
  { title: 'cohorts by ids', fn: 'core_cohort_get_cohorts', params: (ids) => ({ cohortids: [ids.cohort1, ids.cohort2] }) },
  {
    title: 'update a cohort', fn: 'core_cohort_update_cohorts',
    params: (ids) => ({ cohorts: [{ id: ids.cohort1, categorytype: { type: 'system', value: '' }, name: 'Diff cohort renamed', idnumber: 'diff-cohort-1', description: '<p>x</p>' }] }),
  },
  {
    title: 'add members, one of them twice, one to a missing cohort', fn: 'core_cohort_add_cohort_members',
    params: (ids) => ({ members: [
      { cohorttype: { type: 'id', value: ids.cohort1 }, usertype: { type: 'id', value: ids.user1 } },
      { cohorttype: { type: 'idnumber', value: 'diff-cohort-1' }, usertype: { type: 'username', value: 'diff.user2' } },
      { cohorttype: { type: 'id', value: ids.cohort1 }, usertype: { type: 'id', value: ids.user1 } },
      { cohorttype: { type: 'id', value: MISSING }, usertype: { type: 'id', value: ids.user1 } },
    ] }),
  },
  { title: 'add an existing member again', fn: 'core_cohort_add_cohort_members', params: (ids) => ({ members: [{ cohorttype: { type: 'id', value: ids.cohort1 }, usertype: { type: 'id', value: ids.user1 } }] }) },
  { title: 'cohort members', fn: 'core_cohort_get_cohort_members', params: (ids) => ({ cohortids: [ids.cohort1, ids.cohort2] }) },
  { title: 'remove a member', fn: 'core_cohort_delete_cohort_members', params: (ids) => ({ members: [{ cohortid: ids.cohort1, userid: ids.user2 }] }) },
  { title: 'a batch of cohorts with a taken idnumber (all or nothing)', fn: 'core_cohort_create_cohorts', params: () => ({ cohorts: [cohort(3), { ...cohort(4), idnumber: 'diff-cohort-2' }] }) },
  { title: 'delete a cohort', fn: 'core_cohort_delete_cohorts', params: (ids) => ({ cohortids: [ids.cohort2] }) },
  { title: 'delete a missing cohort', fn: 'core_cohort_delete_cohorts', params: () => ({ cohortids: [MISSING] }) },
  { title: 'all cohorts', fn: 'core_cohort_get_cohorts' },

  // Enrolments and roles.
  {
    title: 'enrol two students, one suspended', fn: 'enrol_manual_enrol_users',
    params: (ids) => ({ enrolments: [{ roleid: 5, userid: ids.user1, courseid: ids.course1 }, { roleid: 5, userid: ids.user2, courseid: ids.course1, suspend: 1 }] }),
  },
  { title: 'enrolled users with their roles', fn: 'core_enrol_get_enrolled_users', params: (ids) => ({ courseid: ids.course1, options: [{ name: 'userfields', value: 'id,roles' }] }) },
  { title: 'the suspended ones', fn: 'core_enrol_get_enrolled_users', params: (ids) => ({ courseid: ids.course1, options: [{ name: 'onlysuspended', value: 1 }, { name: 'userfields', value: 'id' }] }) },
  { title: 'enrolled users, every field', fn: 'core_enrol_get_enrolled_users', params: (ids) => ({ courseid: ids.course1 }) },
  // Completion reads (a course made by the web service has completion on and no criteria).
  { title: 'completion of a student, no criteria', fn: 'core_completion_get_course_completion_status', params: (ids) => ({ courseid: ids.course1, userid: ids.user1 }) },
  { title: 'completion of a suspended enrolment', fn: 'core_completion_get_course_completion_status', params: (ids) => ({ courseid: ids.course1, userid: ids.user2 }) },
  { title: 'completion in a missing course', fn: 'core_completion_get_course_completion_status', params: (ids) => ({ courseid: MISSING, userid: ids.user1 }) },
  { title: 'activities of a student', fn: 'core_completion_get_activities_completion_status', params: (ids) => ({ courseid: ids.course1, userid: ids.user1 }) },
  { title: 'activities of a missing user', fn: 'core_completion_get_activities_completion_status', params: (ids) => ({ courseid: ids.course1, userid: MISSING }) },
  {
    title: 'assign a teacher role in the course', fn: 'core_role_assign_roles',
    params: (ids) => ({ assignments: [{ roleid: 3, userid: ids.user1, contextlevel: 'course', instanceid: ids.course1 }] }),
  },
  {
    title: 'enrol a teacher: the course now has a contact, whose welcome message cannot be sent', fn: 'enrol_manual_enrol_users',
    params: (ids) => ({ enrolments: [{ roleid: 3, userid: ids.user1, courseid: ids.copy }] }),
  },
  { title: 'enrol a student into that course', fn: 'enrol_manual_enrol_users', params: (ids) => ({ enrolments: [{ roleid: 5, userid: ids.user2, courseid: ids.copy }] }) },
  { title: 'the course\'s enrolments', fn: 'core_enrol_get_enrolled_users', params: (ids) => ({ courseid: ids.copy, options: [{ name: 'userfields', value: 'id,roles' }] }) },
  {
    title: 'unassign the teacher role', fn: 'core_role_unassign_roles',
    params: (ids) => ({ unassignments: [{ roleid: 3, userid: ids.user1, contextlevel: 'course', instanceid: ids.course1 }] }),
  },
  { title: 'unenrol a user', fn: 'enrol_manual_unenrol_users', params: (ids) => ({ enrolments: [{ userid: ids.user2, courseid: ids.course1 }] }) },
  {
    title: 'a batch of enrolments with a missing user (all or nothing)', fn: 'enrol_manual_enrol_users',
    params: (ids) => ({ enrolments: [{ roleid: 5, userid: ids.user2, courseid: ids.course1 }, { roleid: 5, userid: MISSING, courseid: ids.course1 }] }),
  },
  { title: 'enrol into a missing course', fn: 'enrol_manual_enrol_users', params: (ids) => ({ enrolments: [{ roleid: 5, userid: ids.user1, courseid: MISSING }] }) },
  { title: 'enrolled users after the failed batch', fn: 'core_enrol_get_enrolled_users', params: (ids) => ({ courseid: ids.course1, options: [{ name: 'userfields', value: 'id,roles' }] }) },
  { title: 'enrolled users of a missing course', fn: 'core_enrol_get_enrolled_users', params: () => ({ courseid: MISSING }) },
];
