// Fault injection: which call fails, and how. Decisions depend only on (seed, call number), so the
// same seed fails the same call numbers whatever the timing or concurrency of the client.

// http503: refused before Moodle runs it; reset: the connection dies before Moodle runs it;
// truncated: Moodle ran it, the answer is cut; html: a PHP fatal-error page, nothing written;
// timeout: Moodle ran it, then the connection died without an answer (the client gave up waiting);
// gateway504: a proxy answers 504 at once while PHP goes on: the call takes effect when the
// simulator receives its `lateBy`-th next request (counted in requests, never in time);
// deadlock: Moodle answers dmlwriteexception, its transaction rolled back (nothing written).
export const FAULT_KINDS = ['http503', 'reset', 'truncated', 'html', 'timeout', 'gateway504', 'deadlock'];
// The kinds a fault rate draws from when none are named (the same draws as before the newer kinds).
export const DEFAULT_FAULT_KINDS = ['http503', 'reset', 'truncated', 'html'];

/** A 32-bit hash of (seed, n) mapped to [0, 1): independent draws per call, stable across runs. */
function draw(seed, n, salt) {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(n, 0x85ebca77) ^ Math.imul(salt, 0xc2b2ae3d)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 4294967296;
}

export function normaliseFaults(faults = {}) {
  const kinds = faults.kinds?.length ? faults.kinds : DEFAULT_FAULT_KINDS;
  for (const kind of [...kinds, ...Object.values(faults.script ?? {})]) {
    if (!FAULT_KINDS.includes(kind)) throw new Error(`unknown fault kind: ${kind}`);
  }
  return {
    latencyMs: Number(faults.latencyMs ?? 0),
    rate: Number(faults.rate ?? 0),
    seed: Number(faults.seed ?? 1),
    kinds,
    script: { ...(faults.script ?? {}) },
    htmlStatus: Number(faults.htmlStatus ?? 500),
    lateBy: Math.max(1, Number(faults.lateBy ?? 1)),
  };
}

/** The fault for call number `n` (1-based), or null. A scripted fault wins over the random ones. */
export function faultForCall(faults, n) {
  if (faults.script[n]) return faults.script[n];
  if (faults.rate > 0 && draw(faults.seed, n, 1) < faults.rate) {
    return faults.kinds[Math.floor(draw(faults.seed, n, 2) * faults.kinds.length)];
  }
  return null;
}

/** What a PHP fatal error looks like to a client (display_errors on). */
export function phpFatalErrorPage() {
  return '<br />\n<b>Fatal error</b>:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in <b>/var/www/moodle/lib/dml/moodle_database.php</b> on line <b>1234</b><br />\n';
}

/** A proxy's answer when PHP did not answer in time (nginx's page). */
export function gatewayTimeoutPage() {
  return '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
}

/** Moodle's answer to a database deadlock (as limits.jsonl records dml_write_exception). */
export const DEADLOCK_BODY = '{"exception":"dml_write_exception","errorcode":"dmlwriteexception","message":"Error writing to database"}';
