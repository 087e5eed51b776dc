// The site guard's verdict at the top of the page: whether this configuration may write to its
// Moodle, with the core's reason. Before a plan (or after a failed one) it is not known.

/** @param guard {writes_allowed, reason, source} from the plan's digest, or null when not known */
export function showSiteGuard(element, guard, removalGuard = null) {
  const verdict = element.querySelector('.site-guard-verdict');
  const reason = element.querySelector('.site-guard-reason');
  if (!guard) {
    element.dataset.state = 'unknown';
    delete element.dataset.writesAllowed;
    verdict.textContent = 'Site guard: not checked yet';
    reason.textContent = 'Plan to see whether this configuration may write to its Moodle.';
    return;
  }
  element.dataset.state = guard.writes_allowed ? 'allowed' : 'blocked';
  element.dataset.writesAllowed = String(Boolean(guard.writes_allowed));
  verdict.textContent = guard.writes_allowed ? 'Site guard: writes allowed' : 'Site guard: WRITES BLOCKED';
  const removals = removalGuard?.stops ? ` Removal guard: stopped (${removalGuard.message}).` : '';
  reason.textContent = `${guard.reason}${removals}`;
}
