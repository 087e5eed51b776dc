// userdate() with the English strftimedatetime format "%A, %d %B %Y, %I:%M %p", as report-builder
// date cells show it ("Saturday, 5 December 2026, 11:58 PM": no leading zero on day or hour, no
// seconds), in the user's time zone (an IANA name; Moodle's "99" = the server's, UTC here).

const formatters = new Map();

// hourCycle h12, not hour12: en-GB's 12-hour clock is otherwise h11 ("0:18 PM"), where %I shows 12.
function formatterFor(timeZone) {
  if (!formatters.has(timeZone)) {
    formatters.set(timeZone, new Intl.DateTimeFormat('en-GB', {
      timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h12',
    }));
  }
  return formatters.get(timeZone);
}

/** A usable IANA zone name for a user's `timezone` field (UTC when unset, "99" or unknown). */
export function userTimeZone(user) {
  const zone = user?.timezone;
  if (!zone || zone === '99') return 'UTC';
  try {
    formatterFor(zone);
    return zone;
  } catch {
    return 'UTC';
  }
}

export function userDate(seconds, timeZone = 'UTC') {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(seconds * 1000)).map((p) => [p.type, p.value]));
  return `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${parts.dayPeriod.toUpperCase()}`;
}
