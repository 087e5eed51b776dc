// A plan of n synthetic entities in the shape the core gives (components, outcomes, changes,
// calls, errors with their field, notes), the same for the same n: for the scale tests of the
// plan view. Loads in Node and in the browser.
const COMPONENTS = [
  { component: 'users', type: 'user--user', call: 'core_user_create_users', update: 'core_user_update_users' },
  { component: 'cohorts', type: 'taxonomy_term--groups', call: 'core_cohort_create_cohorts', update: 'core_cohort_update_cohorts' },
  { component: 'enrolments', type: 'registration--course_registration', call: 'enrol_manual_enrol_users', update: 'enrol_manual_enrol_users' },
  { component: 'courses', type: 'node--course', call: 'core_course_create_courses', update: 'core_course_update_courses' },
];
const OUTCOMES = ['created', 'created', 'created', 'updated', 'unchanged', 'unchanged', 'ignored', 'skipped', 'failed'];

function uuidOf(i) {
  const hex = i.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

function entryOf(i) {
  const c = COMPONENTS[i % COMPONENTS.length];
  const outcome = OUTCOMES[Math.floor(i / COMPONENTS.length) % OUTCOMES.length];
  const id = i + 1;
  const label = `${c.type} ${id}`;
  const entry = {
    resource: c.type, id, uuid: uuidOf(i), component: c.component, outcome,
    idnumber: `${c.component}-${id}`, moodle_id: outcome === 'created' ? null : 1000 + id,
    changes: {}, error: null, entity: { type: c.type, id, uuid: uuidOf(i), label }, calls: [],
  };
  if (outcome === 'created') {
    entry.planned = 'create';
    entry.changes = { name: { old: null, new: `Name ${id}` }, idnumber: { old: null, new: entry.idnumber } };
    entry.calls = [c.call];
  } else if (outcome === 'updated') {
    entry.planned = 'update';
    entry.changes = { name: { old: `Old name ${id}`, new: `New name ${id}` } };
    entry.calls = [c.update];
  } else if (outcome === 'ignored') {
    entry.note = '"ignore" is not a positive integer';
  } else if (outcome === 'skipped') {
    entry.note = `skipped: it depends on ${c.type} ${id - 1} failed`;
  } else if (outcome === 'failed') {
    entry.error = { class: 'data', field: 'email', message: `${label}, field email (from mail | lower): "bad ${id}" is not a valid email address` };
  }
  return entry;
}

/** The plan value of n synthetic entities. */
export function syntheticPlan(n) {
  const entities = Array.from({ length: n }, (_, i) => entryOf(i));
  const summary = {};
  for (const e of entities) summary[e.outcome] = (summary[e.outcome] ?? 0) + 1;
  return {
    dry_run: true,
    site_guard: { source: 'https://learn.example', writes_allowed: true, reason: 'the source is https://learn.example, a configured site' },
    summary, entities, calls: { total: 3, by_function: { core_user_get_users: 3 } }, notes: [], exit_code: 0,
  };
}
