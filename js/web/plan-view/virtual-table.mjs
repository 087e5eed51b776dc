// The entity table as an ARIA grid that renders only the rows in view: rows have one fixed height,
// a spacer gives the scroll container the height of all of them, and a small pool of row elements
// is refilled as it scrolls, so 25,000 entities cost the same as 40. The focus is on the grid
// (which points at the active row with aria-activedescendant) or on the active row itself (rows
// are focusable); the keys move the active row, scroll to it and take the focus along. A focused
// row element about to show another entity hands the focus back to the grid first.
import { h, uniqueId } from './dom.mjs';
import { COLUMNS, errorOf, idsText } from './plan-model.mjs';

const OVERSCAN = 8;              // rows rendered above and below the visible ones
const ASSUMED_ROW_HEIGHT = 36;   // until a rendered row has been measured

/**
 * `createVirtualTable({label, onOpen(row), onActive(row), onEscape(), onSort(columnKey)})` ->
 * {element, setRows(rows), setSort(column, direction), remeasure(), activeRow(), moveTo(i), focus(), destroy()}.
 */
export function createVirtualTable({ label, onOpen, onActive, onEscape, onSort }) {
  const prefix = uniqueId('plan-row');
  let rows = [];
  let active = -1;
  let rowHeight = ASSUMED_ROW_HEIGHT;
  let measured = false;
  let frame = 0;
  let shown = { first: 0, last: 0 };  // the rows in the DOM
  const pool = [];

  const headers = COLUMNS.map((column, i) => h('div', { role: 'columnheader', className: `pv-cell pv-col-${column.key}`, 'aria-colindex': i + 1, dataset: { column: column.key } },
    h('button', { type: 'button', className: 'pv-sort', dataset: { column: column.key }, onclick: () => onSort?.(column.key) }, column.heading)));
  const head = h('div', { role: 'rowgroup', className: 'pv-grid-head' }, h('div', { role: 'row', className: 'pv-row pv-head-row', 'aria-rowindex': 1 }, headers));
  const body = h('div', { role: 'rowgroup', className: 'pv-grid-body' });
  const spacer = h('div', { className: 'pv-spacer', role: 'presentation' }, body);
  const viewport = h('div', { className: 'pv-viewport', role: 'presentation' }, spacer);
  const empty = h('p', { className: 'pv-empty', hidden: true }, 'No entity matches the filters.');
  const grid = h('div', {
    id: 'plan-table', role: 'grid', tabindex: '0', className: 'pv-grid', 'aria-label': label,
    'aria-colcount': COLUMNS.length, 'aria-rowcount': 1,
  }, head, viewport, empty);

  function rowElement() {
    const cells = COLUMNS.map((column, i) => h('div', { role: 'gridcell', className: `pv-cell pv-col-${column.key}`, 'aria-colindex': i + 1 }));
    const el = h('div', { role: 'row', className: 'pv-row', tabindex: '-1' }, cells);
    el.cells = cells;
    return el;
  }

  function fill(el, row, i) {
    if (el.row !== row) {
      if (el === document.activeElement) grid.focus({ preventScroll: true });
      el.row = row;
      el.dataset.key = row.key;
      const [label, component, outcome, ids, changed, message] = el.cells;
      label.textContent = row.label;
      label.title = row.label;
      component.textContent = row.component;
      outcome.replaceChildren(h('span', { className: `pv-badge pv-outcome-${row.outcome}` }, row.outcome));
      ids.textContent = idsText(row);
      changed.textContent = String(row.changedCount);
      const text = row.message;
      message.textContent = text;
      message.title = text;
      message.classList.toggle('pv-error', errorOf(row.entry) !== null);
    }
    el.id = `${prefix}-${i}`;
    el.dataset.index = String(i);
    el.setAttribute('aria-rowindex', String(i + 2));
    const isActive = i === active;
    el.classList.toggle('pv-active', isActive);
    el.setAttribute('aria-selected', isActive ? 'true' : 'false');
  }

  function render() {
    frame = 0;
    const n = rows.length;
    spacer.style.height = `${n * rowHeight}px`;
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 10 * rowHeight;
    const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
    const last = Math.min(n, Math.ceil((top + height) / rowHeight) + OVERSCAN);
    const count = Math.max(0, last - first);
    while (pool.length < count) pool.push(rowElement());
    for (let k = 0; k < count; k++) {
      fill(pool[k], rows[first + k], first + k);
      if (pool[k].parentNode !== body) body.append(pool[k]);
    }
    while (body.childElementCount > count) body.lastElementChild.remove();
    body.style.transform = `translateY(${first * rowHeight}px)`;
    shown = { first, last };
    const activeEl = activeElement();
    if (activeEl) grid.setAttribute('aria-activedescendant', activeEl.id);
    else grid.removeAttribute('aria-activedescendant');
    // Rows are as high as the style makes them (fonts, zoom): measure the first one rendered.
    if (!measured && count > 0) {
      const real = pool[0].getBoundingClientRect().height;
      if (real > 0) {
        measured = true;
        if (Math.abs(real - rowHeight) > 0.01) {
          rowHeight = real;
          render();
        }
      }
    }
  }

  function activeElement() {
    return active >= shown.first && active < shown.last ? pool[active - shown.first] : null;
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  function pageSize() {
    return Math.max(1, Math.floor((viewport.clientHeight || 10 * rowHeight) / rowHeight) - 1);
  }

  /** Makes row i (of the shown rows) the active one and scrolls it into view. */
  function moveTo(i) {
    if (!rows.length) return;
    const rowFocused = document.activeElement?.parentNode === body;
    active = Math.min(rows.length - 1, Math.max(0, i));
    const top = active * rowHeight;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + rowHeight > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + rowHeight - viewport.clientHeight;
    if (frame) cancelAnimationFrame(frame);
    render();
    if (rowFocused) activeElement()?.focus({ preventScroll: true });
    onActive?.(rows[active]);
  }

  function onKeydown(event) {
    if ((event.target !== grid && event.target.parentNode !== body) || event.altKey || event.metaKey) return;
    const moves = {
      ArrowDown: () => active + 1,
      ArrowUp: () => active - 1,
      PageDown: () => active + pageSize(),
      PageUp: () => active - pageSize(),
      Home: () => 0,
      End: () => rows.length - 1,
    };
    if (moves[event.key]) {
      event.preventDefault();
      moveTo(active < 0 && event.key !== 'End' ? 0 : moves[event.key]());
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (active < 0 && rows.length) moveTo(0);
      if (active >= 0) onOpen?.(rows[active]);
    } else if (event.key === 'Escape') {
      onEscape?.();
    }
  }

  function onClick(event) {
    const rowEl = event.target.closest?.('[role="row"][data-index]');
    if (!rowEl || !body.contains(rowEl)) return;
    moveTo(Number(rowEl.dataset.index));
    rowEl.focus({ preventScroll: true });
    onOpen?.(rows[active]);
  }

  // Focus on the grid shows a row as active (the first one in view), so the keys have something to
  // move from; a row that takes the focus (a click, a script) becomes the active one.
  function onFocus(event) {
    if (event.target === grid && active < 0 && rows.length) moveTo(Math.ceil(viewport.scrollTop / rowHeight));
    else if (event.target.parentNode === body && event.target.row && rows[active] !== event.target.row) moveTo(Number(event.target.dataset.index));
  }

  grid.addEventListener('keydown', onKeydown);
  grid.addEventListener('focusin', onFocus);
  body.addEventListener('click', onClick);
  viewport.addEventListener('scroll', schedule, { passive: true });
  const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => { measured = false; schedule(); }) : null;
  resize?.observe(viewport);

  return {
    element: grid,
    /** New rows (filtered or sorted): keeps the active entity when it is still shown, else none. */
    setRows(next) {
      const activeKey = active >= 0 ? rows[active]?.key : null;
      rows = next;
      active = activeKey === null ? -1 : rows.findIndex((r) => r.key === activeKey);
      grid.setAttribute('aria-rowcount', String(rows.length + 1));
      empty.hidden = rows.length > 0;
      viewport.scrollTop = active >= 0 ? Math.max(0, active * rowHeight - viewport.clientHeight / 2) : 0;
      render();
    },
    setSort(column, direction) {
      for (const header of headers) {
        if (header.dataset.column === column) header.setAttribute('aria-sort', direction);
        else header.removeAttribute('aria-sort');
      }
    },
    /** Measures the rows' height again (after a style sheet loaded). */
    remeasure() {
      measured = false;
      schedule();
    },
    activeRow: () => (active >= 0 ? rows[active] : null),
    moveTo,
    focus: () => grid.focus(),
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      resize?.disconnect();
      viewport.removeEventListener('scroll', schedule);
      grid.removeEventListener('keydown', onKeydown);
      grid.removeEventListener('focusin', onFocus);
      body.removeEventListener('click', onClick);
    },
  };
}
