// `sort=changed,-title` and the long form `sort[k][path]`/`[direction]` (J/Query/Sort.php): a
// comparator on resources; NULL sorts first ascending, as in SQL; ties keep the listing's order.

import { badRequest } from './errors.mjs';
import { resolvePath } from './field-paths.mjs';
import { compare, storedValue } from './sql-compare.mjs';

function sortKeys(sort) {
  if (typeof sort === 'string') {
    return sort.split(',').filter(Boolean).map((k) => (k.startsWith('-') ? { path: k.slice(1), desc: true } : { path: k, desc: false }));
  }
  if (sort && typeof sort === 'object') {
    return Object.values(sort).map((k) => {
      if (!k?.path) throw badRequest('You need to provide a field name for the sort parameter.');
      return { path: k.path, desc: String(k.direction ?? 'ASC').toUpperCase() === 'DESC' };
    });
  }
  throw badRequest('You need to provide a value for the sort parameter.');
}

/** A function sorting rows by `query.sort` (into a new array), or null without a sort. */
export function compileSort(sort, { store, caller, type }) {
  if (sort === undefined) return null;
  const keys = sortKeys(sort).map((k) => ({ ...k, field: resolvePath(store, caller, type, k.path, { purpose: 'sort' }) }));
  const compareRows = (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const va = a.keys[i];
      const vb = b.keys[i];
      const c = va === vb ? 0 : va === null ? -1 : vb === null ? 1 : compare(va, vb);
      if (c !== 0) return keys[i].desc ? -c : c;
    }
    return a.at - b.at;
  };
  // Each row's keys are read once, not at every comparison.
  return (rows) => rows
    .map((r, at) => ({ r, at, keys: keys.map(({ field }) => storedValue(field.values(r)[0] ?? null, field.timestamp)) }))
    .sort(compareRows)
    .map((d) => d.r);
}
