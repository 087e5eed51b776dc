// The UTC offsets of a time zone as data for the core: `{name, transitions: [[utc_start_s, offset_s], ...]}`,
// from 1970 to 2100. The core has no time-zone database; the platform's Intl has one, so the host
// reads the offsets there and the core only looks them up (a custom report shows dates in the
// token user's time zone).

const FIRST = 0;                                   // 1970-01-01T00:00:00Z
const LAST = Date.UTC(2100, 0, 1) / 1000;          // 2100-01-01T00:00:00Z
// Offsets are sampled once a week, then each change is bisected to the second. Two changes within
// one week that cancel out would be missed; the closest pairs since 1970 (Morocco's pause of summer
// time for Ramadan) are about a month apart.
const STEP = 7 * 86400;

/** Thrown for a name Intl does not know: the message names where the name came from. */
export class TimeZoneError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TimeZoneError';
    this.exitCode = 2;
  }
}

function offsetReader(name) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
  });
  return (seconds) => {
    const parts = {};
    for (const { type, value } of format.formatToParts(seconds * 1000)) parts[type] = value;
    const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
    const local = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) / 1000;
    return local - seconds;
  };
}

/** The first second in (low, high] whose offset differs from the offset at `low`. */
function bisect(offsetAt, low, high) {
  const before = offsetAt(low);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetAt(mid) === before) low = mid;
    else high = mid;
  }
  return high;
}

/**
 * `{name, transitions}` for an IANA zone name ("Europe/Paris", "UTC"). `where` names the setting
 * in the error for an unknown zone.
 */
export function timeZoneTransitions(name, { where = 'completion.report_timezone' } = {}) {
  let offsetAt;
  try {
    offsetAt = offsetReader(name);
  } catch {
    throw new TimeZoneError(`${where}: "${name}" is not a time zone this platform knows (an IANA name such as "Europe/Paris" or "UTC")`);
  }
  let current = offsetAt(FIRST);
  const transitions = [[FIRST, current]];
  for (let t = FIRST; t < LAST; t += STEP) {
    const next = Math.min(t + STEP, LAST);
    const offset = offsetAt(next);
    if (offset === current) continue;
    // Bisect every change inside this day (a zone may change twice within one step).
    let low = t;
    while (offsetAt(low) !== offset) {
      const at = bisect(offsetAt, low, next);
      current = offsetAt(at);
      transitions.push([at, current]);
      low = at;
    }
    current = offset;
  }
  return { name, transitions };
}
