// Stored password values. Moodle keeps a `$6$` (SHA-512 crypt) hash for internal auth plugins and
// the marker "not cached" for external ones (oauth2); read-backs only ever show a short prefix.

import { createHash, randomBytes } from 'node:crypto';

export const PASSWORD_NOT_CACHED = 'not cached';

/** A salted SHA-512 in crypt's `$6$` layout: never the plain text, never equal for two calls. */
export function hashPassword(password) {
  const salt = randomBytes(12).toString('base64url');
  const digest = createHash('sha512').update(salt).update(password).digest('base64url');
  return `$6$rounds=10000$${salt}$${digest}`;
}

/** A random password as `generate_password()` makes for createpassword=1 (never shown to anyone). */
export function generatedPassword() {
  return `${randomBytes(9).toString('base64url')}-A1a`;
}
