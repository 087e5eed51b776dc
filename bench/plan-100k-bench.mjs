// Planning benchmark at scale: the plan of 100,000 entities (courses, users and enrolments, with
// the courses' categories) against a Moodle snapshot of the same size, where Moodle already
// holds most of them, some changed and some new (bench/plan-site-100k.mjs makes that input; its
// making is not timed). The plan is made in WebAssembly (this process, core.call('plan'), JSON both
// ways included) and natively (build/native/moodle_sync_plan_bench, the same input file). Prints
// the best of 3 of each, wall and CPU time, and the ratio. Nothing is asserted.
// `--save FILE` keeps the generated input, `--input FILE` plans a kept one instead of making it,
// `--write FILE` writes the plan's JSON answer (to compare the answers of two builds).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../js/core.mjs';
import { plan100kInput } from './plan-site-100k.mjs';
import { timedCalls } from './timed-call.mjs';

const NATIVE = fileURLToPath(new URL('../build/native/moodle_sync_plan_bench', import.meta.url));
const RUNS = 3;
const TARGET_MS = 2000;
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};

const core = await loadCore();
let text;
if (option('--input')) {
  text = readFileSync(option('--input'), 'utf8');
} else {
  const { input, setup } = await plan100kInput(core);
  text = JSON.stringify(input);
  console.log(`plan 100k bench: input made in ${setup.seconds.toFixed(1)} s (not timed below): the earlier sync created ` +
    `${setup.created} categories, courses and users in the Moodle simulator, and ${setup.enrolled} enrolments`);
}
if (option('--save')) writeFileSync(option('--save'), text);

const input = JSON.parse(text);
const { answer, wall, cpu } = timedCalls(core, 'plan', input, RUNS);
if (!answer.ok) throw new Error(`plan failed: ${JSON.stringify(answer.error).slice(0, 2000)}`);
const intents = {};
for (const e of answer.value.entities) intents[e.intent] = (intents[e.intent] ?? 0) + 1;
const wasm = { wall: Math.min(...wall), cpu: Math.min(...cpu) };
console.log(`plan 100k bench: ${answer.value.entities.length} entities planned (${Object.entries(intents).map(([k, n]) => `${k} ${n}`).join(', ')})`);
console.log(`wasm:   plan ${wasm.wall.toFixed(0)} ms, CPU ${wasm.cpu.toFixed(0)} ms (best of ${RUNS}; wall ${wall.map((t) => t.toFixed(0)).join(', ')} ms; ` +
  `CPU ${cpu.map((t) => t.toFixed(0)).join(', ')} ms)`);

if (existsSync(NATIVE)) {
  const dir = mkdtempSync(path.join(tmpdir(), 'moodle-sync-plan-100k-'));
  try {
    writeFileSync(path.join(dir, 'input.json'), text);
    const line = execFileSync(NATIVE, [path.join(dir, 'input.json'), String(RUNS), 'plan'], { encoding: 'utf8' });
    process.stdout.write(line);
    const native = { wall: Number(/plan (\d+) ms/.exec(line)[1]), cpu: Number(/CPU (\d+) ms/.exec(line)[1]) };
    console.log(`wasm/native ratio: wall ${(wasm.wall / native.wall).toFixed(2)}, CPU ${(wasm.cpu / native.cpu).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log('plan 100k bench: no native figure (build/native/moodle_sync_plan_bench is not built)');
}
console.log(`wasm plan under ${TARGET_MS} ms: ${wasm.wall < TARGET_MS ? 'yes' : 'no'} (wall), ${wasm.cpu < TARGET_MS ? 'yes' : 'no'} (CPU)`);

if (option('--write')) writeFileSync(option('--write'), JSON.stringify(answer.value));
