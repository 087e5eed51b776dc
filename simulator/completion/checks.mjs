// The checks and errors the completion functions share, in the words and order of Moodle 4.5
// (completion.jsonl). Several completion strings are missing from the language pack, so Moodle
// answers their key ("completion/…", "error/…") as the message.

import { MoodleError, moodleException } from '../errors.mjs';
import { requireLoginError } from '../functions/course-checks.mjs';
import { hasActiveEnrolment } from './model.mjs';

const recordQuery = (table, id, fields = '*') => `SELECT ${fields} FROM {${table}} WHERE id = ? [array ( 0 => ${id}, )]`;

export function courseOrFail(state, courseid) {
  const course = state.courses.get(courseid);
  if (!course) {
    throw new MoodleError('dml_missing_record_exception', 'invalidrecord', "Can't find data record in database table course.",
      recordQuery('course', courseid));
  }
  return course;
}

/** A user id that must name a live account: missing → invaliduser, deleted → userdeleted. */
export function liveUserOrFail(state, userid) {
  const user = state.users.get(userid);
  if (!user) throw new MoodleError('dml_missing_record_exception', 'invaliduser', 'Invalid user', recordQuery('user', userid));
  if (user.deleted) throw moodleException('userdeleted', 'error/userdeleted');
  return user;
}

export function courseModuleOrFail(state, cmid) {
  const cm = state.courseModules.get(cmid);
  if (!cm) {
    throw new MoodleError('dml_missing_record_exception', 'invalidcoursemodule', 'Invalid course module ID',
      recordQuery('course_modules', cmid, 'id,course'));
  }
  return cm;
}

/** validate_context() of a course or its module: site administrators, or an active enrolment. */
export function requireCourseAccess(state, ctx, courseid) {
  if (ctx.caller.hasCapabilities) return;
  if (hasActiveEnrolment(state, courseid, ctx.caller.userid, ctx.now())) return;
  const error = requireLoginError();
  error.debuginfo = 'Not enrolled';
  throw error;
}

export const completionNotEnabled = () => moodleException('completionnotenabled', 'Completion is not enabled');
export const cannotViewReport = () => moodleException('cannotviewreport', 'You cannot view this report');

/** The override capability, checked inside completion_info::update_state(): its string is missing. */
export function overrideNotAllowed() {
  return new MoodleError('core\\exception\\required_capability_exception', 'nopermission', 'error/nopermission');
}

export function viewProgressNotAllowed() {
  return new MoodleError('core\\exception\\required_capability_exception', 'nopermissions',
    'Sorry, but you do not currently have permissions to do that (View activity completion reports).');
}

export function systemError(detail) {
  return moodleException('err_system',
    'An internal error occurred in the completion system. (System administrators can enable debugging information to see more detail.)',
    detail);
}
