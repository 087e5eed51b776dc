// Cohort membership: the difference between the users' term references and Moodle's members.
import { collection, config, find, refs, term, user } from '../export-builders.mjs';

const U = 'user--user';
const staff = term('groups', 30, 'Staff');
const students = term('groups', 31, 'Students');
const usersSection = (extra = {}) => ({
  idnumber_pattern: 'user-{id}', mapping: { username: 'name | lower', email: 'mail | lower', firstname: 'field_first_name', lastname: 'field_last_name' },
  excluded_roles: ['administrator'], ...extra,
});
const setup = ({ users = {}, cohorts = {}, membership = { on: 'user', field: 'field_groups' } } = {}, moodle = {}) => config({
  users: usersSection(users),
  cohorts: { vocabulary: 'groups', idnumber_pattern: 'group-{id}', membership, ...cohorts },
}, moodle);
const member = (uid, name, groups, options = {}) => user(uid, name, { ...options, relationships: { field_groups: refs(...groups), ...(options.relationships ?? {}) } });
const anna = member(20, 'anna.schmidt', [staff]);
const ben = member(21, 'ben.okafor', [students]);
const carla = member(22, 'carla.rossi', [staff, students]);
const docs = (terms, users, options) => [collection('taxonomy_term/groups', terms), collection('user/user', users, options)];
const setGroups = (d, uid, ...groups) => { find(d, U, uid).relationships.field_groups = refs(...groups); };
const handUser = (m, username) => m('core_user_create_users', { users: [{ username, firstname: 'Hand', lastname: 'Made', email: `${username}@example.edu`, auth: 'manual', createpassword: 1 }] });
const addMember = (m, cohortid, userid) => m('core_cohort_add_cohort_members', { members: [{ cohorttype: { type: 'id', value: String(cohortid) }, usertype: { type: 'id', value: String(userid) } }] });
const removeMember = (m, cohortid, userid) => m('core_cohort_delete_cohort_members', { members: [{ cohortid, userid }] });

export default {
  name: 'component_memberships.json',
  about: 'Cohort membership: users\' term references against the members Moodle reports; only managed cohorts are touched. replay_engine against answers recorded from the Moodle simulator.',
  scenarios: [
    {
      name: 'first sync: the users and cohorts are created, then every member is added in one call',
      config: setup(), documents: docs([staff, students], [anna, ben, carla]),
    },
    {
      name: 'a second sync reads the members and writes nothing',
      config: setup(), documents: docs([staff, students], [anna, ben, carla]), prior: [{}],
    },
    {
      name: 'a user who joins a group is added to its cohort, and only that member is sent',
      config: setup(), documents: docs([staff, students], [anna, ben]), prior: [{}],
      edit: (d) => setGroups(d, 21, students, staff),
    },
    {
      name: 'a user who leaves a group is removed from its cohort',
      config: setup(), documents: docs([staff, students], [anna, carla]), prior: [{}],
      edit: (d) => setGroups(d, 22, students),
    },
    {
      name: 'a member added by hand in Moodle to a managed cohort is removed',
      config: setup(), documents: docs([staff], [anna]), prior: [{}],
      seedAfter: async (m) => { const [u] = await handUser(m, 'walk.in'); await addMember(m, 1, u.id); },
    },
    {
      name: 'a member removed by hand in Moodle is added back',
      config: setup(), documents: docs([staff], [anna]), prior: [{}],
      seedAfter: (m) => removeMember(m, 1, 4),
    },
    {
      name: 'a cohort moodle-sync does not manage is never read or touched, even when a user references nothing',
      config: setup(), documents: docs([staff], [anna]), prior: [{}],
      seedAfter: async (m) => {
        await m('core_cohort_create_cohorts', { cohorts: [{ categorytype: { type: 'system', value: '' }, name: 'Hand cohort', idnumber: 'hand-1' }] });
        await addMember(m, 2, 4);
      },
    },
    {
      name: 'adding and removing in one cohort: the additions go first, then the removals',
      config: setup(), documents: docs([staff], [anna, member(23, 'dana.lee', [])]), prior: [{}],
      edit: (d) => { setGroups(d, 20); setGroups(d, 23, staff); },
    },
    {
      name: 'a user whose own sync failed keeps the memberships it has',
      config: setup(), documents: docs([staff], [anna, carla]), prior: [{}],
      edit: (d) => { setGroups(d, 20); find(d, U, 20).attributes.mail = 'broken'; },
    },
    {
      name: 'a user marked "ignore" no longer names its account: the account is removed from managed cohorts like any member no user claims',
      config: setup(), documents: docs([staff], [anna, carla]), prior: [{}],
      edit: (d) => { setGroups(d, 20); find(d, U, 20).attributes.field_moodle_id = 'ignore'; },
    },
    {
      name: 'a user with an excluded role is never made a member',
      config: setup(), documents: docs([staff], [anna, member(24, 'root.admin', [staff], { roles: ['administrator'] })]),
    },
    {
      name: 'a synced user who gains an excluded role is ignored from then on, and keeps the memberships it has',
      config: setup(), documents: docs([staff], [anna, member(24, 'root.admin', [staff])]), prior: [{}],
      edit: (d) => { setGroups(d, 24); find(d, U, 24).relationships.roles.data.push({ type: 'user_role--user_role', id: 'role-administrator', meta: { drupal_internal__target_id: 'administrator' } }); },
    },
    {
      name: 'an export in which no user has the membership field removes nobody',
      config: setup(), documents: docs([staff], [anna]), prior: [{}],
      edit: (d) => { delete find(d, U, 20).relationships.field_groups; },
    },
    {
      name: 'one page of the users (links.next): members are added, nobody is removed, and a note says why',
      config: setup(), documents: docs([staff, students], [anna, carla]), prior: [{}],
      edit: (d) => { d[1].document.links.next = { href: 'https://learn.example.edu/jsonapi/user/user?page[offset]=50' }; setGroups(d, 22, students); setGroups(d, 20, staff, students); },
    },
    {
      name: 'a reference to a term marked "ignore" makes no membership: its cohort is not managed',
      config: setup(), documents: docs([staff, term('groups', 31, 'Students', { moodleId: 'ignore' })], [anna, ben]),
    },
    {
      name: 'a reference to a term that is not in the export is skipped',
      config: setup(), documents: docs([staff], [anna, ben]),
    },
    {
      name: 'a stale cohort manages no membership; the other cohort\'s members are added',
      config: setup(), documents: docs([staff, term('groups', 31, 'Students', { moodleId: '77' })], [anna, ben, carla]),
    },
    {
      name: 'a blocked Drupal user stays a member while suspended',
      config: setup(), documents: docs([staff], [anna, member(25, 'frank.blocked', [staff], { status: false })]),
    },
    {
      name: 'membership on the profile: the reference field is read from each user\'s profile entity',
      config: setup({ users: { profile: { type: 'profile--student', user_field: 'uid' } }, membership: { on: 'profile', field: 'field_groups' } }),
      documents: [
        collection('taxonomy_term/groups', [staff, students]),
        collection('user/user', [user(20, 'anna.schmidt'), user(21, 'ben.okafor')]),
        collection('profile/student', [
          { type: 'profile--student', id: 'profile-1', attributes: { drupal_internal__profile_id: 1 }, relationships: { uid: { data: { type: 'user--user', id: 'user-20' } }, field_groups: refs(students) } },
        ]),
      ],
    },
    {
      name: 'a member deleted in Moodle between the read and the add is a warning of add_cohort_members: only that cohort\'s membership fails',
      config: setup(), documents: docs([staff, students], [anna, ben]), prior: [{}],
      edit: (d) => { setGroups(d, 20, staff, students); setGroups(d, 21, students, staff); },
      seedAfter: async (m) => { await removeMember(m, 1, 4); },
      beforeCall: { 4: (m) => m('core_user_delete_users', { userids: [5] }) },
    },
    {
      name: 'a dry run plans the members of cohorts still to be created with stand-in ids',
      config: setup(), documents: docs([staff, students], [anna, ben]), dryRun: true,
    },
    {
      name: 'with users disabled no membership is planned or read',
      config: setup({ users: { enabled: false } }), documents: docs([staff], [anna]),
    },
    {
      name: 'with no membership section the cohorts sync and their members are never read',
      config: config({ users: usersSection(), cohorts: { vocabulary: 'groups', idnumber_pattern: 'group-{id}' } }), documents: docs([staff], [anna]),
    },
  ],
};
