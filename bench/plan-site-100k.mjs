// The input of the 100,000-entity plan benchmark (bench/plan-100k-bench.mjs): a generated site of
// courses, users and enrolments (and the categories of the courses) planned against a Moodle
// snapshot of the same size. Moodle's side is made the way a site gets there: an earlier sync of
// most of the export into the Moodle simulator (in this process, no HTTP), then edits in Drupal
// (some entities changed, some new), then the reads of an observe run, whose answers are the snapshot.
// The earlier enrolments are written into the simulator's tables directly, as its enrol function
// would write them: that function checks each new enrolment against every other one, which is
// quadratic at this size.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatedPeopleExport } from '../examples/generated-site.mjs';
import { startSimulator } from '../simulator/server.mjs';
import { dispatch } from '../simulator/rest-dispatch.mjs';

const CONFIG = fileURLToPath(new URL('../examples/northfield/moodle-sync.json', import.meta.url));
// 20 + 2,000 + 25,000 + 72,980 = 100,000 entities planned (the one cohort is not configured).
const SITE = { categories: 20, courses: 2000, users: 25000, cohorts: 1, enrolments: 72980 };
const CLOCK = () => 1795609118;  // the simulator's site time: fixed, so every run plans the same
const STUDENT = 5;
const COURSE_CONTEXT = 50;

function benchConfig() {
  const config = JSON.parse(readFileSync(CONFIG, 'utf8'));
  for (const unused of ['templates', 'completion', 'cohorts']) delete config.components[unused];
  delete config.components.courses.template_field;
  delete config.components.enrolments.registration.role_field;
  return config;
}

// What Drupal did since the earlier sync: every 20th course, user and registration is new (and a
// registration of a new course or user is new too); every 10th course and user changed a field.
const isNew = (i) => i % 20 === 19;

function earlierExport(files) {
  const courses = files['courses.json'].data;
  const users = files['users.json'].data;
  const newCourses = new Set(courses.filter((_, i) => isNew(i)).map((c) => c.attributes.drupal_internal__nid));
  const newUsers = new Set(users.filter((_, i) => isNew(i)).map((u) => u.id));
  const earlier = Object.fromEntries(Object.entries(files).map(([name, doc]) => [name, { ...doc }]));
  earlier['courses.json'].data = courses.filter((_, i) => !isNew(i));
  earlier['users.json'].data = users.filter((_, i) => !isNew(i));
  earlier['registrations.json'].data = files['registrations.json'].data.filter((r, i) =>
    !(isNew(i) || newCourses.has(r.attributes.entity_id) || newUsers.has(r.relationships.user_uid.data.id)));
  return structuredClone(earlier);  // its write-backs must not reach `files`
}

function editExport(files) {
  files['courses.json'].data.forEach((c, i) => { if (i % 10 === 3) c.attributes.title += ' (neu)'; });
  files['users.json'].data.forEach((u, i) => { if (i % 10 === 5) u.attributes.field_city = 'Southfield'; });
}

// The enrolments (student role, active) of the earlier registrations, as enrol_manual_enrol_users
// writes them. Returns each course's rows: see answerAtScale().
function enrolEarlierRegistrations(state, earlier) {
  const moodleId = (resource) => Number(resource.attributes.field_moodle_id);
  const userIds = new Map(earlier['users.json'].data.map((u) => [u.id, moodleId(u)]));
  const courseIds = new Map(earlier['courses.json'].data.map((c) => [c.attributes.drupal_internal__nid, moodleId(c)]));
  const instances = new Map([...state.enrolInstances.values()].filter((i) => i.enrol === 'manual').map((i) => [i.courseid, i]));
  const contexts = new Map([...state.contexts.values()].filter((c) => c.contextlevel === COURSE_CONTEXT).map((c) => [c.instanceid, c]));
  const now = CLOCK();
  const byCourse = new Map();
  for (const r of earlier['registrations.json'].data) {
    const userid = userIds.get(r.relationships.user_uid.data.id);
    const courseid = courseIds.get(r.attributes.entity_id);
    const enrolid = instances.get(courseid).id;
    const ue = { id: state.nextId('userEnrolments'), enrolid, userid, status: 0, timestart: 0, timeend: 0, timecreated: now, timemodified: now };
    state.userEnrolments.set(ue.id, ue);
    const ra = { id: state.nextId('roleAssignments'), roleid: STUDENT, contextid: contexts.get(courseid).id, userid, component: '', itemid: 0, timemodified: now };
    state.roleAssignments.set(ra.id, ra);
    if (!byCourse.has(courseid)) byCourse.set(courseid, { userEnrolments: new Map(), roleAssignments: new Map() });
    byCourse.get(courseid).userEnrolments.set(ue.id, ue);
    byCourse.get(courseid).roleAssignments.set(ra.id, ra);
  }
  return byCourse;
}

// The simulator looks every row up by a scan of its whole table, which is quadratic at this size
// in two places; there it is given only the rows that can matter, for the same answer. A user
// created is checked against every account for a taken username or email: the generated ones are
// all distinct, so the check runs against no account. A course's enrolled users, asked for with the
// fields id and roles, are the rows of that course (each user's other courses are not asked for).
function answerAtScale(sim, wsfunction, params, answer, enrolments) {
  const { state } = sim;
  const tables = wsfunction === 'core_user_create_users' ? { users: new Map() }
    : wsfunction === 'core_enrol_get_enrolled_users' ? enrolments?.get(params.courseid) : undefined;
  if (!tables) return answer();
  const kept = Object.fromEntries(Object.keys(tables).map((t) => [t, state[t]]));
  Object.assign(state, tables);
  try {
    return answer();
  } finally {
    const created = state.users;
    Object.assign(state, kept);
    if (tables.users) for (const [id, user] of created) state.users.set(id, user);
  }
}

// Runs the engine against the simulator in this process; write-backs land in `files`.
async function drive(run, input, sim, files, enrolments) {
  const byKey = new Map();
  for (const doc of Object.values(files)) for (const r of doc.data) byKey.set(`${r.type} ${r.id}`, r);
  const perform = async (action) => {
    if (action.kind === 'call') {
      const body = Buffer.from(`wstoken=${sim.tokens.admin}&${action.body}`);
      const request = { method: 'POST', query: '', contentType: 'application/x-www-form-urlencoded', body };
      const answer = answerAtScale(sim, action.wsfunction, action.params, () => dispatch(sim, request), enrolments);
      return { status: answer.status, content_type: answer.headers['content-type'] ?? '', body: answer.body, elapsed_ms: 0 };
    }
    if (action.kind === 'write_back') {
      const resource = byKey.get(`${action.entity.type} ${action.entity.uuid}`);
      if (resource) resource.attributes[action.field] = action.value;
    }
    return { ok: true, elapsed_ms: 0 };
  };
  return run(input, perform);
}

function engineInput(config, files) {
  return {
    text: JSON.stringify(config),
    file: 'moodle-sync.json',
    site_declaration: { where: 'site.json', value: { site_url: 'https://learn.northfield.example' } },
    documents: Object.entries(files).map(([name, document]) => ({ name, document })),
  };
}

/** `{input, setup}`: the plan's input (export, configuration, snapshot) and what making it took. */
export async function plan100kInput(core, site = SITE) {
  const started = performance.now();
  const config = benchConfig();
  const files = generatedPeopleExport(site);
  const sim = await startSimulator({ clock: CLOCK, port: 0 });
  // The earlier sync makes no failing call: the simulator's per-call rollback copies of every
  // table are not needed, and would make this setup quadratic.
  sim.state.transaction = (fn) => fn();
  try {
    const earlier = earlierExport(files);
    const withoutEnrolments = structuredClone(config);
    delete withoutEnrolments.components.enrolments;
    const sync = await drive((input, perform) => core.runEngine(input, perform), engineInput(withoutEnrolments, earlier), sim, earlier);
    const enrolments = enrolEarlierRegistrations(sim.state, earlier);
    // The moodle ids the earlier sync wrote back are in the export from now on.
    for (const [name, doc] of Object.entries(earlier)) {
      const ids = new Map(doc.data.map((r) => [r.id, r.attributes.field_moodle_id]));
      for (const r of files[name].data) if (ids.has(r.id)) r.attributes.field_moodle_id = ids.get(r.id);
    }
    editExport(files);
    const input = engineInput(config, files);
    const { snapshot } = await drive((i, perform) => core.observe(i, perform), input, sim, files, enrolments);
    return {
      input: { ...input, snapshot },
      setup: {
        seconds: (performance.now() - started) / 1000,
        created: sync.summary.created,
        enrolled: earlier['registrations.json'].data.length,
      },
    };
  } finally {
    await sim.close();
  }
}
