// The simulated site's entities: every resource of the export, indexed by type and by uuid, in the
// order the export lists them (the order of an unsorted listing). A version per type lets listings
// cache their filtered, sorted rows until something of that type changes.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { rfc3339, unixSeconds } from './time-values.mjs';

/** `node--course` -> `/jsonapi/node/course` (bundle-less types repeat the entity type id). */
export function collectionPath(type) {
  const [entityType, bundle = entityType] = type.split('--');
  return `/jsonapi/${entityType}/${bundle}`;
}

/** Config entities (user_role ...) have a machine name as `drupal_internal__id` and no `changed`. */
export const isConfigEntity = (resource) => typeof resource.attributes?.drupal_internal__id === 'string';

function resourcesOfDocument(document, file) {
  const data = document?.data;
  const list = Array.isArray(data) ? data : data && typeof data === 'object' ? [data] : [];
  for (const [i, r] of list.entries()) {
    if (!r || typeof r.type !== 'string' || typeof r.id !== 'string') {
      throw new Error(`${file}: data[${i}] is not a resource object (it needs "type" and "id")`);
    }
  }
  return list;
}

/** Reads an export folder: `{ resources: [...], exported: unix seconds or 0, siteUrl }`. */
export function readExportFolder(dir) {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  const resources = [];
  let site = {};
  for (const name of names) {
    const file = path.join(dir, name);
    let json;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file}: not valid JSON (${e.message})`);
    }
    if (name === 'site.json') site = json ?? {};
    else resources.push(...resourcesOfDocument(json, file));
  }
  return { resources, exported: unixSeconds(site.exported) ?? 0, siteUrl: site.site_url ?? null };
}

export class SiteStore {
  /**
   * @param resources taken over, not copied (they come fresh from a file)
   * @param exported unix seconds an entity without `changed` reads as
   */
  constructor(resources, { exported = 0 } = {}) {
    this.exported = exported;
    this.types = new Map();   // type -> { list: [resource], byId: Map<uuid, resource>, version }
    this.byId = new Map();    // uuid -> resource (any type): what relationships point at
    for (const r of resources) this.insert(r);
  }

  bucket(type) {
    let b = this.types.get(type);
    if (!b) {
      b = { list: [], byId: new Map(), version: 0, fields: null };
      this.types.set(type, b);
    }
    return b;
  }

  insert(resource) {
    resource.attributes ??= {};
    resource.relationships ??= {};
    if (resource.attributes.changed === undefined && !isConfigEntity(resource)) resource.attributes.changed = rfc3339(this.exported);
    const b = this.bucket(resource.type);
    if (b.byId.has(resource.id)) throw new Error(`${resource.type} ${resource.id} exists already`);
    b.list.push(resource);
    b.byId.set(resource.id, resource);
    this.byId.set(resource.id, resource);
    this.touch(resource.type, resource);
    return resource;
  }

  remove(type, id) {
    const b = this.types.get(type);
    const r = b?.byId.get(id);
    if (!r) return false;
    b.byId.delete(id);
    b.list.splice(b.list.indexOf(r), 1);
    this.byId.delete(id);
    this.touch(type);
    return true;
  }

  /**
   * Something of `type` changed: cached listings of it are stale. The field names only grow (by
   * the names `resource` has), so a write never rescans the type: a write-back of every entity
   * stays linear.
   */
  touch(type, resource) {
    const b = this.bucket(type);
    b.version += 1;
    if (b.fields && resource) {
      for (const k of Object.keys(resource.attributes)) b.fields.attributes.add(k);
      for (const k of Object.keys(resource.relationships)) b.fields.relationships.add(k);
    }
  }

  get(type, id) { return this.types.get(type)?.byId.get(id); }
  list(type) { return this.types.get(type)?.list ?? []; }
  version(type) { return this.types.get(type)?.version ?? 0; }
  typeNames() { return [...this.types.keys()]; }

  /** The attribute and relationship names resources of `type` have: what a filter or sort may name. */
  fieldsOf(type) {
    const b = this.types.get(type);
    if (!b) return { attributes: new Set(), relationships: new Set() };
    if (!b.fields) {
      const attributes = new Set();
      const relationships = new Set();
      for (const r of b.list) {
        for (const k of Object.keys(r.attributes)) attributes.add(k);
        for (const k of Object.keys(r.relationships)) relationships.add(k);
      }
      b.fields = { attributes, relationships };
    }
    return b.fields;
  }

  /** The targets of a relationship that exist (a dangling reference has none). */
  targets(resource, field) {
    const data = resource.relationships?.[field]?.data;
    const refs = Array.isArray(data) ? data : data ? [data] : [];
    return refs.map((ref) => this.byId.get(ref.id)).filter((t, i) => t && t.type === refs[i].type);
  }

  /** The next node revision id: one above every `drupal_internal__vid` of the site. */
  nextRevisionId() {
    if (this.lastRevisionId === undefined) {
      this.lastRevisionId = 0;
      for (const b of this.types.values()) {
        for (const r of b.list) this.lastRevisionId = Math.max(this.lastRevisionId, Number(r.attributes.drupal_internal__vid) || 0);
      }
    }
    this.lastRevisionId += 1;
    return this.lastRevisionId;
  }

  toJSON() {
    return { exported: this.exported, resources: [...this.types.values()].flatMap((b) => b.list) };
  }
}
