// User rows (`users` table) and preferences (`userPreferences` `{id, userid, name, value}`): the
// accounts every Moodle site starts with, the defaults of a new account, and small look-ups.

import { hashPassword, generatedPassword } from './password-hash.mjs';

export const GUEST_USER_ID = 1;
export const ADMIN_USER_ID = 2;
export const NOCAP_USER_ID = 3;
/** $CFG->siteadmins */
export const SITE_ADMIN_IDS = new Set([ADMIN_USER_ID]);

/** Auth plugins that keep a local password (is_internal()); the others store "not cached". */
export const INTERNAL_AUTHS = new Set(['manual', 'nologin', 'email']);
/** Auth plugins whose can_change_password() is true: update_users stores a new password only for them. */
export const AUTHS_CHANGING_PASSWORDS = new Set(['manual', 'email']);
/** Installed auth plugins that create_users refuses (mnet needs a host, webservice is not wanted). */
export const AUTHS_REFUSED_BY_CREATE = new Set(['mnet', 'webservice']);
export const INSTALLED_LANGS = new Set(['en']);
export const INSTALLED_THEMES = new Set(['boost', 'classic']);

/** The row defaults of `user_create_user()` and the columns' defaults. */
export function newUserRecord(id, fields, now) {
  return {
    id,
    auth: 'manual',
    confirmed: 1,
    policyagreed: 0,
    deleted: 0,
    suspended: 0,
    mnethostid: 1,
    username: '',
    password: '',
    idnumber: '',
    firstname: '',
    lastname: '',
    email: '',
    phone1: '',
    phone2: '',
    institution: '',
    department: '',
    address: '',
    city: '',
    country: '',
    lang: 'en',
    calendartype: 'gregorian',
    theme: '',
    timezone: '99',
    firstaccess: 0,
    lastaccess: 0,
    picture: 0,
    description: null,
    descriptionformat: 1,
    mailformat: 1,
    maildisplay: 2,
    trackforums: 0,
    timecreated: now,
    timemodified: now,
    profile: {},
    ...fields,
  };
}

/** The accounts of the recorded site: guest (1), the site admin (2), the no-capability user (3). */
export function seedUsers(state) {
  const accounts = [
    { id: GUEST_USER_ID, username: 'guest', firstname: 'Guest user', lastname: ' ', email: 'root@localhost',
      description: 'This user is a special user that allows read-only access to some courses.' },
    { id: ADMIN_USER_ID, username: 'admin', firstname: 'Admin', lastname: 'User', email: 'admin@example.com' },
    { id: NOCAP_USER_ID, username: 'wsnocap', firstname: 'WS', lastname: 'NoCap', email: 'wsnocap@example.com' },
  ];
  for (const account of accounts) {
    if (state.users.has(account.id)) continue;
    state.users.set(account.id, newUserRecord(account.id, { ...account, password: hashPassword(generatedPassword()) }, 0));
  }
  state.sequences.users = Math.max(state.sequences.users, NOCAP_USER_ID);
}

/** clean_param(PARAM_USERNAME) with extendedusernamechars off. */
export function cleanUsername(value) {
  return value.trim().toLowerCase().replace(/[^-.@_a-z0-9]/g, '');
}

/** A user who exists and is not deleted (what `deleted = 0` queries find). */
export function liveUser(state, userid) {
  const user = state.users.get(userid);
  return user && !user.deleted ? user : null;
}

/** set_user_preference() */
export function setUserPreference(state, userid, name, value) {
  for (const pref of state.userPreferences.values()) {
    if (pref.userid === userid && pref.name === name) {
      pref.value = String(value);
      return;
    }
  }
  const id = state.nextId('userPreferences');
  state.userPreferences.set(id, { id, userid, name, value: String(value) });
}

/** PHP's empty() on a request string: '' and '0' are empty. */
export const phpEmpty = (value) => value === undefined || value === null || value === '' || value === '0'
  || value === false || value === 0;
