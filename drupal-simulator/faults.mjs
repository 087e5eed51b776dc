// Scripted faults: `sim.faults.add({ method?, path?, times = 1, kind })` makes the next matching
// requests fail that way. `path` is a substring of (or a RegExp on) the path with its query.
// Kinds: 'status:<code>' (e.g. 503; 429 also sends Retry-After), 'slow' (waits delayMs, then
// answers), 'cut' (the JSON body ends half-way), 'not-json' (an HTML page with status 200),
// 'loop' (links.next points back to the first page), 'wrong-type' (resources of another type),
// 'patch-no-value' (a PATCH answered 200 with the old values, nothing saved), 'down' (the socket
// is closed without an answer).

const KINDS = ['slow', 'cut', 'not-json', 'loop', 'wrong-type', 'patch-no-value', 'down'];

/** Which requests a kind can apply to: a fault waits for a request it can change. */
const APPLIES = {
  loop: (r) => r.method === 'GET' && r.collection,
  'wrong-type': (r) => r.method === 'GET' && r.resource,
  'patch-no-value': (r) => r.method === 'PATCH' && r.resource,
};

export class FaultList {
  constructor() { this.list = []; }

  add({ method, path, times = 1, kind, delayMs = 1000, retryAfter = 1 } = {}) {
    if (!KINDS.includes(kind) && !/^status:[1-5]\d\d$/.test(String(kind))) {
      throw new TypeError(`unknown fault kind: ${kind} (one of status:<code>, ${KINDS.join(', ')})`);
    }
    if (!(times > 0)) throw new TypeError('times must be positive (Infinity for every request)');
    const fault = { method: method?.toUpperCase(), path, times, kind, delayMs, retryAfter };
    this.list.push(fault);
    return fault;
  }

  clear() { this.list.length = 0; }

  /** The first fault matching `request` ({ method, path, collection, resource }), counted down; or null. */
  take(request) {
    const fault = this.list.find((f) => (!f.method || f.method === request.method)
      && (f.path === undefined || (f.path instanceof RegExp ? f.path.test(request.path) : request.path.includes(f.path)))
      && (APPLIES[f.kind]?.(request) ?? true));
    if (!fault) return null;
    fault.times -= 1;
    if (fault.times <= 0) this.list.splice(this.list.indexOf(fault), 1);
    return fault;
  }
}

/** A resource object turned into one of another type (the 'wrong-type' fault). */
export function wrongType(object) {
  const [entityType, bundle = entityType] = object.type.split('--');
  return { ...object, type: `${entityType}--${bundle}_other` };
}
