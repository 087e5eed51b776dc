// The course welcome message of enrol_manual (after_user_enrolled hook). It runs on every
// enrol_user() call, before the new role is assigned, and is sent from the course contact: the
// first user holding the editingteacher role ($CFG->coursecontact) in the course or above it.
// Messages are sent after the transaction commits; on a site whose mail is broken the call then
// fails with "Message was not sent." although everything was saved.

import { PhpEngineError, moodleException } from '../errors.mjs';
import { courseContext, parentContexts } from './contexts.mjs';
import { EDITINGTEACHER_ROLE_ID } from './role-assignments.mjs';
import { liveUser } from './user-records.mjs';

const ENROL_DO_NOT_SEND_EMAIL = 0;
const ENROL_SEND_EMAIL_FROM_NOREPLY = 3;

/** The user the welcome message would come from, or null (then nothing is sent). */
export function welcomeMessageContact(state, instance) {
  const context = courseContext(state, instance.courseid);
  if (!context) return null;
  const contextids = [context.id, ...parentContexts(state, context).map((c) => c.id)];
  const assignment = [...state.roleAssignments.values()]
    .filter((ra) => ra.roleid === EDITINGTEACHER_ROLE_ID && contextids.includes(ra.contextid) && liveUser(state, ra.userid))
    .sort((a, b) => a.id - b.id)[0];
  return assignment ? liveUser(state, assignment.userid) : null;
}

/**
 * Prepares the welcome message for `userid`; returns whether one is to be sent. A user id that
 * does not exist reaches core_user::get_name_placeholders() as `false`: a PHP TypeError.
 */
export function prepareWelcomeMessage(state, instance, userid) {
  if (instance.enrol !== 'manual' || !instance.customint1 || instance.customint1 === ENROL_DO_NOT_SEND_EMAIL) return false;
  const fromNoreply = instance.customint1 === ENROL_SEND_EMAIL_FROM_NOREPLY;
  if (!fromNoreply && !welcomeMessageContact(state, instance)) return false;
  if (!state.users.has(userid)) {
    throw new PhpEngineError('TypeError', 'core\\user::get_name_placeholders(): Argument #1 ($user) must be of type '
      + 'stdClass, bool given, called in moodle/lib/enrollib.php on line 3674');
  }
  return true;
}

/**
 * Sending, after the commit: fails only when the site's `config.mailBroken` is set (the recorded lab
 * had no mail transport; a normal simulated site delivers, so a sync sees `null`).
 */
export function sendWelcomeMessages(sim, count) {
  if (count > 0 && sim.config?.mailBroken) {
    throw moodleException('Message was not sent.', 'error/Message was not sent.');
  }
}
