// One run at a time on one state: an event window, a /sync or a completion push. Within this
// process the runs wait for each other; across instances the lease "lock/run" in the state store
// decides (the core's `lease` op), and a host may add its own lock (serve: the CLI's file run
// lock, so that serve and a `sync` never run on one state at once).
import { acquireLease } from '../state/leases.mjs';

export const RUN_LEASE = 'lock/run';

/** Another instance (or the CLI) holds the run: the caller answers "busy". */
export class RunBusyError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RunLockError';  // the name the completion receiver answers as busy
  }
}

/** A random holder name for this instance's leases. */
export function instanceHolder() {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return `instance-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * `exclusive(body)`: runs `body(lease)` holding the run; rejects with RunBusyError when another
 * holder has it. `runLock(body)`: the host's own lock around the body (optional).
 */
export function createRunExclusion({ core, kv, clock, ttlSeconds, holder, runLock }) {
  let tail = Promise.resolve();
  return function exclusive(body) {
    const turn = tail.then(async () => {
      const lease = await acquireLease(core, kv, RUN_LEASE, { holder, now: clock, ttlSeconds });
      if (!lease.ok) throw new RunBusyError(lease.message);
      // A run may outlast the lease (a long read, a large budget): it is renewed while the run
      // goes on, so another instance never takes the state from a live run.
      const keeper = setInterval(() => { lease.renew({ now: clock() }).catch(() => {}); }, Math.max(1000, (ttlSeconds * 1000) / 3));
      keeper?.unref?.();
      try {
        if (!runLock) return await body(lease);
        return await runLock(() => body(lease));
      } finally {
        clearInterval(keeper);
        await lease.release();
      }
    });
    tail = turn.catch(() => {});
    return turn;
  };
}
