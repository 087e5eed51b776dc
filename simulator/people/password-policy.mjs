// `check_password_policy()` with the site's default policy (passwordpolicy=1: at least 8 characters,
// 1 digit, 1 lower case, 1 upper case, 1 special character). Moodle reports a violation as the
// concatenated HTML messages, which then serve as an exception's errorcode.

const RULES = [
  [(p) => [...p].length >= 8, 'Passwords must be at least 8 characters long.'],
  [(p) => /\p{Nd}/u.test(p), 'Passwords must have at least 1 digit(s).'],
  [(p) => /\p{Ll}/u.test(p), 'Passwords must have at least 1 lower case letter(s).'],
  [(p) => /\p{Lu}/u.test(p), 'Passwords must have at least 1 upper case letter(s).'],
  [(p) => /[^\p{Lu}\p{Ll}\p{Nd}]/u.test(p), 'The password must have at least 1 special character(s) such as *, -, or #.'],
];

/** Returns '' for an acceptable password, else the policy text Moodle would report. */
export function passwordPolicyErrors(password) {
  return RULES.filter(([ok]) => !ok(password)).map(([, text]) => `<div>${text}</div>`).join('');
}
