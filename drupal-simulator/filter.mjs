// `filter` of a collection request (J/Query/Filter.php, EntityCondition.php, EntityConditionGroup.php):
// the short form `filter[f]=v`, `filter[f][value]` + `[operator]`, `[condition]` items and `[group]`s
// joined by `memberOf`, validated with Drupal's messages and compiled into a predicate.

import { badRequest } from './errors.mjs';
import { resolvePath } from './field-paths.mjs';
import { castLike, compare, storedValue } from './sql-compare.mjs';

export const OPERATORS = ['=', '<>', '>', '>=', '<', '<=', 'STARTS_WITH', 'CONTAINS', 'ENDS_WITH', 'IN', 'NOT IN',
  'BETWEEN', 'NOT BETWEEN', 'IS NULL', 'IS NOT NULL'];
const NO_VALUE = new Set(['IS NULL', 'IS NOT NULL']);
const LIST_VALUE = new Set(['IN', 'NOT IN', 'BETWEEN', 'NOT BETWEEN']);
const ROOT = '@root';

function expand(key, item) {
  if (typeof item === 'string') return { condition: { path: key, value: item, operator: '=' } };
  if (item && typeof item === 'object' && (item.condition || item.group)) return item;
  if (item && typeof item === 'object' && item.value !== undefined) {
    return { condition: { path: item.path ?? key, value: item.value, operator: item.operator ?? '=', memberOf: item.memberOf } };
  }
  throw badRequest('You must provide a valid filter condition. Check that you have set the required keys for your filter.');
}

function validateCondition(c) {
  if (typeof c.path !== 'string' || c.path === '') throw badRequest("Filter parameter is missing a 'path' key.");
  const operator = c.operator ?? '=';
  if (!OPERATORS.includes(operator)) throw badRequest(`The '${operator}' operator is not allowed in a filter parameter.`);
  if (NO_VALUE.has(operator)) {
    if (c.value !== undefined) throw badRequest(`Filters using the '${operator}' operator should not provide a value.`);
  } else if (c.value === undefined) {
    throw badRequest("Filter parameter is missing a 'value' key.");
  }
  let value = c.value;
  if (LIST_VALUE.has(operator)) {
    value = value && typeof value === 'object' ? Object.values(value) : [value];
    if (operator.endsWith('BETWEEN') && value.length !== 2) throw badRequest(`The '${operator}' operator needs exactly two values.`);
  } else if (value && typeof value === 'object') {
    throw badRequest(`The '${operator}' operator needs one value, not a list.`);
  }
  return { path: c.path, operator, value };
}

/** `query.filter` -> `{ conjunction, members: [condition | group] }` (the root joins with AND). */
export function parseFilter(filter) {
  if (filter === undefined) return null;
  if (!filter || typeof filter !== 'object') throw badRequest('You must provide a valid filter condition. Check that you have set the required keys for your filter.');
  const groups = new Map([[ROOT, { conjunction: 'AND', members: [] }]]);
  const items = Object.entries(filter).map(([key, item]) => [key, expand(key, item)]);
  for (const [key, item] of items) {
    if (!item.group) continue;
    const conjunction = item.group.conjunction ?? 'AND';
    if (conjunction !== 'AND' && conjunction !== 'OR') throw badRequest('Allowed conjunctions: AND, OR.');
    groups.set(key, { conjunction, members: [], memberOf: item.group.memberOf ?? ROOT });
  }
  const parentOf = (memberOf, key) => {
    const parent = groups.get(memberOf ?? ROOT);
    if (!parent) throw badRequest(`The filter item \`${key}\` is a member of \`${memberOf}\`, which is not a filter group.`);
    return parent;
  };
  for (const [key, item] of items) {
    if (item.group) parentOf(item.group.memberOf, key).members.push(groups.get(key));
    else parentOf(item.condition.memberOf, key).members.push(validateCondition(item.condition));
  }
  return groups.get(ROOT);
}

function conditionPredicate(condition, field) {
  const { operator } = condition;
  if (operator === 'IS NULL') return (r) => field.values(r).every((v) => v === null);
  if (operator === 'IS NOT NULL') return (r) => field.values(r).some((v) => v !== null);
  const test = valueTest(operator, condition.value);
  return (r) => field.values(r).some((raw) => {
    const stored = storedValue(raw, field.timestamp);
    return stored !== null && test(stored);
  });
}

function valueTest(operator, value) {
  const one = (s) => castLike(s, value);
  switch (operator) {
    case '=': return (s) => s === one(s);
    case '<>': return (s) => s !== one(s);
    case '>': return (s) => compare(s, one(s)) > 0;
    case '>=': return (s) => compare(s, one(s)) >= 0;
    case '<': return (s) => compare(s, one(s)) < 0;
    case '<=': return (s) => compare(s, one(s)) <= 0;
    case 'STARTS_WITH': return (s) => String(s).startsWith(String(value).toLowerCase());
    case 'CONTAINS': return (s) => String(s).includes(String(value).toLowerCase());
    case 'ENDS_WITH': return (s) => String(s).endsWith(String(value).toLowerCase());
    case 'IN': return (s) => value.some((v) => s === castLike(s, v));
    case 'NOT IN': return (s) => !value.some((v) => s === castLike(s, v));
    case 'BETWEEN': return (s) => compare(s, castLike(s, value[0])) >= 0 && compare(s, castLike(s, value[1])) <= 0;
    case 'NOT BETWEEN': return (s) => compare(s, castLike(s, value[0])) < 0 || compare(s, castLike(s, value[1])) > 0;
    default: throw new Error(`unhandled operator ${operator}`);
  }
}

/** The parsed filter as a predicate on resources of `type` (400/403 for a path Drupal refuses). */
export function compileFilter(tree, { store, caller, type }) {
  const compileGroup = (group) => {
    const parts = group.members.map((m) => {
      if (m.members) return compileGroup(m);
      const field = resolvePath(store, caller, type, m.path, { allowBare: m.operator === 'IS NULL' || m.operator === 'IS NOT NULL' });
      return conditionPredicate(m, field);
    });
    return group.conjunction === 'OR' ? (r) => parts.some((p) => p(r)) : (r) => parts.every((p) => p(r));
  };
  return compileGroup(tree);
}
