// The replay cache: a signed request seen once is refused when it comes again within its time to
// live. The first request with a signature takes a lease on `replay/<signature>` that it never
// releases; another request with the same signature is refused that lease: seen before.
import { acquireLease } from './leases.mjs';

function requestId() {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return `request-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Whether a request with `replayKey` was seen within the last `ttlSeconds`; records this one when not. */
export async function seenBefore(core, kv, replayKey, { now, ttlSeconds, holder = requestId() }) {
  const lease = await acquireLease(core, kv, replayKey, { holder, now, ttlSeconds });
  return !lease.ok;
}
