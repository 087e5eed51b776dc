// The details of one planned entity: who it is (type, ids, uuid, idnumber, Moodle id), its changed
// fields old -> new, the Moodle calls it takes part in, and its error (class, field, message) or
// the reason it is skipped or ignored.
import { h } from './dom.mjs';
import { changesOf, errorOf } from './plan-model.mjs';

const FOLD_AT = 120; // characters of JSON shown inline; longer values fold

/** A value as JSON: inline when short, folded in a <details> when long. */
export function valueNode(value) {
  const text = value === undefined ? 'null' : JSON.stringify(value);
  if (text.length <= FOLD_AT) return h('code', { className: 'pv-value' }, text);
  return h('details', { className: 'pv-value pv-folded' },
    h('summary', {}, h('code', {}, `${text.slice(0, 60)}…`), ` (${text.length} characters)`),
    h('pre', {}, JSON.stringify(value, null, 2)));
}

function definitions(pairs) {
  return h('dl', { className: 'pv-facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([term, value]) =>
    [h('dt', {}, term), h('dd', {}, value instanceof Node ? value : String(value))]));
}

function changesPart(entry) {
  const changes = Object.entries(changesOf(entry));
  if (!changes.length) return h('p', { className: 'pv-none' }, 'No field changes.');
  return h('table', { className: 'pv-changes' },
    h('caption', {}, `Changed fields (${changes.length})`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Old'),
      h('th', { scope: 'col', 'aria-hidden': 'true', className: 'pv-arrow' }, ''), h('th', { scope: 'col' }, 'New'))),
    h('tbody', {}, changes.map(([field, change]) => h('tr', { dataset: { field } },
      h('th', { scope: 'row' }, h('code', {}, field)),
      h('td', { className: 'pv-old' }, valueNode(change?.old ?? null)),
      h('td', { 'aria-hidden': 'true', className: 'pv-arrow' }, '->'),
      h('td', { className: 'pv-new' }, valueNode(change?.new ?? null))))));
}

function callsPart(entry) {
  const calls = Array.isArray(entry.calls) ? entry.calls : [];
  return h('div', { className: 'pv-entity-calls' },
    h('h5', {}, 'Moodle calls'),
    calls.length ? h('ul', {}, calls.map((fn) => h('li', {}, h('code', {}, fn))))
      : h('p', { className: 'pv-none' }, 'It takes part in no Moodle call.'));
}

function problemPart(entry) {
  const error = errorOf(entry);
  if (error) {
    return h('div', { className: 'pv-entity-error', role: 'note' },
      h('h5', {}, 'Error'),
      definitions([['Class', error.class], ['Field', error.field ? h('code', { className: 'pv-error-field' }, error.field) : null],
        ['Moodle error code', error.errorcode], ['Message', error.message]]),
      Array.isArray(error.issues) && error.issues.length > 1 ? h('ul', { className: 'pv-issues' }, error.issues.map((issue) =>
        h('li', {}, issue.field ? [h('code', {}, issue.field), ': '] : null, issue.message ?? ''))) : null);
  }
  if (entry.note || entry.cause) {
    return h('div', { className: 'pv-entity-note' },
      h('h5', {}, entry.outcome === 'ignored' ? 'Why it is ignored' : entry.outcome === 'skipped' ? 'Why it is skipped' : 'Note'),
      h('p', { className: 'pv-reason' }, entry.note ?? entry.cause));
  }
  return null;
}

/** Fills `container` (#row-details) with the row's details. */
export function renderDetails(container, row, { onClose }) {
  const entry = row.entry;
  const heading = h('h4', { id: 'row-details-heading', tabindex: '-1' }, row.label);
  container.replaceChildren(...[
    h('div', { className: 'pv-details-head' }, heading,
      h('button', { type: 'button', className: 'pv-close', onclick: onClose }, 'Close details')),
    definitions([
      ['Outcome', h('span', { className: `pv-badge pv-outcome-${row.outcome}` }, row.outcome)],
      ['Component', row.component],
      ['Planned action', entry.planned ?? entry.intent],
      ['Type', entry.entity?.type ?? entry.resource],
      ['Drupal id', entry.entity?.id ?? entry.id],
      ['UUID', entry.entity?.uuid ?? entry.uuid],
      ['idnumber', row.idnumber],
      ['Moodle id', row.moodleId],
    ]),
    problemPart(entry),
    changesPart(entry),
    callsPart(entry),
  ].filter(Boolean));
  container.dataset.key = row.key;
  container.hidden = false;
}
