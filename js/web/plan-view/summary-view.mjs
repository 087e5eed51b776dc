// The summary above the table: a stacked bar per component (one colour per outcome, with a legend),
// the same counts as a table for screen readers, the notes and problems of the digest, and the
// Moodle calls a sync would make by function.
import { h } from './dom.mjs';
import { chartData, callsByFunction, totalsText } from './summary-model.mjs';

/** The #summary section for a plan and its digest. */
export function renderSummary({ plan, digest }) {
  const chart = chartData(digest);
  return h('section', { id: 'summary', className: 'pv-summary', 'aria-labelledby': 'summary-heading' },
    h('h3', { id: 'summary-heading' }, 'Summary'),
    h('p', { className: 'pv-totals' }, totalsText(digest)),
    renderChart(chart),
    renderProblems(digest),
    renderCalls(callsByFunction(digest, plan), plan));
}

function renderChart(chart) {
  const legend = h('ul', { className: 'pv-legend', 'aria-hidden': 'true' },
    chart.outcomes.map((outcome) => h('li', {}, h('span', { className: `pv-swatch pv-outcome-${outcome}` }), outcome)));
  const bars = h('div', { className: 'pv-chart', 'aria-hidden': 'true' },
    chart.components.map((c) => {
      const bar = h('div', { className: 'pv-bar', dataset: { component: c.component, total: String(c.total) } },
        c.segments.map((s) => {
          const segment = h('span', {
            className: `pv-segment pv-outcome-${s.outcome}`,
            title: `${c.component}: ${s.count} ${s.outcome}`,
            dataset: { component: c.component, outcome: s.outcome, count: String(s.count) },
          });
          segment.style.flexGrow = String(s.count);
          return segment;
        }));
      // Bars are scaled to the largest component; a small one still shows as a sliver.
      bar.style.width = chart.max > 0 ? `max(0.25rem, ${(100 * c.total) / chart.max}%)` : '0';
      return h('div', { className: 'pv-chart-row' },
        h('span', { className: 'pv-chart-label' }, c.component),
        h('div', { className: 'pv-bar-track' }, bar),
        h('span', { className: 'pv-chart-total' }, String(c.total)));
    }));
  // The text alternative: the same counts as a table, read by screen readers, hidden on screen.
  const table = h('table', { className: 'pv-visually-hidden', id: 'summary-table' },
    h('caption', {}, 'Entities per component and outcome'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Component'),
      chart.outcomes.map((o) => h('th', { scope: 'col' }, o)), h('th', { scope: 'col' }, 'Total'))),
    h('tbody', {}, chart.components.map((c) => h('tr', {},
      h('th', { scope: 'row' }, c.component),
      chart.outcomes.map((o) => h('td', {}, String(c.segments.find((s) => s.outcome === o)?.count ?? 0))),
      h('td', {}, String(c.total))))));
  return h('figure', { className: 'pv-figure' },
    h('figcaption', {}, 'Entities per component and outcome'), legend, bars, table);
}

function renderProblems(digest) {
  const notes = Array.isArray(digest?.notes) ? digest.notes : [];
  const problems = Array.isArray(digest?.problems) ? digest.problems : [];
  if (!notes.length && !problems.length) return null;
  return h('div', { className: 'pv-notes' },
    problems.length ? h('ul', { className: 'pv-problems', 'aria-label': 'Problems' }, problems.map((p) =>
      h('li', { className: `pv-problem pv-outcome-text-${p.outcome}` },
        h('strong', {}, `${p.count} ${p.outcome}`), `: ${p.cause}`))) : null,
    notes.length ? h('ul', { className: 'pv-note-list', 'aria-label': 'Notes' }, notes.map((n) => h('li', {}, n))) : null);
}

function renderCalls(calls, plan) {
  const planned = calls.kind === 'planned';
  // A plan a guard stops is not applied: its calls are what a sync would send once allowed.
  const when = plan?.apply === false ? ' once allowed (a guard stops this plan: nothing would be sent now)' : '';
  const caption = planned
    ? `Calls a sync would make${when}: ${calls.total} ${calls.total === 1 ? 'request' : 'requests'}`
    : 'Entities per function (the calls a sync would make; requests not counted)';
  const reads = plan?.calls?.total;
  return h('div', { className: 'pv-calls' },
    h('table', { id: 'calls-by-function', className: 'pv-calls-table', dataset: { kind: calls.kind } },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Function'),
        h('th', { scope: 'col' }, 'Requests'),
        h('th', { scope: 'col' }, planned ? 'Items' : 'Entities'))),
      h('tbody', {}, calls.rows.length
        ? calls.rows.map((r) => h('tr', { dataset: { function: r.fn } },
          h('th', { scope: 'row' }, h('code', {}, r.fn)),
          h('td', {}, r.requests === null ? '—' : String(r.requests)),
          h('td', {}, r.items === null ? '—' : String(r.items))))
        : h('tr', {}, h('td', { colspan: '3' }, 'None: a sync of this plan writes nothing to Moodle')))),
    typeof reads === 'number' ? h('p', { className: 'pv-reads' }, `Moodle reads made for this plan: ${reads}`) : null);
}
