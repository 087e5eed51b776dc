// Regenerates the component decision vectors (tests/vectors/component_*.json, deletions.json,
// template_copies.json, retries.json): each scenario is run against the bundled Moodle simulator,
// its answers are kept, and the expectation is what `replay_engine` answers to them. Read the
// changed expectations (git diff) before committing: each must be the right decision.
//
//   node scripts/vectors/make-component-vectors.mjs [file-name ...]
import { writeFileSync } from 'node:fs';
import { loadCore } from '../../js/core.mjs';
import { recordCase } from './record.mjs';
import { files } from './scenarios/index.mjs';

const core = await loadCore();
const only = process.argv.slice(2);
for (const file of files) {
  if (only.length && !only.includes(file.name)) continue;
  const cases = [];
  for (const scenario of file.scenarios) {
    try {
      cases.push(await recordCase(core, scenario));
    } catch (e) {
      e.message = `${file.name} / ${scenario.name}: ${e.message}`;
      throw e;
    }
  }
  const names = new Set();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`${file.name}: two cases named "${c.name}"`);
    names.add(c.name);
  }
  const url = new URL(`../../tests/vectors/${file.name}`, import.meta.url);
  writeFileSync(url, `${JSON.stringify({ operation: 'replay_engine', about: file.about, cases }, null, 1)}\n`);
  console.log(`${file.name}: ${cases.length} vectors`);
}
