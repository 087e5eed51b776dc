// The query string as PHP reads it (`filter[c][condition][value][]=a` -> nested arrays), and the
// JSON:API request validator: a custom parameter needs a character other than a-z
// (J/EventSubscriber/JsonApiRequestValidator.php).

import { badRequest } from './errors.mjs';

const RESERVED = new Set(['filter', 'sort', 'page', 'fields', 'include']);

function keyPath(key) {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  for (const m of key.slice(open).matchAll(/\[([^\]]*)\]/g)) parts.push(m[1]);
  return parts;
}

/** `URLSearchParams` -> nested plain objects; `[]` appends to a list. */
export function parseQuery(searchParams) {
  const root = {};
  for (const [key, value] of searchParams) {
    const parts = keyPath(key);
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const part = parts[i] === '' && Array.isArray(node) ? node.length : parts[i];
      if (last) {
        node[part] = value;
      } else {
        const next = parts[i + 1];
        if (node[part] === null || typeof node[part] !== 'object') node[part] = next === '' ? [] : {};
        node = node[part];
      }
    }
  }
  return root;
}

/** 400 for a parameter of only a-z that JSON:API does not define. */
export function checkQueryNames(query) {
  const wrong = Object.keys(query).filter((k) => /^[a-z]+$/.test(k) && !RESERVED.has(k));
  if (wrong.length) {
    throw badRequest(`The following query parameters violate the JSON:API spec: '${wrong.join("', '")}'.`);
  }
}
