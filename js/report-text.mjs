// A run's report from the core's text, its entities kept as their bytes until someone reads them.
// The entities are nearly all of a large run's report (6 MB for 10,000 courses), and most hosts need
// only its summary, calls and exit code: parsing them into objects at once made the largest
// allocation of a run, and their text alone is a string of up to twice their bytes. The core says
// where in its text the entities lie; the rest is parsed at once. Reading `report.entities` parses
// them then (once); JSON.stringify, spreading and every other reader see the same value, under the
// same key, in the same place.

const decoder = new TextDecoder();

// The bytes of the entities of each report that has not parsed them yet.
const unread = new WeakMap();

/**
 * The report whose JSON text the core wrote as `bytes` (UTF-8; only read here, never kept), its
 * list of entities at `[begin, end)`. The entities are copied out as bytes and parsed when read.
 */
export function reportFromBytes(bytes, [begin, end]) {
  if (!(begin > 0 && end > begin && end <= bytes.length)) return JSON.parse(decoder.decode(bytes));
  const report = JSON.parse(`${decoder.decode(bytes.subarray(0, begin))}null${decoder.decode(bytes.subarray(end))}`);
  let entities = bytes.slice(begin, end);
  unread.set(report, () => entities);
  const parse = () => JSON.parse(decoder.decode(entities));
  const settle = (value) => {
    entities = undefined;  // the bytes go with their parsed value's arrival
    unread.delete(report);
    Object.defineProperty(report, 'entities', { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  let kept;  // the value read from a report frozen or sealed first, whose property stays as it is
  Object.defineProperty(report, 'entities', {
    get: () => {
      if (Object.getOwnPropertyDescriptor(report, 'entities').configurable) return settle(parse());
      if (entities !== undefined) {
        kept = parse();
        entities = undefined;
        unread.delete(report);
      }
      return kept;
    },
    set: settle,
    enumerable: true,
    configurable: true,
  });
  return report;
}

/**
 * The parts of a JSON text of `report` (the value JSON.stringify writes), in order: the entities of
 * a report from reportFromBytes that were never read are their bytes as the core wrote them,
 * neither parsed nor written again here. A part is a string, or UTF-8 bytes.
 */
export function reportTextParts(report) {
  // A deleted `entities` leaves no bytes behind: the report is then written as it is now.
  const entities = Object.hasOwn(report ?? {}, 'entities') ? unread.get(report)?.() : undefined;
  if (entities === undefined) return [JSON.stringify(report) ?? 'null'];
  // Member by member as JSON.stringify writes them (a member whose value it leaves out, left out),
  // the entities' bytes in their place.
  const members = [[], []];  // before the entities, after them
  let side = 0;
  for (const key of Object.keys(report)) {
    if (key === 'entities') {
      side = 1;
      continue;
    }
    const text = JSON.stringify(report[key]);
    if (text !== undefined) members[side].push(`${JSON.stringify(key)}:${text}`);
  }
  const [before, after] = members;
  return [`{${[...before, '"entities":'].join(',')}`, entities, `${after.map((m) => `,${m}`).join('')}}`];
}
