// The return descriptions of the people functions (the `*_returns()` of Moodle's external classes).
// Moodle builds each answer in the order of these keys and drops the keys it does not declare; the
// REST server validates answers against them and the XML writer lists every declared key.

import { PARAM, value, optional, single, multiple } from '../schema.mjs';

export { WARNINGS } from '../external-warnings.mjs';

const USER_CUSTOMFIELDS = multiple(single({
  type: value(PARAM.ALPHANUMEXT),
  value: value(PARAM.RAW),
  displayvalue: optional(PARAM.RAW),
  name: value(PARAM.RAW),
  shortname: value(PARAM.RAW),
}), { required: false });

const USER_PREFERENCES = multiple(single({ name: value(PARAM.RAW), value: value(PARAM.RAW) }), { required: false });

// The keys both user descriptions share, up to `interests`.
const USER_HEAD = {
  id: value(PARAM.INT),
  username: optional(PARAM.RAW),
  firstname: optional(PARAM.NOTAGS),
  lastname: optional(PARAM.NOTAGS),
  fullname: value(PARAM.NOTAGS),
  email: optional(PARAM.TEXT),
  address: optional(PARAM.TEXT),
  phone1: optional(PARAM.NOTAGS),
  phone2: optional(PARAM.NOTAGS),
  department: optional(PARAM.TEXT),
  institution: optional(PARAM.TEXT),
  idnumber: optional(PARAM.RAW),
  interests: optional(PARAM.TEXT),
  firstaccess: optional(PARAM.INT),
  lastaccess: optional(PARAM.INT),
};

/** core_user_external::user_description() */
export const USER_DESCRIPTION = single({
  ...USER_HEAD,
  auth: optional(PARAM.PLUGIN),
  suspended: optional(PARAM.BOOL),
  confirmed: optional(PARAM.BOOL),
  lang: optional(PARAM.LANG),
  calendartype: optional(PARAM.PLUGIN),
  theme: optional(PARAM.PLUGIN),
  timezone: optional(PARAM.TIMEZONE),
  mailformat: optional(PARAM.INT),
  trackforums: optional(PARAM.INT),
  description: optional(PARAM.RAW),
  descriptionformat: optional(PARAM.INT),
  city: optional(PARAM.NOTAGS),
  country: optional(PARAM.ALPHA),
  profileimageurlsmall: optional(PARAM.URL),
  profileimageurl: optional(PARAM.URL),
  customfields: USER_CUSTOMFIELDS,
  preferences: USER_PREFERENCES,
});

/** The user entries of core_enrol_external::get_enrolled_users_returns() */
export const ENROLLED_USER_DESCRIPTION = single({
  ...USER_HEAD,
  lastcourseaccess: optional(PARAM.INT),
  description: optional(PARAM.RAW),
  descriptionformat: optional(PARAM.INT),
  city: optional(PARAM.NOTAGS),
  country: optional(PARAM.ALPHA),
  profileimageurlsmall: optional(PARAM.URL),
  profileimageurl: optional(PARAM.URL),
  customfields: USER_CUSTOMFIELDS,
  groups: multiple(single({ id: value(PARAM.INT), name: value(PARAM.RAW), description: value(PARAM.RAW),
    descriptionformat: value(PARAM.INT) }), { required: false }),
  roles: multiple(single({ roleid: value(PARAM.INT), name: value(PARAM.RAW), shortname: value(PARAM.ALPHANUMEXT),
    sortorder: value(PARAM.INT) }), { required: false }),
  preferences: USER_PREFERENCES,
  enrolledcourses: multiple(single({ id: value(PARAM.INT), fullname: value(PARAM.RAW), shortname: value(PARAM.RAW) }),
    { required: false }),
});

const COHORT_CUSTOMFIELDS = multiple(single({
  name: value(PARAM.RAW),
  shortname: value(PARAM.RAW),
  type: value(PARAM.COMPONENT),
  valueraw: value(PARAM.RAW),
  value: value(PARAM.RAW),
}), { required: false });

/** The cohort entries of create_cohorts, get_cohorts and search_cohorts. */
export const COHORT_DESCRIPTION = single({
  id: value(PARAM.INT),
  name: value(PARAM.RAW),
  idnumber: value(PARAM.RAW),
  description: value(PARAM.RAW),
  descriptionformat: value(PARAM.INT),
  visible: value(PARAM.BOOL),
  theme: optional(PARAM.THEME),
  customfields: COHORT_CUSTOMFIELDS,
});
