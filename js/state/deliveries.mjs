// Known deliveries: a webhook that posts the same delivery again (X-Drupal-Delivery: a retry after
// a timeout) is answered as a duplicate instead of being queued twice. The first request of a
// delivery id makes `delivery/<id>` with "only if absent", so of two arriving at once one is new.
// The record lasts `ttl` seconds; after that the id counts as new again, and its record is reused.

const ATTEMPTS = 10;

/** 'new' the first time a delivery id is seen within `ttl` seconds, 'duplicate' after. */
export async function rememberDelivery(kv, id, { now, ttl }) {
  if (typeof id !== 'string' || !id) throw new TypeError('rememberDelivery: a delivery id expected');
  const key = `delivery/${id}`;
  const record = { first_seen: now, expires_at: now + ttl };
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if ((await kv.put(key, record, { ifVersion: null })).ok) return 'new';
    const current = await kv.get(key);
    if (!current) continue;  // removed meanwhile
    const expiresAt = current.value?.expires_at;
    if (typeof expiresAt === 'number' && expiresAt > now) return 'duplicate';
    if ((await kv.put(key, record, { ifVersion: current.version })).ok) return 'new';
  }
  return 'duplicate';  // others kept renewing it: certainly not new
}
