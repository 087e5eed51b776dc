// core_user_*: create, update, look up and delete accounts, as the recorded Moodle 4.5 does it
// (rules in the transcripts' README-people.md, "Users").

import { MoodleError, invalidParameter, moodleException, missingRecord, codingError, requireCapability } from '../errors.mjs';
import { PARAM, paramType, value, optional, withDefault, single, multiple } from '../schema.mjs';
import { isValidEmail, sameEmail } from '../people/email-address.mjs';
import { passwordPolicyErrors } from '../people/password-policy.mjs';
import { hashPassword, generatedPassword, PASSWORD_NOT_CACHED } from '../people/password-hash.mjs';
import { saveProfileData } from '../people/profile-fields.mjs';
import { userDetails, pickInOrder, USER_DESCRIPTION_KEYS } from '../people/user-details.mjs';
import { deleteUser } from '../people/user-deletion.mjs';
import { ilikeMatcher } from '../people/sql-like.mjs';
import { USER_DESCRIPTION, WARNINGS } from '../people/return-descriptions.mjs';
import {
  GUEST_USER_ID, SITE_ADMIN_IDS, INTERNAL_AUTHS, AUTHS_CHANGING_PASSWORDS, AUTHS_REFUSED_BY_CREATE,
  INSTALLED_LANGS, INSTALLED_THEMES,
  newUserRecord, seedUsers, cleanUsername, liveUser, setUserPreference, phpEmpty,
} from '../people/user-records.mjs';

// PARAM_EMAIL is no longer used: 4.x declares email as PARAM_RAW_TRIMMED and checks it itself.
const EMAIL = PARAM.RAW_TRIMMED;
const CUSTOMFIELDS = multiple(single({ type: value(PARAM.ALPHANUMEXT), value: value(PARAM.RAW) }), { required: false });
const PREFERENCES = multiple(single({ type: value(PARAM.RAW), value: value(PARAM.RAW) }), { required: false });

// The optional profile columns shared by create_users and update_users.
const PROFILE_COLUMNS = {
  maildisplay: optional(PARAM.INT),
  city: optional(PARAM.NOTAGS),
  country: optional(PARAM.ALPHA),
  timezone: optional(PARAM.TIMEZONE),
  description: optional(PARAM.RAW),
  firstnamephonetic: optional(PARAM.NOTAGS),
  lastnamephonetic: optional(PARAM.NOTAGS),
  middlename: optional(PARAM.NOTAGS),
  alternatename: optional(PARAM.NOTAGS),
  interests: optional(PARAM.TEXT),
  institution: optional(PARAM.TEXT),
  department: optional(PARAM.TEXT),
  phone1: optional(PARAM.NOTAGS),
  phone2: optional(PARAM.NOTAGS),
  address: optional(PARAM.TEXT),
};

const CREATE_USER = single({
  createpassword: optional(PARAM.BOOL),
  username: value(PARAM.USERNAME),
  auth: withDefault(PARAM.AUTH, 'manual'),
  password: optional(PARAM.RAW),
  firstname: value(PARAM.NOTAGS),
  lastname: value(PARAM.NOTAGS),
  email: value(EMAIL),
  ...PROFILE_COLUMNS,
  idnumber: withDefault(PARAM.RAW, ''),
  lang: withDefault(PARAM.LANG, 'en'),
  calendartype: withDefault(PARAM.PLUGIN, 'gregorian'),
  theme: optional(PARAM.PLUGIN),
  mailformat: optional(PARAM.INT),
  customfields: CUSTOMFIELDS,
  preferences: PREFERENCES,
});

const UPDATE_USER = single({
  id: value(PARAM.INT),
  username: optional(PARAM.USERNAME),
  auth: optional(PARAM.AUTH),
  suspended: optional(PARAM.BOOL),
  password: optional(PARAM.RAW),
  firstname: optional(PARAM.NOTAGS),
  lastname: optional(PARAM.NOTAGS),
  email: optional(EMAIL),
  ...PROFILE_COLUMNS,
  userpicture: optional(PARAM.INT),
  idnumber: optional(PARAM.RAW),
  lang: optional(PARAM.LANG),
  calendartype: optional(PARAM.PLUGIN),
  theme: optional(PARAM.PLUGIN),
  mailformat: optional(PARAM.INT),
  customfields: CUSTOMFIELDS,
  preferences: PREFERENCES,
});

// Keys of a create/update item that are not user table columns.
const NOT_COLUMNS = new Set(['id', 'createpassword', 'password', 'customfields', 'preferences', 'userpicture', 'interests']);

// The type each look-up field is cleaned with (core_user::get_property_type).
const LOOKUP_TYPES = {
  id: paramType('int', phpIntval),
  idnumber: PARAM.RAW,
  username: paramType('username', cleanUsername),
  email: PARAM.RAW_TRIMMED,
};

export function seed(state) {
  seedUsers(state);
}

export const functions = {
  core_user_create_users: {
    params: { users: multiple(CREATE_USER) },
    returns: multiple(single({ id: value(PARAM.INT), username: value(PARAM.RAW) })),
    run(sim, { users }, ctx) {
      requireCapability(ctx, 'Create users');
      return sim.state.transaction(() => users.map((user) => createUser(sim, user, ctx)));
    },
  },

  core_user_update_users: {
    params: { users: multiple(UPDATE_USER) },
    returns: single({ warnings: WARNINGS }),
    run(sim, { users }, ctx) {
      requireCapability(ctx, 'Update user profiles');
      const warnings = [];
      for (const user of users) {
        // Each user is its own transaction in Moodle: a failing one becomes a warning, the others
        // are saved. updateUser() makes every check before its first write, so a failing user
        // leaves nothing to roll back (and no whole-state snapshot is needed per user).
        try {
          updateUser(sim, user, ctx);
        } catch (e) {
          if (!(e instanceof MoodleError)) throw e;
          warnings.push({ item: 'user', itemid: user.id, warningcode: e.errorcode, message: e.message });
        }
      }
      // The answer is validated after the updates were committed (by the REST server, against
      // `returns`): a warningcode that is not PARAM_ALPHANUM, such as the password-policy HTML,
      // turns the whole answer into invalid_response_exception.
      return { warnings };
    },
  },

  core_user_get_users_by_field: {
    params: { field: value(PARAM.ALPHA), values: multiple(value(PARAM.RAW)) },
    returns: multiple(USER_DESCRIPTION),
    run(sim, { field, values }, ctx) {
      const type = LOOKUP_TYPES[field];
      if (!type) throw codingError('invalid field parameter');
      const wanted = new Set(values.map((raw) => {
        const cleaned = type.clean(raw);
        if (!phpLooseEquals(raw, cleaned)) {
          throw invalidParameter(`The field '${field}' value is invalid: ${raw}(cleaned value: ${cleaned})`);
        }
        return cleaned;
      }));
      // Deleted users are found too: this look-up does not filter on `deleted`.
      return sortedUsers(sim.state, (u) => wanted.has(u[field]))
        .filter((u) => canSeeUser(ctx, u) && !phpEmpty(u[field]))
        .map((u) => userAnswer(sim, u, ctx.settings));
    },
  },

  core_user_get_users: {
    params: { criteria: multiple(single({ key: value(PARAM.ALPHA), value: value(PARAM.RAW) })) },
    returns: single({ users: multiple(USER_DESCRIPTION), warnings: WARNINGS }),
    run(sim, { criteria }, ctx) {
      const warnings = [];
      const tests = [];
      const used = new Set();
      for (const { key, value: raw } of criteria) {
        if (used.has(key)) {
          throw moodleException('keyalreadyset', 'error/keyalreadyset', `The key ${key} can only be sent once`);
        }
        used.add(key);
        const test = criterionTest(key, raw);
        if (test) tests.push([key, test]);
        else {
          warnings.push({ item: key, warningcode: 'invalidfieldparameter',
            message: `The search key '${key}' is not supported, look at the web service documentation` });
        }
      }
      const users = sortedUsers(sim.state, (u) => !u.deleted && tests.every(([, test]) => test(u)))
        // A user is returned only if every searched field is visible (and non-empty) in the details.
        .filter((u) => canSeeUser(ctx, u) && tests.every(([key]) => !phpEmpty(u[key])))
        .map((u) => userAnswer(sim, u, ctx.settings));
      return { users, warnings };
    },
  },

  core_user_delete_users: {
    params: { userids: multiple(value(PARAM.INT)) },
    returns: null,
    run(sim, { userids }, ctx) {
      requireCapability(ctx, 'Delete users');
      sim.state.transaction(() => {
        for (const userid of userids) {
          const user = liveUser(sim.state, userid);
          if (!user) throw missingRecord('user');
          if (SITE_ADMIN_IDS.has(user.id)) {
            throw moodleException('useradminodelete', 'Administrator accounts cannot be deleted.');
          }
          if (user.id === ctx.caller.userid) throw moodleException('usernotdeletederror', 'error/usernotdeletederror');
          // delete_user() refuses the guest account quietly (a debugging message, no exception).
          if (user.id !== GUEST_USER_ID) deleteUser(sim.state, user, ctx.now());
        }
      });
      return undefined;
    },
  },
};

function createUser(sim, user, ctx) {
  const { state } = sim;
  for (const field of ['username', 'firstname', 'lastname']) {
    if (user[field].trim() === '') throw invalidParameter(`The field ${field} cannot be blank`);
  }
  if ([...state.users.values()].some((u) => u.username === user.username)) {
    throw invalidParameter(`Username already exists: ${user.username}`);
  }
  if (AUTHS_REFUSED_BY_CREATE.has(user.auth)) throw invalidParameter(`Invalid authentication type: ${user.auth}`);
  if (!INSTALLED_LANGS.has(user.lang)) throw invalidParameter(`Invalid language code: ${user.lang}`);
  if (user.theme && !INSTALLED_THEMES.has(user.theme)) throw invalidParameter(`Invalid theme: ${user.theme}`);
  const internal = INTERNAL_AUTHS.has(user.auth);
  if (internal && phpEmpty(user.password) && !user.createpassword) {
    throw invalidParameter('Invalid password: you must provide a password, or set createpassword.');
  }
  // The recorded reason has no trailing space when the address is empty.
  if (!isValidEmail(user.email)) throw invalidParameter(`Email address is invalid: ${user.email}`.trim());
  if ([...state.users.values()].some((u) => sameEmail(u.email, user.email))) {
    throw invalidParameter(`Email address already exists: ${user.email}`);
  }

  let password;
  if (!internal) password = PASSWORD_NOT_CACHED;
  else if (user.createpassword) password = hashPassword(generatedPassword()); // mailed (or not): never fails the call
  else {
    checkPasswordPolicy(user.password);
    password = user.auth === 'nologin' ? '' : hashPassword(user.password); // nologin keeps none, as recorded
  }

  const id = state.nextId('users');
  const record = newUserRecord(id, { ...columnsOf(user), password }, ctx.now());
  state.users.set(id, record);
  saveProfileData(record, user.customfields);
  if (user.createpassword) setUserPreference(state, id, 'auth_forcepasswordchange', 1);
  for (const pref of user.preferences ?? []) setUserPreference(state, id, pref.type, pref.value);
  return { id, username: record.username };
}

function updateUser(sim, user, ctx) {
  const { state } = sim;
  const existing = state.users.get(user.id);
  if (!existing) throw moodleException('invaliduserid', 'Invalid user ID');
  if (existing.deleted) throw moodleException('usernotupdateddeleted', 'error/usernotupdateddeleted');
  if (existing.id === GUEST_USER_ID) throw moodleException('usernotupdatedguest', 'error/usernotupdatedguest');
  if (user.email !== undefined && user.email !== existing.email) {
    if (!isValidEmail(user.email)) throw moodleException('useremailinvalid', 'error/useremailinvalid');
    if ([...state.users.values()].some((u) => u.id !== existing.id && sameEmail(u.email, user.email))) {
      throw moodleException('useremailduplicate', 'Duplicate address');
    }
  }
  const changes = columnsOf(user);
  const auth = changes.auth ?? existing.auth;
  // user_update_user(): the policy is checked before anything is written.
  if (user.password !== undefined) checkPasswordPolicy(user.password);
  // The username is not pre-checked: the unique index on (mnethostid, username) refuses it.
  if (changes.username !== undefined
      && [...state.users.values()].some((u) => u.id !== existing.id && u.username === changes.username)) {
    throw new MoodleError('dml_write_exception', 'dmlwriteexception', 'Error writing to database');
  }
  Object.assign(existing, changes, { timemodified: ctx.now() });
  // Only auth plugins that can change passwords store the new one.
  if (user.password !== undefined && AUTHS_CHANGING_PASSWORDS.has(auth)) existing.password = hashPassword(user.password);
  saveProfileData(existing, user.customfields);
  for (const pref of user.preferences ?? []) setUserPreference(state, existing.id, pref.type, pref.value);
}

/** The policy text becomes the errorcode (and, missing from the language pack, the message). */
function checkPasswordPolicy(password) {
  const errors = passwordPolicyErrors(password);
  if (errors) throw moodleException(errors, `error/${errors}`);
}

function columnsOf(user) {
  const columns = {};
  for (const [key, v] of Object.entries(user)) {
    if (!NOT_COLUMNS.has(key)) columns[key] = key === 'suspended' ? Number(v) : v;
  }
  return columns;
}

function criterionTest(key, raw) {
  switch (key) {
    case 'id': { const id = phpIntval(raw); return (u) => u.id === id; }
    case 'idnumber': return (u) => u.idnumber === raw;
    case 'username': { const name = cleanUsername(raw); return (u) => u.username === name; }
    case 'auth': { const auth = PARAM.AUTH.clean(raw); return (u) => u.auth === auth; }
    case 'email': { const like = ilikeMatcher(raw.trim()); return (u) => like(u.email); }
    case 'firstname':
    case 'lastname': { const like = ilikeMatcher(PARAM.NOTAGS.clean(raw)); return (u) => like(u[key]); }
    default: return null;
  }
}

function sortedUsers(state, predicate) {
  return [...state.users.values()].filter(predicate).sort((a, b) => a.id - b.id);
}

/** The admin sees everybody; a user without capabilities sees only their own account. */
function canSeeUser(ctx, user) {
  return ctx.caller.hasCapabilities || user.id === ctx.caller.userid;
}

function userAnswer(sim, user, settings) {
  return pickInOrder(userDetails(sim, user, settings), USER_DESCRIPTION_KEYS);
}

/** PHP (int) cast of a request string: leading number or 0. */
function phpIntval(raw) {
  const m = /^\s*([+-]?\d+)/.exec(raw);
  return m ? Number(m[1]) : 0;
}

/** PHP 8 `==` between the sent string and its cleaned value. */
function phpLooseEquals(raw, cleaned) {
  const numeric = (s) => /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(s);
  if (typeof cleaned === 'number') return numeric(raw) ? Number(raw) === cleaned : String(cleaned) === raw;
  if (numeric(raw) && numeric(cleaned)) return Number(raw) === Number(cleaned);
  return raw === cleaned;
}
