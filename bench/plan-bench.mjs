// Planning benchmark: the dry-run preview of a generated site of about 25,000 entities (10
// categories, 100 courses, 4,900 users, 50 cohorts, 20,000 enrolments) through the WebAssembly
// core, as the browser admin page runs it, and the same input through the native build when it
// is there (build/native/moodle_sync_plan_bench). Prints figures only: nothing is asserted.
// `--write FILE` also writes the preview's JSON answer, to compare the answers of two builds.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../js/core.mjs';
import { timedCalls } from './timed-call.mjs';
import { generatedPeopleExport } from '../examples/generated-site.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const NATIVE = path.join(ROOT, 'build/native/moodle_sync_plan_bench');
const RUNS = 3;

function planInput() {
  const files = generatedPeopleExport({ categories: 10, courses: 100, users: 4900, cohorts: 50, enrolments: 20000 });
  const config = JSON.parse(readFileSync(path.join(ROOT, 'examples/northfield/moodle-sync.json'), 'utf8'));
  delete config.components.templates;
  delete config.components.courses.template_field;
  delete config.components.completion;
  delete config.components.enrolments.registration.role_field;
  return {
    text: JSON.stringify(config),
    file: 'moodle-sync.json',
    site_declaration: { where: 'site.json', value: { site_url: 'https://learn.northfield.example' } },
    documents: Object.entries(files).map(([name, document]) => ({ name, document })),
  };
}

const input = planInput();
const core = await loadCore();
const { answer, wall: times, cpu: cpuTimes } = timedCalls(core, 'preview', input, RUNS);
if (!answer.ok) throw new Error(`preview failed: ${JSON.stringify(answer.error)}`);
const entities = answer.value.entities.length;
console.log(`plan bench: ${entities} entities; preview in wasm (core.call, JSON both ways included) ${Math.min(...times).toFixed(0)} ms ` +
  `(best of ${RUNS}: ${times.map((t) => t.toFixed(0)).join(', ')} ms; CPU ${cpuTimes.map((t) => t.toFixed(0)).join(', ')} ms)`);

if (existsSync(NATIVE)) {
  const dir = mkdtempSync(path.join(tmpdir(), 'moodle-sync-plan-bench-'));
  try {
    writeFileSync(path.join(dir, 'input.json'), JSON.stringify(input));
    process.stdout.write(`plan bench, ${execFileSync(NATIVE, [path.join(dir, 'input.json'), String(RUNS)], { encoding: 'utf8' })}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log('plan bench: no native figure (build/native/moodle_sync_plan_bench is not built)');
}

const writeAt = process.argv.indexOf('--write');
if (writeAt > 0) writeFileSync(process.argv[writeAt + 1], JSON.stringify(answer.value));
