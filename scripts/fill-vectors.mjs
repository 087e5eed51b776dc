// Fills `"expect": "FILL"` in decision vectors with the core's current answer, for review before
// committing: a new vector is written as input + FILL, run once, read, then kept.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadCore } from '../js/core.mjs';

const dir = new URL('../tests/vectors/', import.meta.url);
const core = await loadCore();
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const url = new URL(file, dir);
  const doc = JSON.parse(readFileSync(url, 'utf8'));
  let filled = 0;
  for (const c of doc.cases) {
    if (c.expect !== 'FILL') continue;
    c.expect = core.call(c.operation ?? doc.operation, c.input);
    filled += 1;
    console.log(`${file} / ${c.name}\n  ${JSON.stringify(c.expect)}`);
  }
  if (filled) writeFileSync(url, `${JSON.stringify(doc, null, 1)}\n`);
}
