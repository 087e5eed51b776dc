// The plan view of the admin page: the summary, the filters, the virtualized entity table and the
// details of the opened row (its headings start at h3: it sits under the page's h2 "Plan"). It
// shows the core's plan and digest as they are; filtering and sorting only change what is displayed.
import { h } from './dom.mjs';
import { buildRows, filterChoices, filterRows, sortRows, searchTextOf } from './plan-model.mjs';
import { renderSummary } from './summary-view.mjs';
import { createVirtualTable } from './virtual-table.mjs';
import { renderDetails } from './row-details.mjs';

const SEARCH_DELAY_MS = 150;
const SEARCH_WARM_CHUNK = 250; // rows whose search text is made between two looks at the idle time left
const STYLESHEET = new URL('./plan-view.css', import.meta.url).href;

// The view brings its own style sheet (a same-origin <link>, as the page's policy allows), once;
// `onLoad` runs when it was not there yet and has loaded (the rows' height changes then).
function ensureStylesheet(onLoad) {
  if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((link) => link.href === STYLESHEET)) return;
  document.head.append(h('link', { rel: 'stylesheet', href: STYLESHEET, onload: onLoad }));
}

function select(id, label, allText, choices) {
  return [
    h('label', { for: id }, label),
    h('select', { id },
      h('option', { value: '' }, allText),
      choices.map((c) => h('option', { value: c.value }, `${c.value} (${c.count})`))),
  ];
}

/**
 * Renders `plan` (the plan value, as `moodle-sync plan --json` prints it) and `digest` (the core's
 * `digest_report` of it) into `root`. Returns `{destroy()}`, which empties root again.
 */
export function renderPlanView(root, { plan, digest }) {
  const rows = buildRows(plan);
  const choices = filterChoices(rows);
  const state = { component: '', outcome: '', text: '', sort: { column: null, direction: 'ascending' }, open: null };
  let searchTimer = 0;
  let warmHandle = 0;

  const details = h('section', { id: 'row-details', className: 'pv-details', 'aria-labelledby': 'row-details-heading', hidden: true });
  const rowCount = h('output', { id: 'row-count', className: 'pv-row-count', role: 'status', 'aria-live': 'polite' });
  const table = createVirtualTable({
    label: 'Planned entities',
    onOpen: (row) => open(row, true),
    onActive: (row) => { if (state.open) open(row, false); },
    onEscape: close,
    onSort: sortBy,
  });

  ensureStylesheet(() => table.remeasure());

  const componentFilter = select('filter-component', 'Component', 'All components', choices.components);
  const outcomeFilter = select('filter-outcome', 'Outcome', 'All outcomes', choices.outcomes);
  const textFilter = h('input', { id: 'filter-text', type: 'search', autocomplete: 'off', spellcheck: 'false', placeholder: 'label, idnumber, uuid, field, value, error' });
  const filters = h('div', { className: 'pv-filters', role: 'search', 'aria-label': 'Filter the entities' },
    h('div', { className: 'pv-filter' }, componentFilter),
    h('div', { className: 'pv-filter' }, outcomeFilter),
    h('div', { className: 'pv-filter pv-filter-text' }, h('label', { for: 'filter-text' }, 'Search'), textFilter),
    h('p', { className: 'pv-filter-count' }, 'Showing ', rowCount, ' entities'));

  function apply() {
    const shown = sortRows(filterRows(rows, state), state.sort);
    rowCount.textContent = `${shown.length} of ${rows.length}`;
    table.setRows(shown);
  }

  function open(row, reveal) {
    state.open = row;
    renderDetails(details, row, { onClose: close });
    if (reveal) details.scrollIntoView?.({ block: 'nearest' });
  }

  function close() {
    if (!state.open) return;
    const hadFocus = details.contains(document.activeElement);
    state.open = null;
    details.hidden = true;
    details.replaceChildren();
    delete details.dataset.key;
    if (hadFocus) table.focus();
  }

  function sortBy(column) {
    const same = state.sort.column === column;
    state.sort = { column, direction: same && state.sort.direction === 'ascending' ? 'descending' : 'ascending' };
    table.setSort(column, state.sort.direction);
    apply();
  }

  const onComponent = (e) => { state.component = e.target.value; apply(); };
  const onOutcome = (e) => { state.outcome = e.target.value; apply(); };
  const onText = (e) => {
    clearTimeout(searchTimer);
    const value = e.target.value;
    searchTimer = setTimeout(() => { state.text = value; apply(); }, SEARCH_DELAY_MS);
  };
  const onDetailsKey = (e) => { if (e.key === 'Escape') close(); };
  componentFilter[1].addEventListener('change', onComponent);
  outcomeFilter[1].addEventListener('change', onOutcome);
  textFilter.addEventListener('input', onText);
  details.addEventListener('keydown', onDetailsKey);

  const view = h('div', { className: 'plan-view' },
    renderSummary({ plan, digest }),
    h('section', { className: 'pv-entities', 'aria-labelledby': 'entities-heading' },
      h('h3', { id: 'entities-heading' }, 'Entities'),
      filters,
      h('div', { className: 'pv-table-and-details' }, table.element, details)));
  root.replaceChildren(view);
  apply();

  // The search text of every row is made while the page is idle, so the first search is quick.
  const idle = globalThis.requestIdleCallback ?? ((fn) => setTimeout(fn, 1));
  const cancelIdle = globalThis.cancelIdleCallback ?? clearTimeout;
  let warmed = 0;
  const warm = (deadline) => {
    do {
      const end = Math.min(rows.length, warmed + SEARCH_WARM_CHUNK);
      for (; warmed < end; warmed++) rows[warmed].search ??= searchTextOf(rows[warmed]);
    } while (warmed < rows.length && deadline?.timeRemaining?.() > 2);
    warmHandle = warmed < rows.length ? idle(warm) : 0;
  };
  warmHandle = idle(warm);

  return {
    destroy() {
      clearTimeout(searchTimer);
      if (warmHandle) cancelIdle(warmHandle);
      table.destroy();
      root.replaceChildren();
    },
  };
}
