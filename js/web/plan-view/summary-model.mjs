// The figures of the summary, read from the core's digest of the plan: the counts per component
// and outcome for the bar chart, and the Moodle calls by function. Pure functions.
import { sortOutcomes } from './plan-model.mjs';

/**
 * The chart: `{outcomes, components: [{component, total, segments: [{outcome, count}]}], max}`, the
 * outcomes (legend order) being those with a count somewhere; components in the digest's order.
 */
export function chartData(digest) {
  const summary = Array.isArray(digest?.summary) ? digest.summary : [];
  const seen = new Set();
  for (const item of summary) for (const [outcome, n] of Object.entries(item.outcomes ?? {})) if (n > 0) seen.add(outcome);
  const outcomes = sortOutcomes(seen);
  const components = summary.map((item) => ({
    component: item.component,
    total: item.total ?? Object.values(item.outcomes ?? {}).reduce((a, b) => a + b, 0),
    segments: outcomes.filter((o) => (item.outcomes?.[o] ?? 0) > 0).map((outcome) => ({ outcome, count: item.outcomes[outcome] })),
  }));
  const max = components.reduce((m, c) => Math.max(m, c.total), 0);
  return { outcomes, components, max };
}

/** The totals as a sentence: "28 entities: 24 created, 2 updated, 2 ignored". */
export function totalsText(digest) {
  const totals = digest?.totals ?? {};
  const parts = sortOutcomes(Object.keys(totals)).filter((o) => totals[o] > 0).map((o) => `${totals[o]} ${o}`);
  const all = Object.values(totals).reduce((a, b) => a + (Number(b) || 0), 0);
  return `${all} ${all === 1 ? 'entity' : 'entities'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/**
 * The write calls a sync of this plan would send, by function: from the core's `planned_calls`
 * when the digest (or the plan) has it — `{kind: 'planned', total, rows: [{fn, requests, items}]}`
 * — else counted from the entities' `calls`, which only tells how many entities take part in each
 * function: `{kind: 'entities', total: null, rows: [{fn, requests: null, items}]}`.
 */
export function callsByFunction(digest, plan) {
  const planned = digest?.planned_calls ?? plan?.planned_calls;
  if (planned && typeof planned === 'object' && planned.by_function) {
    const rows = Object.entries(planned.by_function).map(([fn, v]) => ({
      fn,
      requests: typeof v === 'number' ? v : (v?.requests ?? null),
      items: typeof v === 'number' ? null : (v?.items ?? null),
    }));
    return { kind: 'planned', total: planned.total ?? rows.reduce((a, r) => a + (r.requests ?? 0), 0), rows };
  }
  const counts = new Map();
  for (const entry of Array.isArray(plan?.entities) ? plan.entities : []) {
    for (const fn of Array.isArray(entry?.calls) ? entry.calls : []) counts.set(fn, (counts.get(fn) ?? 0) + 1);
  }
  return { kind: 'entities', total: null, rows: [...counts].map(([fn, items]) => ({ fn, requests: null, items })) };
}
