// Checks and errors several course-side functions share, worded as Moodle words them.

import { MoodleError, moodleException } from '../errors.mjs';

/** \core_external\util::validate_format() */
export function validateFormat(format) {
  if (![0, 1, 2, 4].includes(Number(format))) {
    throw new MoodleError('core\\exception\\moodle_exception', 'formatnotsupported', 'webservice/formatnotsupported',
      `The format with value=${format} is not supported by this Moodle site`);
  }
  return Number(format);
}

/** A DB column too short for the value: PostgreSQL refuses the row, Moodle reports a write error. */
export function dmlWriteError(detail) {
  return new MoodleError('dml_write_exception', 'dmlwriteexception', 'Error writing to database', detail);
}

/** require_capability() for the no-capability user, naming the capability like Moodle's language pack. */
export function requireCapabilityNamed(ctx, label) {
  if (!ctx.caller.hasCapabilities) {
    throw new MoodleError('core\\exception\\required_capability_exception', 'nopermissions',
      `Sorry, but you do not currently have permissions to do that (${label}).`);
  }
}

/** core_course_category::get() of a missing id: the language string's {$a} is left unfilled. */
export const unknownCategory = () => moodleException('unknowncategory', 'Unknown category with category ID number "{$a}"');

/** validate_context() of a course the caller is not enrolled in. */
export function requireLoginError() {
  return new MoodleError('core\\exception\\require_login_exception', 'requireloginerror', 'Course or activity not accessible.');
}
