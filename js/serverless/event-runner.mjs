// The event runner: events wait in the state store's queue; a runner holding the run collects a
// window of them (events.window_ms), takes the entities' leases, reads, plans and applies them as
// one batch with the CLI's own plan (runStages), and keeps each request's outcome under
// run/<id>. It goes on while the queue holds events, and after giving the run up looks again, so
// that an event queued while it was finishing is never left behind.
import { runStages } from '../host/run-stages.mjs';
import { EventQueue } from '../state/event-queue.mjs';
import { acquireLease } from '../state/leases.mjs';
import { readEvents } from './event-reads.mjs';

export const runKey = (id) => `run/${id}`;

/** Waits of window_ms a window may stay open while a burst goes on (30 s at the default). */
const MAX_WINDOW_ROUNDS = 15;

/** Passes a window's events may fail before they are left to the next /sync. */
const MAX_TRIES = 5;

/** The last event of each entity in the window: a save then a delete is a delete. */
function latestPerEntity(batch) {
  const byEntity = new Map();
  for (const event of batch) byEntity.set(`${event.type}/${event.uuid}`, event);
  return [...byEntity.values()];
}

const withoutRun = ({ run, ...event }) => event;

/**
 * ctx: {core, kv, events (settings), holder, clock, sleep, log, exclusive, prepare(), budgetMs()}
 * Returns {accept(runId, events), drive(), outcome(runId)}.
 */
export function createEventRunner(ctx) {
  const { core, kv, events: settings, holder, clock, sleep, log } = ctx;
  const queue = new EventQueue(kv);
  const waiting = new Map();  // run id -> resolve(outcome), for requests of this instance
  let chain = Promise.resolve();

  const settleRun = async (runId, record) => {
    await kv.put(runKey(runId), record);
    waiting.get(runId)?.(record);
    waiting.delete(runId);
  };

  // A burst (a bulk edit of hundreds of entities) keeps posting: the window stays open while events
  // keep coming, so that the burst is planned as one batch rather than one per window_ms. It closes
  // after window_ms without a new event, at max_events_per_window events, or after
  // MAX_WINDOW_ROUNDS waits.
  async function collectWindow() {
    let seen = await queue.size();
    await sleep(settings.window_ms);
    for (let round = 1; settings.window_ms > 0 && round < MAX_WINDOW_ROUNDS; round += 1) {
      const size = await queue.size();
      if (size === seen || size >= settings.max_events_per_window) return;
      seen = size;
      await sleep(settings.window_ms);
    }
  }

  async function runWindow(lease) {
    await collectWindow();
    const started = clock();
    const batch = await queue.take(settings.max_events_per_window);
    if (!batch.length) return false;
    await lease.renew({ now: clock() });
    const runIds = [...new Set(batch.map((e) => e.run))];
    let outcome;
    let failed = false;
    try {
      outcome = await runBatch(batch, lease, started);
    } catch (e) {
      const message = (await ctx.redact())(`${e.name ?? 'Error'}: ${e.message}`);
      // Drupal, Moodle or the store failing must not lose the window: its events go back to the
      // queue for the next pass (a few times; after that the next /sync, which reads every change
      // since its mark, still covers them, since an events run moves no mark).
      const again = batch.filter((e) => (e.tries ?? 0) + 1 < MAX_TRIES).map((e) => ({ ...e, tries: (e.tries ?? 0) + 1 }));
      log(`events run failed: ${message}; ${again.length} of ${batch.length} events queued again`);
      outcome = { state: 'failed', message, requeue: again };
      failed = true;
    }
    if (outcome.requeue?.length) await queue.push(outcome.requeue);
    const { requeue, ...record } = outcome;
    for (const runId of runIds) await settleRun(runId, { ...record, at: clock() });
    return !failed;  // after a failure the pass ends: the next request drives again
  }

  // One batched run of a window's events. Entities another runner holds wait for the next window.
  async function runBatch(batch, runLease, started) {
    const latest = latestPerEntity(batch);
    const held = [];
    const deferred = [];
    try {
      for (const event of latest) {
        const lease = await acquireLease(core, kv, `lock/entity/${event.type}/${event.uuid}`, { holder, now: clock, ttlSeconds: settings.lease_seconds });
        if (lease.ok) held.push({ event, lease });
        else deferred.push(event);
      }
      const deferredEvents = batch.filter((e) => deferred.some((d) => d.type === e.type && d.uuid === e.uuid));
      const mine = held.map((h) => withoutRun(h.event));
      if (!mine.length) return { state: 'queued', requeue: deferredEvents };
      const prepared = await ctx.prepare();
      const records = await prepared.journal.load();
      const read = await readEvents({ core, prepared, records, events: mine, sleep });
      let report;
      try {
        // What the window's reads took is spent already: the budget counts it.
        const spentMs = Math.max(0, (clock() - started) * 1000);
        let lastRenew = clock();
        const onAction = async () => {
          if (clock() - lastRenew < settings.lease_seconds / 3) return;
          lastRenew = clock();
          await runLease.renew({ now: lastRenew });
          await Promise.all(held.map((h) => h.lease.renew({ now: lastRenew })));
        };
        report = await runStages(core, prepared, records, { documents: read.documents }, { budgetMs: ctx.budgetMs(), spentMs, clockMs: () => clock() * 1000, onAction });
      } finally {
        read.documents.delete();
      }
      const stopped = report.resume === true;
      const summary = { events: mine.length, missing: read.missing, not_gone: read.not_gone, deferred: deferred.length };
      log(`events run: ${mine.length} entities, exit code ${report.exit_code}${stopped ? ' (stopped by its budget: queued again)' : ''}`);
      return {
        state: stopped ? 'queued' : 'done',
        report: { ...report, events: summary },
        requeue: [...deferredEvents, ...(stopped ? batch.filter((e) => !deferredEvents.includes(e)) : [])],
      };
    } finally {
      await Promise.all(held.map((h) => h.lease.release().catch(() => {})));
    }
  }

  async function drivePass() {
    for (;;) {
      if ((await queue.size()) === 0) return;
      try {
        await ctx.exclusive(async (lease) => {
          while (await runWindow(lease)) { /* the next window */ }
        });
      } catch (e) {
        if (e.name === 'RunLockError') return;  // another runner drives; it looks again when it is done
        throw e;
      }
    }
  }

  return {
    /** Queues a request's events under its run id. */
    async accept(runId, events, summary) {
      await kv.put(runKey(runId), { state: 'queued', ...summary, at: clock() });
      await queue.push(events.map((e) => ({ ...e, run: runId })));
    },
    /** The outcome of a run of this instance, once a window of it settles it. */
    outcome(runId) {
      return new Promise((resolve) => waiting.set(runId, resolve));
    },
    /** No request waits for that run any more. */
    forget(runId) {
      waiting.delete(runId);
    },
    /** Runs windows while the queue holds events; one pass at a time in this instance. */
    drive() {
      const pass = chain.then(drivePass);
      chain = pass.catch((e) => log(`events runner: ${e.name}: ${e.message}`));
      return pass;
    },
  };
}
