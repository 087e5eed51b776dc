// Which JSON:API route a path is: the entry point, a collection, one resource, the OAuth token
// endpoint, or none (Drupal's 404 "No route found").

/** `{ kind: 'entry'|'collection'|'resource'|'token'|'none', type?, id? }` for a path on `store`. */
export function routeOf(pathname, store) {
  if (pathname === '/oauth/token') return { kind: 'token' };
  if (pathname === '/jsonapi' || pathname === '/jsonapi/') return { kind: 'entry' };
  const m = /^\/jsonapi\/([a-z0-9_]+)\/([a-z0-9_]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!m) return { kind: 'none' };
  const type = `${m[1]}--${m[2]}`;
  if (!store.types.has(type)) return { kind: 'none' };
  if (m[3] === undefined) return { kind: 'collection', type };
  return { kind: 'resource', type, id: decodeURIComponent(m[3]) };
}
