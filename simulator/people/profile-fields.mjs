// User profile fields (Site administration > Users > User profile fields). The recorded site has one
// text field, `tu_company`, created before the customfield cases; no web-service function creates
// profile fields, so their definitions are fixed here. A user's values are kept on the user record
// as `profile: {<shortname>: value}`.

export const PROFILE_FIELDS = Object.freeze([
  Object.freeze({ id: 4, shortname: 'tu_company', name: 'TU Company', datatype: 'text', visible: 2 }),
]);

/** `profile_save_data()`: values for unknown shortnames are silently ignored. */
export function saveProfileData(user, customfields = []) {
  for (const { type, value } of customfields) {
    if (!PROFILE_FIELDS.some((f) => f.shortname === type)) continue;
    user.profile = { ...user.profile, [type]: value };
  }
}

/** The `customfields` entries of a user's details: only fields holding data. */
export function profileFieldsWithData(user) {
  return PROFILE_FIELDS
    .filter((f) => f.visible > 0 && (user.profile?.[f.shortname] ?? '') !== '')
    .map((f) => {
      const value = user.profile[f.shortname];
      return { type: f.datatype, value, displayvalue: value, name: f.name, shortname: f.shortname };
    });
}
