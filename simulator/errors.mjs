// The exceptions a Moodle 4.5 web-service call can end with, as the REST server serialises them.
// A handler throws one of these; the server turns it into the recorded JSON or XML error body.

/** A Moodle exception: `{"exception": <php class>, "errorcode": <code>, "message": <text>}`. */
export class MoodleError extends Error {
  constructor(exception, errorcode, message, debuginfo = undefined) {
    super(message);
    this.exception = exception;
    this.errorcode = errorcode;
    this.debuginfo = debuginfo; // never sent (debugging is off), kept for logs and tests
  }

  toJSON() {
    return { exception: this.exception, errorcode: this.errorcode, message: this.message };
  }
}

/** A PHP engine error (`Error`, `TypeError`): Moodle answers it with no `errorcode` key at all. */
export class PhpEngineError extends Error {
  constructor(phpClass, message) {
    super(message);
    this.exception = phpClass;
  }

  toJSON() {
    return { exception: this.exception, message: this.message };
  }
}

export function invalidParameter(debuginfo) {
  return new MoodleError('core\\exception\\invalid_parameter_exception', 'invalidparameter',
    'Invalid parameter value detected', debuginfo);
}

export function moodleException(errorcode, message, debuginfo) {
  return new MoodleError('core\\exception\\moodle_exception', errorcode, message, debuginfo);
}

export function missingRecord(table) {
  // dml_missing_record_exception picks its errorcode from the table: the user table has its own.
  if (table === 'user') return new MoodleError('dml_missing_record_exception', 'invaliduser', 'Invalid user');
  return new MoodleError('dml_missing_record_exception', 'invalidrecord',
    `Can't find data record in database table ${table}.`);
}

export function codingError(detail) {
  return new MoodleError('core\\exception\\coding_exception', 'codingerror',
    `Coding error detected, it must be fixed by a programmer: ${detail}`);
}

/** System-context capability check, as `require_capability()` fails for the no-capability user. */
export function requireCapability(ctx, actionLabel) {
  if (!ctx.caller.hasCapabilities) {
    throw new MoodleError('core\\exception\\required_capability_exception', 'nopermissions',
      `Sorry, but you do not currently have permissions to do that (${actionLabel}).`);
  }
}

/** Course-context functions fail earlier, in `validate_context()` / `require_login()`. */
export function requireCourseLogin(ctx) {
  if (!ctx.caller.hasCapabilities) {
    throw new MoodleError('core\\exception\\require_login_exception', 'requireloginerror',
      'Course or activity not accessible.');
  }
}
