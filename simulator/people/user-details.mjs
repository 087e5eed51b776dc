// `user_get_user_details()` as the admin sees it, shaped by each function's return description:
// Moodle builds the answer in the order of the declared return keys and drops undeclared ones, so
// one superset of details is computed and then picked in the order each function declares.

import { formatText } from '../format.mjs';
import { profileFieldsWithData } from './profile-fields.mjs';
import { USER_DESCRIPTION, ENROLLED_USER_DESCRIPTION } from './return-descriptions.mjs';

export const USER_DESCRIPTION_KEYS = Object.keys(USER_DESCRIPTION.fields);
export const ENROLLED_USER_KEYS = Object.keys(ENROLLED_USER_DESCRIPTION.fields);

// The field names `userfields` may ask for (user_get_user_details's $defaultfields).
export const KNOWN_USER_FIELDS = new Set(['id', 'username', 'fullname', 'firstname', 'lastname',
  'email', 'address', 'phone1', 'phone2', 'department', 'institution', 'interests', 'firstaccess',
  'lastaccess', 'auth', 'confirmed', 'idnumber', 'lang', 'theme', 'timezone', 'mailformat',
  'trackforums', 'description', 'descriptionformat', 'city', 'url', 'country',
  'profileimageurlsmall', 'profileimageurl', 'customfields', 'groups', 'roles', 'preferences',
  'enrolledcourses', 'suspended', 'lastcourseaccess', 'calendartype']);

const DEFAULT_WWWROOT = 'http://127.0.0.1:8080'; // the recorded site, when no server URL is known
const THEME_REVISION = 1795607194; // the recorded site's theme revision, part of every image URL

export const fullName = (user) => `${user.firstname} ${user.lastname}`;

/** The default user picture (nobody has uploaded one): f1 is the large size, f2 the small. */
export function profileImageUrl(sim, size) {
  const root = sim?.url || DEFAULT_WWWROOT;
  return `${root}/theme/image.php/boost/core/${THEME_REVISION}/u/${size}`;
}

/**
 * Every detail Moodle could return for `user`; optional ones only when they hold a value, as
 * Moodle leaves out empty idnumber, city, country, institution, phones, address and customfields.
 * `settings` are the call's moodlewssetting* values (raw text or formatted); `courseExtras`
 * ({roles, enrolledcourses}) adds the per-course keys of get_enrolled_users.
 */
export function userDetails(sim, user, settings, courseExtras = null) {
  const d = {
    id: user.id,
    username: user.username,
    firstname: user.firstname,
    lastname: user.lastname,
    fullname: fullName(user),
    email: user.email,
    department: user.department ?? '',
    firstaccess: user.firstaccess ?? 0,
    lastaccess: user.lastaccess ?? 0,
    auth: user.auth,
    suspended: Boolean(user.suspended),
    confirmed: Boolean(user.confirmed),
    lang: user.lang,
    theme: user.theme ?? '',
    timezone: user.timezone,
    mailformat: user.mailformat,
    trackforums: user.trackforums ?? 0,
    profileimageurlsmall: profileImageUrl(sim, 'f2'),
    profileimageurl: profileImageUrl(sim, 'f1'),
  };
  for (const key of ['address', 'phone1', 'phone2', 'institution', 'idnumber', 'interests', 'city', 'country']) {
    if (user[key]) d[key] = user[key];
  }
  if (user.description !== null && user.description !== undefined) {
    [d.description, d.descriptionformat] = formatText(user.description, user.descriptionformat, settings);
  }
  const customfields = profileFieldsWithData(user);
  if (customfields.length) d.customfields = customfields;
  if (courseExtras) {
    d.lastcourseaccess = 0;
    d.roles = courseExtras.roles;
    if (courseExtras.enrolledcourses.length) d.enrolledcourses = courseExtras.enrolledcourses;
  }
  return d;
}

/** Keeps the declared keys that are present, in declaration order (external_api::clean_returnvalue). */
export function pickInOrder(details, keys, wanted = null) {
  const out = {};
  for (const key of keys) {
    if (key in details && (!wanted || wanted.has(key))) out[key] = details[key];
  }
  return out;
}
