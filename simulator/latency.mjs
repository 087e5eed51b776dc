// A Moodle-like time per call: a fixed cost, plus a cost per item that grows with the batch. On a
// real Moodle 4.5 300 courses in one call cost about 4x more per course than 100 did, so the cost
// per item at n items is `perItemMs * (n / 100) ** exponent` with 3 ** exponent = 4; at 100 items
// enrolments cost about 5 ms each, users about 9 ms, courses about 15 ms. Off unless given.

const FOUR_TIMES_AT_THREE_TIMES = Math.log(4) / Math.log(3);

/** Per-item cost at 100 items, by function (ms); other functions (reads) cost `otherPerItemMs` (0: the call's fixed cost alone). */
export const MOODLE_PER_ITEM_MS = {
  core_course_create_courses: 15,
  core_course_update_courses: 15,
  core_course_delete_courses: 15,
  core_user_create_users: 9,
  core_user_update_users: 9,
  core_user_delete_users: 9,
  enrol_manual_enrol_users: 5,
  enrol_manual_unenrol_users: 5,
  core_role_assign_roles: 5,
  core_role_unassign_roles: 5,
  core_cohort_add_cohort_members: 5,
  core_cohort_delete_cohort_members: 5,
};

/**
 * The latency model from the simulator's `latency` option, or null when it is off.
 * `latency`: true (the defaults) or `{ callMs = 150, perItemMs = {...}, otherPerItemMs = 0,
 * exponent, scale = 1, wait }`; `wait(ms)` is how the simulator lets the time pass (default: a
 * timer): a caller with its own clock passes one that moves that clock.
 */
export function latencyModel(latency) {
  if (!latency) return null;
  const options = latency === true ? {} : latency;
  const model = {
    callMs: options.callMs ?? 150,
    perItemMs: { ...MOODLE_PER_ITEM_MS, ...(options.perItemMs ?? {}) },
    otherPerItemMs: options.otherPerItemMs ?? 0,
    exponent: options.exponent ?? FOUR_TIMES_AT_THREE_TIMES,
    scale: options.scale ?? 1,
    wait: options.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  for (const [key, value] of Object.entries({ callMs: model.callMs, otherPerItemMs: model.otherPerItemMs, exponent: model.exponent, scale: model.scale, ...model.perItemMs })) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`latency.${key} must be a number >= 0`);
  }
  return model;
}

/** How long a call of `wsfunction` with `items` items takes under `model` (ms). */
export function callLatencyMs(model, wsfunction, items) {
  const n = Math.max(0, Number(items) || 0);
  const perItem = (model.perItemMs[wsfunction] ?? model.otherPerItemMs) * (n / 100) ** model.exponent;
  return (model.callMs + n * perItem) * model.scale;
}
