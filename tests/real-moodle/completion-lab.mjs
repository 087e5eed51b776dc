// Completion on the real Moodle lab: the PHP helper that adds activities, criteria and the custom
// report with Moodle's own API (no web-service function does), the completion task, and what
// Moodle stores (course_completions), plus the web-service reads the completion test needs.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { lab, read } from './lab.mjs';

const HELPER = fileURLToPath(new URL('./completion-helper.php', import.meta.url));

/** Runs `php completion-helper.php <op> '<args JSON>'` against the lab (as root, like the kit's scripts); resolves to its JSON. */
export function completionHelper(op, args = {}) {
  const argv = ['env', `LAB_DIR=${lab.dir}`, 'php', HELPER, op, JSON.stringify(args)];
  const [command, rest] = process.getuid?.() === 0 ? [argv[0], argv.slice(1)] : ['sudo', ['-n', ...argv]];
  return new Promise((resolve, reject) => {
    execFile(command, rest, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`completion-helper.php ${op} failed: ${stderr || stdout}`));
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`completion-helper.php ${op} printed no JSON: ${stdout.slice(0, 500)} ${stderr.slice(0, 500)}`));
      }
    });
  });
}

/** The Moodle id of the course whose idnumber is `idnumber`. */
export async function courseId(idnumber) {
  const { courses } = await read('core_course_get_courses_by_field', { field: 'idnumber', value: idnumber });
  if (courses.length !== 1) throw new Error(`no Moodle course with idnumber ${idnumber}`);
  return courses[0].id;
}

/** The Moodle id of the user whose idnumber is `idnumber`. */
export async function userId(idnumber) {
  const users = await read('core_user_get_users_by_field', { field: 'idnumber', values: [idnumber] });
  if (users.length !== 1) throw new Error(`no Moodle user with idnumber ${idnumber}`);
  return users[0].id;
}

/** Marks `userid`'s activity `cmid` complete as a teacher does (the recorded override function); resolves to Moodle's answer. */
export function completeActivity(userid, cmid) {
  return read('core_completion_override_activity_completion_status', { userid, cmid, newstate: 1 });
}

/** A unix time as the one date form written to Drupal: RFC 3339 in UTC, "2026-12-05T23:58:12+00:00". */
export function rfc3339(unix) {
  return new Date(unix * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
