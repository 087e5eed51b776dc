// Users: Drupal users (and their profile entities) -> Moodle accounts.
import { collection, config, find, user } from '../export-builders.mjs';

const U = 'user--user';
const mapping = { username: 'name | lower', email: 'mail | lower', firstname: 'field_first_name', lastname: 'field_last_name', city: 'field_city' };
const users = (extra = {}) => ({ idnumber_pattern: 'user-{id}', mapping, excluded_roles: ['administrator'], ...extra });
const setup = (extra = {}, moodle = {}) => config({ users: users(extra) }, moodle);
const docs = (...list) => [collection('user/user', list)];
const makeUser = (moodle, fields) => moodle('core_user_create_users', {
  users: [{ auth: 'manual', createpassword: 1, firstname: 'Hand', lastname: 'Made', ...fields }],
});

const anna = user(20, 'anna.schmidt', { mail: 'Anna.Schmidt@Example.edu' });
const ben = user(21, 'ben.okafor');
const carla = user(22, 'carla.rossi');

export default {
  name: 'component_users.json',
  about: 'Users: Drupal users -> Moodle accounts (mapped and profile fields, roles, blocking, matching); replay_engine against answers recorded from the Moodle simulator.',
  scenarios: [
    {
      name: 'a new user gets a manual account with Moodle\'s generated password, username and email lower-cased',
      config: setup(), documents: docs(anna),
    },
    {
      name: 'several new users are created in one call after one read per lookup field',
      config: setup(), documents: docs(anna, ben, carla),
    },
    {
      name: 'a user with an excluded role is ignored: no account is created or changed for it',
      config: setup(), documents: docs(user(1, 'site.admin', { roles: ['authenticated', 'administrator'] }), ben),
    },
    {
      name: 'a user whose role reference names no machine name fails: it cannot be checked against excluded_roles',
      config: setup(),
      documents: docs({ ...user(23, 'dana.lee'), relationships: { roles: { data: [{ type: 'user_role--user_role', id: 'role-x' }] } } }, ben),
    },
    {
      name: 'a role named only by the role document in the export is checked too: its excluded user is ignored',
      config: setup(),
      documents: [
        collection('user/user', [{ ...user(24, 'eve.admin'), relationships: { roles: { data: [{ type: 'user_role--user_role', id: 'role-admin-uuid' }] } } }, ben]),
        collection('user_role/user_role', [{ type: 'user_role--user_role', id: 'role-admin-uuid', attributes: { drupal_internal__id: 'administrator', label: 'Administrator' } }]),
      ],
    },
    {
      name: 'a blocked Drupal user is created, then suspended by a second call (Moodle cannot create suspended accounts)',
      config: setup(), documents: docs(user(25, 'frank.blocked', { status: false }), ben),
    },
    {
      name: 'with blocked: ignore a blocked Drupal user is created active and never suspended',
      config: setup({ blocked: 'ignore' }), documents: docs(user(25, 'frank.blocked', { status: false })),
    },
    {
      name: 'an active account whose Drupal user is blocked later is suspended, and nothing else is sent',
      config: setup(), documents: docs(anna, ben), prior: [{}],
      edit: (d) => { find(d, U, 21).attributes.status = false; },
    },
    {
      name: 'an account found by its idnumber is adopted; only the fields that differ are sent',
      config: setup(), documents: docs(ben),
      seed: (m) => makeUser(m, { username: 'ben.okafor', email: 'ben.okafor@example.edu', firstname: 'ben', lastname: 'okafor', idnumber: 'user-21', city: 'Elsewhere' }),
    },
    {
      name: 'a username taken by an account moodle-sync does not manage fails that user with a hint, never a second account',
      config: setup(), documents: docs(ben, carla),
      seed: (m) => makeUser(m, { username: 'ben.okafor', email: 'ben.private@example.edu' }),
    },
    {
      name: 'match_existing username adopts the account made before, and sets its idnumber',
      config: setup({ match_existing: 'username' }), documents: docs(ben),
      seed: (m) => makeUser(m, { username: 'ben.okafor', email: 'ben.private@example.edu' }),
    },
    {
      name: 'match_existing email adopts the account with that email, whatever its username',
      config: setup({ match_existing: 'email' }), documents: docs(ben),
      seed: (m) => makeUser(m, { username: 'bokafor', email: 'ben.okafor@example.edu' }),
    },
    {
      name: 'match_existing never takes an account that carries another user\'s idnumber: it is a conflict',
      config: setup({ match_existing: 'username' }), documents: docs(ben),
      seed: (m) => makeUser(m, { username: 'ben.okafor', email: 'x@example.edu', idnumber: 'user-99' }),
    },
    {
      name: 'a second sync with nothing changed reads the accounts by id and writes nothing',
      config: setup(), documents: docs(anna, ben, user(25, 'frank.blocked', { status: false })), prior: [{}],
    },
    {
      name: 'a changed city updates only the city',
      config: setup(), documents: docs(anna, ben), prior: [{}],
      edit: (d) => { find(d, U, 20).attributes.field_city = 'Southfield'; },
    },
    {
      name: 'a renamed Drupal user renames the account (username only)',
      config: setup(), documents: docs(carla), prior: [{}],
      edit: (d) => { find(d, U, 22).attributes.name = 'Carla.Rossi-Bianchi'; },
    },
    {
      name: 'an email Moodle refuses as a duplicate is a warning of update_users: only that user fails',
      config: setup(), documents: docs(anna, ben), prior: [{}],
      edit: (d) => { find(d, U, 21).attributes.mail = 'anna.schmidt@example.edu'; find(d, U, 20).attributes.field_city = 'Eastfield'; },
    },
    {
      name: 'field_moodle_id "ignore" and "0" are ignored with their reasons',
      config: setup(), documents: docs(user(26, 'gina.ignored', { moodleId: 'ignore' }), user(27, 'hans.zero', { moodleId: '0' }), ben),
    },
    {
      name: 'a moodle id that finds no account is stale: nothing is sent for it',
      config: setup(), documents: docs(user(28, 'ida.stale', { moodleId: '812' }), ben),
    },
    {
      name: 'two users holding one moodle id (a copied field_moodle_id) both fail and the account is not written',
      config: setup(), documents: docs(anna, ben), prior: [{}],
      edit: (d) => { find(d, U, 21).attributes.field_moodle_id = find(d, U, 20).attributes.field_moodle_id; },
    },
    {
      name: 'a moodle id whose account carries another user\'s idnumber is not taken over',
      config: setup(), documents: docs(user(29, 'jon.clone', { moodleId: '4' })),
      seed: (m) => makeUser(m, { username: 'anna.schmidt', email: 'anna.schmidt@example.edu', idnumber: 'user-20' }),
    },
    {
      name: 'a username with characters Moodle refuses and an invalid email fail their users, naming the field; the rest syncs',
      config: setup(), documents: docs(user(30, 'kim lee!'), user(31, 'lou.bad', { mail: 'not-an-email' }), ben),
    },
    {
      name: 'password field: a password from the export is sent; a user without one gets a generated password',
      config: setup({ password: 'field', password_field: 'field_pass' }),
      documents: docs(user(32, 'max.pw', { attributes: { field_pass: 'Str0ng!Passw0rd' } }), user(33, 'nia.nopw', { attributes: { field_pass: '' } })),
    },
    {
      name: 'a password the site\'s policy refuses fails that user alone: the all-or-nothing create is split',
      config: setup({ password: 'field', password_field: 'field_pass' }),
      documents: docs(user(34, 'ola.weak', { attributes: { field_pass: 'abc' } }), user(35, 'pia.ok', { attributes: { field_pass: 'Str0ng!Passw0rd' } })),
    },
    {
      name: 'auth oauth2: new accounts get the auth method and no password at all',
      config: setup({ auth: 'oauth2' }), documents: docs(anna),
    },
    {
      name: 'profile fields: a field of the user\'s profile entity is mapped as profile.<field>',
      config: setup({ mapping: { ...mapping, city: 'profile.field_town' }, profile: { type: 'profile--student', user_field: 'uid' } }),
      documents: [
        collection('user/user', [anna, ben]),
        collection('profile/student', [{ type: 'profile--student', id: 'profile-1', attributes: { profile_id: 1, drupal_internal__profile_id: 1, field_town: 'Lakeside' }, relationships: { uid: { data: { type: 'user--user', id: 'user-20' } } } }]),
      ],
    },
    {
      name: 'profile custom fields are sent as customfields and compared on the next sync',
      config: setup({ customfields: { tu_company: 'field_company' } }),
      documents: docs(user(36, 'quinn.works', { attributes: { field_company: 'Northfield GmbH' } })), prior: [{}],
      edit: (d) => { find(d, U, 36).attributes.field_company = 'Southfield AG'; },
    },
    {
      name: 'a dry run looks the accounts up and plans creates with stand-in ids, writing nothing',
      config: setup(), documents: docs(anna, user(25, 'frank.blocked', { status: false })), dryRun: true,
    },
  ],
};
