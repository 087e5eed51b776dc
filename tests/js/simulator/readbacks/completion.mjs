// Read-backs of completion.jsonl: tc-completion.php printed the rows of course_modules_completion,
// course_completion_crit_compl and course_completions of the users a case is about, in one course
// (`via: "db (tc-completion.php state) …"`, or "db: admin completion rows" for the admin's own).
// They are rebuilt from the SimState tables with the same row shapes.

const TOKEN_USERS = { TOKEN: 2 }; // the admin; TOKEN_STUDENT is tu_cmp_partial (547)
const STUDENT_TOKEN_USER = 547;
/** Keys that describe the recorder's own PHP steps, not the database rows: compared elsewhere or not at all. */
const RECORDER_NOTES = ['note', 'submission_via_php_cli', 'task_via_php_cli', 'criteria_set_via_php_cli'];

function namedUsers(spec, caseRecord, api) {
  const recorded = new Set();
  for (const table of ['course_modules_completion', 'course_completion_crit_compl', 'course_completions']) {
    for (const row of spec[table] ?? []) recorded.add(row.userid);
  }
  const params = caseRecord.request.params ?? {};
  if (params.userid !== undefined && /^\d+$/.test(String(params.userid))) recorded.add(Number(params.userid));
  if (params.wstoken === 'TOKEN_STUDENT') recorded.add(STUDENT_TOKEN_USER);
  if (spec.via === 'db: admin completion rows') recorded.add(TOKEN_USERS.TOKEN);
  // A case about nobody in particular (the enrolment set-up): every user of the course.
  if (!recorded.size) return null;
  return new Set([...recorded].map((id) => api.simId(id)));
}

export const readbacks = [
  {
    name: 'completion rows of a course',
    ignoredKeys: RECORDER_NOTES,
    match: (spec) => typeof spec.via === 'string' && (spec.via.startsWith('db (tc-completion.php state)') || spec.via === 'db: admin completion rows'),
    async read(spec, api, caseRecord) {
      const { state } = api.sim;
      const courseid = api.simId(spec.courseid);
      const users = namedUsers(spec, caseRecord, api);
      const wanted = (userid) => users === null || users.has(userid);
      const cmids = new Set([...state.courseModules.values()].filter((cm) => cm.course === courseid).map((cm) => cm.id));
      const criteria = new Map([...state.completionCriteria.values()].filter((c) => c.course === courseid).map((c) => [c.id, c]));
      const byUser = (key) => (a, b) => a.userid - b.userid || a[key] - b[key];
      return {
        courseid,
        course_modules_completion: [...state.moduleCompletions.values()].filter((r) => cmids.has(r.coursemoduleid) && wanted(r.userid))
          .sort(byUser('coursemoduleid'))
          .map((r) => ({ userid: r.userid, coursemoduleid: r.coursemoduleid, completionstate: r.completionstate, overrideby: r.overrideby, timemodified: r.timemodified })),
        course_completion_crit_compl: [...state.criteriaCompletions.values()].filter((r) => criteria.has(r.criteriaid) && wanted(r.userid))
          .sort(byUser('criteriaid'))
          .map((r) => ({ userid: r.userid, criteriaid: r.criteriaid, moduleinstance: criteria.get(r.criteriaid).moduleinstance, timecompleted: r.timecompleted })),
        course_completions: [...state.courseCompletions.values()].filter((r) => r.course === courseid && wanted(r.userid))
          .sort(byUser('id'))
          .map((r) => ({ userid: r.userid, timeenrolled: r.timeenrolled, timestarted: r.timestarted, timecompleted: r.timecompleted, reaggregate: r.reaggregate })),
      };
    },
  },
];
