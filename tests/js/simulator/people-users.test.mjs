// User rules that the recordings show only through one-off read-backs: what a deletion takes with
// it, what a caller without capabilities sees, how passwords are stored, the per-user update
// transactions under a failing answer validation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { newSim, addCourse, call, createUsers, NOCAP, NOW } from './people-sim.mjs';

const byId = (sim, id) => call(sim, 'core_user_get_users_by_field', { field: 'id', values: [id] })[0];

test('deleting a user drops memberships, enrolments and roles, and frees username and email', () => {
  const sim = newSim();
  const course = addCourse(sim, 'c1', { customint1: 0 });
  const [alice] = createUsers(sim, ['alice']);
  const [cohort] = call(sim, 'core_cohort_create_cohorts', { cohorts: [{ categorytype: { type: 'system', value: '' }, name: 'C', idnumber: 'c' }] });
  call(sim, 'core_cohort_add_cohort_members', { members: [{ cohorttype: { type: 'id', value: cohort.id }, usertype: { type: 'id', value: alice } }] });
  call(sim, 'enrol_manual_enrol_users', { enrolments: [{ roleid: 5, userid: alice, courseid: course.id }] });
  call(sim, 'core_role_assign_roles', { assignments: [{ roleid: 1, userid: alice, contextlevel: 'system', instanceid: 0 }] });

  assert.equal(call(sim, 'core_user_delete_users', { userids: [alice] }), null);
  assert.deepEqual(call(sim, 'core_cohort_get_cohort_members', { cohortids: [cohort.id] }), [{ cohortid: cohort.id, userids: [] }]);
  assert.deepEqual(call(sim, 'core_enrol_get_enrolled_users', { courseid: course.id }), []);
  assert.equal([...sim.state.roleAssignments.values()].filter((ra) => ra.userid === alice).length, 0);

  const deleted = byId(sim, alice);
  assert.equal(deleted.username, `alice@example.com.${NOW}`);
  assert.equal(deleted.email, createHash('md5').update('alice').digest('hex'), 'md5 of the old username');
  assert.equal(call(sim, 'core_user_get_users', { criteria: [{ key: 'username', value: deleted.username }] }).users.length, 0);
  assert.equal(createUsers(sim, ['alice']).length, 1, 'the old username and email can be reused at once');
});

test('delete_users is all-or-nothing and refuses the site admin', () => {
  const sim = newSim();
  const [a] = createUsers(sim, ['a']);
  assert.equal(call(sim, 'core_user_delete_users', { userids: [a, 2] }).error.errorcode, 'useradminodelete');
  assert.equal(byId(sim, a).username, 'a');
  assert.equal(call(sim, 'core_user_delete_users', { userids: [a, 99999] }).error.errorcode, 'invaliduser');
  assert.equal(byId(sim, a).username, 'a');
});

test('deleting the guest account answers null and keeps it', () => {
  const sim = newSim();
  assert.equal(call(sim, 'core_user_delete_users', { userids: [1] }), null);
  assert.equal(byId(sim, 1).username, 'guest');
});

test('a caller without capabilities sees only their own account', () => {
  const sim = newSim();
  createUsers(sim, ['alice']);
  assert.deepEqual(call(sim, 'core_user_get_users_by_field', { field: 'username', values: ['alice'] }, { caller: NOCAP }), []);
  const self = call(sim, 'core_user_get_users_by_field', { field: 'username', values: ['alice', 'wsnocap'] }, { caller: NOCAP });
  assert.deepEqual(self.map((u) => u.id), [3]);
  assert.deepEqual(call(sim, 'core_user_get_users', { criteria: [{ key: 'firstname', value: '%' }] }, { caller: NOCAP }).users.map((u) => u.id), [3]);
});

test('passwords: hashed for manual, empty for nologin, "not cached" for oauth2, forced change for createpassword', () => {
  const sim = newSim();
  const [manual, nologin, oauth, generated] = call(sim, 'core_user_create_users', { users: [
    { username: 'm', password: 'Tu-pass-1!', firstname: 'M', lastname: 'M', email: 'm@example.com' },
    { username: 'n', auth: 'nologin', password: 'Tu-pass-1!', firstname: 'N', lastname: 'N', email: 'n@example.com' },
    { username: 'o', auth: 'oauth2', firstname: 'O', lastname: 'O', email: 'o@example.com' },
    { username: 'g', createpassword: 1, firstname: 'G', lastname: 'G', email: 'g@example.com' },
  ] }).map((u) => sim.state.users.get(u.id));
  assert.match(manual.password, /^\$6\$/);
  assert.ok(!manual.password.includes('Tu-pass-1!'));
  assert.equal(nologin.password, '');
  assert.equal(oauth.password, 'not cached');
  assert.match(generated.password, /^\$6\$/);
  const prefs = [...sim.state.userPreferences.values()].filter((p) => p.userid === generated.id);
  assert.deepEqual(prefs.map((p) => [p.name, p.value]), [['auth_forcepasswordchange', '1']]);
});

test('update_users: a weak password fails the whole answer after the other users were saved', () => {
  const sim = newSim();
  const [a, b] = createUsers(sim, ['a', 'b']);
  const before = sim.state.users.get(a).password;
  const answer = call(sim, 'core_user_update_users', { users: [{ id: a, password: 'abc' }, { id: b, firstname: 'Saved' }] });
  assert.equal(answer.error.errorcode, 'invalidresponse');
  assert.equal(sim.state.users.get(a).password, before);
  assert.equal(byId(sim, b).firstname, 'Saved');
});

test('update_users: a taken username is refused by the database, per user', () => {
  const sim = newSim();
  const [a, b] = createUsers(sim, ['a', 'b']);
  const answer = call(sim, 'core_user_update_users', { users: [{ id: a, username: 'b' }, { id: b, lastname: 'Bee' }] });
  assert.deepEqual(answer, { warnings: [{ item: 'user', itemid: a, warningcode: 'dmlwriteexception', message: 'Error writing to database' }] });
  assert.equal(byId(sim, a).username, 'a');
  assert.equal(byId(sim, b).lastname, 'Bee');
});

test('get_users cleans the username criterion and treats email as ILIKE', () => {
  const sim = newSim();
  createUsers(sim, ['tu_x1', 'tu_x2', 'tuax3']);
  assert.equal(call(sim, 'core_user_get_users', { criteria: [{ key: 'username', value: 'TU_X1' }] }).users.length, 1);
  const like = call(sim, 'core_user_get_users', { criteria: [{ key: 'email', value: 'TU\\_X%' }] }).users.map((u) => u.username);
  assert.deepEqual(like, ['tu_x1', 'tu_x2']);
  assert.deepEqual(call(sim, 'core_user_get_users', { criteria: [{ key: 'email', value: 'tu_x%' }] }).users.length, 3);
});

test('custom profile fields are saved on create and update, unknown ones ignored', () => {
  const sim = newSim();
  const [{ id }] = call(sim, 'core_user_create_users', { users: [{ username: 'cf', password: 'Tu-pass-1!', firstname: 'C', lastname: 'F',
    email: 'cf@example.com', customfields: [{ type: 'tu_company', value: 'Acme' }, { type: 'nope', value: 'x' }] }] });
  assert.deepEqual(byId(sim, id).customfields, [{ type: 'text', value: 'Acme', displayvalue: 'Acme', name: 'TU Company', shortname: 'tu_company' }]);
  call(sim, 'core_user_update_users', { users: [{ id, customfields: [{ type: 'tu_company', value: '' }] }] });
  assert.equal('customfields' in byId(sim, id), false, 'an empty value is no data');
});
