// A collection request (J/Controller/EntityResource.php getCollection): filter, sort, one page of
// at most `pageSize` rows, `links.next` iff more rows follow. The filtered and sorted rows are
// cached per (type, account, filter, sort) until that type changes, so reading a listing page by
// page costs one pass over the type, not one per page.

import { selectedByQuery, viewAccess } from './access.mjs';
import { badRequest } from './errors.mjs';
import { compileFilter, parseFilter } from './filter.mjs';
import { compileSort } from './sort.mjs';
import { JSONAPI_OBJECT, includedResources, omittedMeta, parseFieldsets, resourceObject, resourceUrl } from './documents.mjs';

const CACHE_SIZE = 32;

export class RowCache {
  constructor() { this.entries = new Map(); }

  rows(key, version, compute) {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);  // most recently used last
      return hit.rows;
    }
    const rows = compute();
    this.entries.delete(key);
    this.entries.set(key, { version, rows });
    if (this.entries.size > CACHE_SIZE) this.entries.delete(this.entries.keys().next().value);
    return rows;
  }
}

function pageOf(page, pageSize) {
  const number = (v, name) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(String(v))) throw badRequest(`The page ${name} must be a non-negative integer.`);
    return Number(v);
  };
  const offset = number(page?.offset, 'offset') ?? 0;
  // A larger limit is clamped silently (J/Query/OffsetPage.php SIZE_MAX).
  const limit = Math.min(Math.max(number(page?.limit, 'limit') ?? pageSize, 1), pageSize);
  return { offset, limit };
}

function pageLink(requestUrl, base, offset, limit) {
  const url = new URL(requestUrl.pathname + requestUrl.search, base);
  url.searchParams.delete('page[offset]');
  url.searchParams.delete('page[limit]');
  url.searchParams.set('page[offset]', String(offset));
  url.searchParams.set('page[limit]', String(limit));
  return url.href;
}

/**
 * The document answering a collection GET.
 * @param ctx { store, cache, caller, pageSize }
 * @param request { type, query (parsed), url (URL of the request), base }
 * @param options { loop } links.next back to the first page (a fault)
 */
export function collectionDocument(ctx, { type, query, url, base }, { loop = false } = {}) {
  const { store, cache, caller, pageSize } = ctx;
  const scope = { store, caller, type };
  const fieldsets = parseFieldsets(query.fields);
  const tree = parseFilter(query.filter);
  const predicate = tree && compileFilter(tree, scope);
  const sortRows = compileSort(query.sort, scope);
  const { offset, limit } = pageOf(query.page, pageSize);
  const key = [type, caller.account?.username ?? '', JSON.stringify(query.filter ?? null), JSON.stringify(query.sort ?? null)].join('\u0000');
  const rows = cache.rows(key, store.version(type), () => {
    let list = store.list(type);
    // With a filter, access is part of the query: hidden rows are not selected at all.
    if (predicate) list = list.filter((r) => selectedByQuery(caller, r) && predicate(r));
    return sortRows ? sortRows(list) : list;
  });
  const slice = rows.slice(offset, offset + limit);
  const visible = [];
  const omitted = [];
  for (const r of slice) {
    const view = viewAccess(caller, r);
    if (view) visible.push({ resource: r, view });
    else omitted.push(r);
  }
  const document = {
    jsonapi: JSONAPI_OBJECT,
    data: visible.map(({ resource, view }) => resourceObject(resource, { base, caller, fieldsets, view })),
  };
  const included = includedResources(query.include, visible.map((v) => v.resource), scope, omitted);
  if (query.include !== undefined) document.included = included.map(({ resource, view }) => resourceObject(resource, { base, caller, fieldsets, view }));
  if (omitted.length) document.meta = omittedMeta(omitted.map((r) => resourceUrl(base, r.type, r.id)));
  const links = { self: { href: new URL(url.pathname + url.search, base).href } };
  if (offset > 0) {
    links.first = { href: pageLink(url, base, 0, limit) };
    links.prev = { href: pageLink(url, base, Math.max(0, offset - limit), limit) };
  }
  if (loop) links.next = { href: pageLink(url, base, 0, limit) };
  else if (rows.length > offset + limit) links.next = { href: pageLink(url, base, offset + limit, limit) };
  document.links = links;
  return document;
}

/** The document answering a GET of one resource, or the error for it. */
export function individualDocument(ctx, { resource, query, url, base }) {
  const { store, caller } = ctx;
  const fieldsets = parseFieldsets(query.fields);
  const view = viewAccess(caller, resource);
  const document = { jsonapi: JSONAPI_OBJECT, data: resourceObject(resource, { base, caller, fieldsets, view }) };
  const omitted = [];
  const included = includedResources(query.include, [resource], { store, caller, type: resource.type }, omitted);
  if (query.include !== undefined) document.included = included.map((i) => resourceObject(i.resource, { base, caller, fieldsets, view: i.view }));
  if (omitted.length) document.meta = omittedMeta(omitted.map((r) => resourceUrl(base, r.type, r.id)));
  document.links = { self: { href: new URL(url.pathname + url.search, base).href } };
  return { document, view };
}
