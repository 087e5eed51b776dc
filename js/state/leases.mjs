// Leases in a key-value store: the run lock and the entity locks of the serverless function, and
// the replay cache. A lease is a record {holder, expires_at} under its key; whether to take it,
// renew it, take it over (expired) or refuse is the core's `lease` decision (core.lease throws a
// CoreError on an input it refuses: a bug, not a holder); this module reads the record, asks, and
// writes the answer with compare-and-swap, so that of two callers deciding on the same record only
// one wins (the other reads again and asks again).

const ATTEMPTS = 10;  // others may take or free the lease between our read and our write

const clockOf = (now) => (typeof now === 'function' ? now : () => now);

/**
 * Takes the lease `key` for `holder`, or says who holds it.
 * `now`: unix seconds, or a function giving them (then renew() reads it again).
 * Resolves to {ok: true, key, holder, decision, expiresAt, release(), renew({now}?)} or {ok: false, message}.
 */
export async function acquireLease(core, kv, key, { holder, now, ttlSeconds }) {
  if (typeof holder !== 'string' || !holder) throw new TypeError(`lease ${key}: holder must be a non-empty string`);
  const clock = clockOf(now);
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const current = await kv.get(key);
    const decision = core.lease({ key, holder, held: current?.value ?? null, now: clock(), ttlSeconds });
    if (decision.decision === 'refuse') return { ok: false, message: decision.message };
    const put = await kv.put(key, decision.record, { ifVersion: current ? current.version : null });
    if (put.ok) return holdLease(core, kv, key, { holder, clock, ttlSeconds, version: put.version, decision });
  }
  return { ok: false, message: `${key}: others kept taking the lease meanwhile; try again` };
}

function holdLease(core, kv, key, { holder, clock, ttlSeconds, version, decision }) {
  const lost = { ok: false, message: `${key}: the lease of ${holder} was taken over or released meanwhile` };
  const lease = {
    ok: true,
    key,
    holder,
    decision: decision.decision,
    expiresAt: decision.record.expires_at,
    /** Extends the lease from `now`, while it is still ours; {ok: false, message} when it is not. */
    async renew({ now } = {}) {
      const current = await kv.get(key);
      if (!current || current.version !== version) return lost;
      const next = core.lease({ key, holder, held: current.value, now: now ?? clock(), ttlSeconds });
      if (next.decision === 'refuse') return { ok: false, message: next.message };
      const put = await kv.put(key, next.record, { ifVersion: version });
      if (!put.ok) return lost;
      version = put.version;
      lease.expiresAt = next.record.expires_at;
      return { ok: true, expiresAt: lease.expiresAt };
    },
    /** Gives the lease up, only while it is still ours (a lease taken over is the new holder's). */
    async release() {
      return kv.delete(key, { ifVersion: version });
    },
  };
  return lease;
}

/**
 * Runs `body(lease)` holding the lease; the lease goes whatever ends the body.
 * Resolves to {ok: true, value} (what body returned) or {ok: false, message} when the lease is held.
 */
export async function withLease(core, kv, key, options, body) {
  const lease = await acquireLease(core, kv, key, options);
  if (!lease.ok) return lease;
  try {
    return { ok: true, value: await body(lease) };
  } finally {
    await lease.release();
  }
}
