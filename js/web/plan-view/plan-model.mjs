// The plan as the table shows it: one light row per planned entity, the filter choices, the text
// search and the display order. Pure functions over the plan value the core produced; nothing
// here decides anything about the sync, it only selects and orders what the core said.

/** Outcomes in the order a reader expects them: what happens, what stays, what went wrong. */
export const OUTCOME_ORDER = ['created', 'created (recovered)', 'adopted', 'updated', 'unchanged', 'deleted', 'ignored', 'postponed',
  'skipped', 'stale', 'blocked', 'conflict', 'failed'];

const outcomeRank = (outcome) => {
  const rank = OUTCOME_ORDER.indexOf(outcome);
  return rank < 0 ? OUTCOME_ORDER.length : rank;
};

/** Outcomes sorted by OUTCOME_ORDER, unknown ones after them by name. */
export function sortOutcomes(outcomes) {
  return [...outcomes].sort((a, b) => outcomeRank(a) - outcomeRank(b) || a.localeCompare(b));
}

/** The key a row carries: `<entity type>/<entity uuid>`. */
export function entityKey(entry) {
  const type = entry.entity?.type ?? entry.resource ?? '';
  const uuid = entry.entity?.uuid ?? entry.uuid ?? '';
  return `${type}/${uuid}`;
}

/** The changed fields of an entry: `{field: {old, new}}` (reports of completions call them `changed`). */
export function changesOf(entry) {
  const changes = entry.changes ?? entry.changed;
  return changes && typeof changes === 'object' && !Array.isArray(changes) ? changes : {};
}

/** The entry's error as an object, or null (some reports give the message alone). */
export function errorOf(entry) {
  const error = entry.error;
  if (error === null || error === undefined || error === '') return null;
  if (typeof error === 'string') return { message: error };
  return typeof error === 'object' && Object.keys(error).length > 0 ? error : null;
}

function labelOf(entry) {
  if (entry.entity?.label) return entry.entity.label;
  if (typeof entry.entity === 'string') return entry.entity;
  return `${entry.resource ?? entry.entity?.type ?? ''} ${entry.id ?? entry.uuid ?? ''}`.trim();
}

/** What the row says about the entity besides its outcome: its error, else its note. */
export function messageOf(entry) {
  const error = errorOf(entry);
  if (error) return error.class ? `${error.class}: ${error.message ?? ''}` : String(error.message ?? '');
  return typeof entry.note === 'string' ? entry.note : '';
}

/**
 * A planned entity as the table shows it. Only what the filters need is read up front; the rest is
 * read from the entry when a row is shown, so that a plan of 25,000 entities is ready at once.
 */
class Row {
  constructor(entry, index) {
    this.index = index;  // its place in the plan
    this.entry = entry;
    this.component = typeof entry.component === 'string' && entry.component ? entry.component : '(none)';
    this.outcome = typeof entry.outcome === 'string' ? entry.outcome : '';
    this.search = null;  // made on the first text search (or while the page is idle)
  }

  get key() { return entityKey(this.entry); }
  get label() { return labelOf(this.entry); }
  get moodleId() { return this.entry.moodle_id ?? null; }
  get idnumber() { return this.entry.idnumber ?? null; }
  get changedCount() { return Object.keys(changesOf(this.entry)).length; }
  get message() { return messageOf(this.entry); }
}

/** One row per planned entity. */
export function buildRows(plan) {
  const entities = Array.isArray(plan?.entities) ? plan.entities : [];
  const rows = new Array(entities.length);
  for (let i = 0; i < entities.length; i++) rows[i] = new Row(entities[i] ?? {}, i);
  return rows;
}

/** The choices of the filters, with their counts: components in plan order, outcomes in OUTCOME_ORDER. */
export function filterChoices(rows) {
  const components = new Map();
  const outcomes = new Map();
  for (const row of rows) {
    components.set(row.component, (components.get(row.component) ?? 0) + 1);
    outcomes.set(row.outcome, (outcomes.get(row.outcome) ?? 0) + 1);
  }
  return {
    components: [...components].map(([value, count]) => ({ value, count })),
    outcomes: sortOutcomes(outcomes.keys()).map((value) => ({ value, count: outcomes.get(value) })),
  };
}

/** Everything the text search looks at, lower-cased: label, ids, field names and values, error, note. */
export function searchTextOf(row) {
  const entry = row.entry;
  const parts = [row.label, row.idnumber, row.moodleId, entry.uuid, entry.entity?.uuid, entry.entity?.type, row.message, entry.note, entry.cause];
  for (const [field, change] of Object.entries(changesOf(entry))) {
    parts.push(field, JSON.stringify(change?.old ?? null), JSON.stringify(change?.new ?? null));
  }
  const error = errorOf(entry);
  if (error) parts.push(error.class, error.field, error.errorcode, error.message);
  return parts.filter((p) => p !== null && p !== undefined && p !== '').join('\n').toLowerCase();
}

/** The words of a search: every one must occur (in any order). */
export function searchWords(text) {
  return String(text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/** The rows that pass the filters; `component` and `outcome` '' mean any. Keeps the rows' order. */
export function filterRows(rows, { component = '', outcome = '', text = '' } = {}) {
  const words = searchWords(text);
  if (!component && !outcome && !words.length) return rows.slice();
  const out = [];
  for (const row of rows) {
    if (component && row.component !== component) continue;
    if (outcome && row.outcome !== outcome) continue;
    if (words.length) {
      row.search ??= searchTextOf(row);
      if (!words.every((w) => row.search.includes(w))) continue;
    }
    out.push(row);
  }
  return out;
}

/** The table's columns: key, heading, and how a row reads in it (for display and for sorting). */
export const COLUMNS = [
  { key: 'label', heading: 'Entity', value: (r) => r.label },
  { key: 'component', heading: 'Component', value: (r) => r.component },
  { key: 'outcome', heading: 'Outcome', value: (r) => r.outcome },
  { key: 'ids', heading: 'Moodle id / idnumber', value: (r) => idsText(r) },
  { key: 'changed', heading: 'Changes', value: (r) => r.changedCount },
  { key: 'message', heading: 'Note / error', value: (r) => r.message },
];

export function idsText(row) {
  const id = row.moodleId === null || row.moodleId === undefined ? '—' : String(row.moodleId);
  const idnumber = row.idnumber === null || row.idnumber === undefined || row.idnumber === '' ? '—' : String(row.idnumber);
  return `${id} / ${idnumber}`;
}

// Text is sorted by a key made once per row: lower case, numbers padded so that "course 9" comes
// before "course 10" (a locale collator is ten times slower on 25,000 rows).
const naturalKey = (text) => String(text).toLowerCase().replace(/\d+/g, (digits) => digits.padStart(16, '0'));
const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const compareNumber = (a, b) => a - b;

// What a row is sorted by in a column, read once per row, and how two of those compare.
function sortKey(column) {
  if (column === 'outcome') return [(r) => outcomeRank(r.outcome), compareNumber, (r) => r.outcome];
  if (column === 'changed') return [(r) => r.changedCount, compareNumber];
  if (column === 'ids') return [(r) => (typeof r.moodleId === 'number' ? r.moodleId : Infinity), compareNumber, (r) => naturalKey(r.idnumber ?? '')];
  const spec = COLUMNS.find((c) => c.key === column);
  return spec ? [(r) => naturalKey(spec.value(r)), compareText] : null;
}

/** The rows ordered by a column ('ascending' | 'descending'); ties keep the plan's order. No column: plan order. */
export function sortRows(rows, { column = null, direction = 'ascending' } = {}) {
  const key = column ? sortKey(column) : null;
  if (!key) return rows;
  const [primary, compare, secondary] = key;
  const sign = direction === 'descending' ? -1 : 1;
  const keyed = rows.map((row) => ({ row, a: primary(row), b: secondary ? secondary(row) : '' }));
  keyed.sort((x, y) => {
    const first = x.a === y.a ? 0 : compare(x.a, y.a);
    return sign * (first || (secondary ? compareText(x.b, y.b) : 0)) || x.row.index - y.row.index;
  });
  return keyed.map((k) => k.row);
}
