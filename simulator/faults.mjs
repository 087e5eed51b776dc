// Fault injection: which call fails, and how. Decisions depend only on (seed, call number), so the
// same seed fails the same call numbers whatever the timing or concurrency of the client.

export const FAULT_KINDS = ['http503', 'reset', 'truncated', 'html'];

/** A 32-bit hash of (seed, n) mapped to [0, 1): independent draws per call, stable across runs. */
function draw(seed, n, salt) {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(n, 0x85ebca77) ^ Math.imul(salt, 0xc2b2ae3d)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 4294967296;
}

export function normaliseFaults(faults = {}) {
  const kinds = faults.kinds?.length ? faults.kinds : FAULT_KINDS;
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
