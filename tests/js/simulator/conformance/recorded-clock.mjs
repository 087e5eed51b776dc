// The simulator's clock during a replay: the time each case was recorded, so that "active",
// "not started yet" and "already ended" mean what they meant on the recorded site, whatever day
// the replay runs.
//
// Moodle stamps every write with its clock (timecreated, timemodified), and time only moves
// forward, so the latest stamp recorded in a case or any case before it is when that case ran, to
// within seconds. Only these stamps are used: start and end dates (timestart, timeend, startdate)
// are what a client asked for ("yesterday", "in ten days"), not the clock. Cases before the file's
// first stamp take that first stamp; a file that records no stamp at all takes `recordedAt`, the
// time its fixture gives.

// Completion times are stamps of the clock too (a criterion or course completion is never dated after
// the moment it was stored), so they may only raise the estimate, as in a self completion answer.
const CLOCK_STAMPS = new Set(['timecreated', 'timemodified', 'timecompleted', 'timestarted', 'reaggregate']);

/** Every clock stamp in a recorded answer or read-back. */
function stampsIn(value, stamps = []) {
  if (Array.isArray(value)) {
    for (const item of value) stampsIn(item, stamps);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (CLOCK_STAMPS.has(key) && Number.isInteger(item) && item > 0) stamps.push(item);
      else stampsIn(item, stamps);
    }
  }
  return stamps;
}

/**
 * The clock (seconds) of each case of a transcript file, in the file's order.
 * @param {object[]} cases  the file's case records
 * @param {object} options  `file` (named in the error), `recordedAt` (seconds) for a file without stamps
 */
export function recordedClocks(cases, { file, recordedAt } = {}) {
  let latest = 0;
  const clocks = cases.map((caseRecord) => {
    for (const stamp of stampsIn([caseRecord.response?.json, caseRecord.state_after])) latest = Math.max(latest, stamp);
    return latest;
  });
  const first = clocks.find((clock) => clock > 0) ?? recordedAt;
  if (!Number.isInteger(first)) {
    throw new Error(`${file}: no timecreated or timemodified is recorded and its fixture gives no recordedAt: the replay needs the time of the recording`);
  }
  return clocks.map((clock) => clock || first);
}
