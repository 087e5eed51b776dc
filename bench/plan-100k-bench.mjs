// Planning benchmark at scale: the plan of 100,000 entities (courses, users and enrolments, with
// the courses' categories) against a Moodle snapshot of the same size, where Moodle already
// holds most of them, some changed and some new (bench/plan-site-100k.mjs makes that input; its
// making is not timed). The plan is made in WebAssembly (this process) as a host that holds the
// input as a file does it: the file's bytes are read, handed to the core as they are
// (core.callText), and the answer's text is parsed into the plan value, all of it timed; and
// natively (build/native/moodle_sync_plan_bench, the same input file, text in memory to text out).
// Prints the best of 3 of each, wall and CPU time, and the ratio. Nothing is asserted.
// `--save FILE` keeps the generated input, `--input FILE` plans a kept one instead of making it,
// `--write FILE` writes the plan's JSON answer (to compare the answers of two builds).
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../js/core.mjs';
import { plan100kInput } from './plan-site-100k.mjs';
import { timedRuns } from './timed-call.mjs';

const NATIVE = fileURLToPath(new URL('../build/native/moodle_sync_plan_bench', import.meta.url));
const RUNS = 3;
const TARGET_MS = 2000;
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};

const core = await loadCore();
let file = option('--input');
let dir;  // the generated input's, removed at the end
if (!file) {
  const { input, setup } = await plan100kInput(core);
  dir = mkdtempSync(path.join(tmpdir(), 'moodle-sync-plan-100k-'));
  file = path.join(dir, 'input.json');
  writeFileSync(file, JSON.stringify(input));
  console.log(`plan 100k bench: input made in ${setup.seconds.toFixed(1)} s (not timed below): the earlier sync created ` +
    `${setup.created} categories, courses and users in the Moodle simulator, and ${setup.enrolled} enrolments`);
}
if (option('--save')) copyFileSync(file, option('--save'));

let timed;
try {
  timed = timedRuns(() => JSON.parse(core.callText('plan', readFileSync(file))), RUNS);
  if (existsSync(NATIVE)) timed.nativeLine = execFileSync(NATIVE, [file, String(RUNS), 'plan'], { encoding: 'utf8' });
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
const { result: answer, wall, cpu, nativeLine: line } = timed;
if (!answer.ok) throw new Error(`plan failed: ${JSON.stringify(answer.error).slice(0, 2000)}`);
const intents = {};
for (const e of answer.value.entities) intents[e.intent] = (intents[e.intent] ?? 0) + 1;
const wasm = { wall: Math.min(...wall), cpu: Math.min(...cpu) };
console.log(`plan 100k bench: ${answer.value.entities.length} entities planned (${Object.entries(intents).map(([k, n]) => `${k} ${n}`).join(', ')})`);
console.log(`wasm:   plan ${wasm.wall.toFixed(0)} ms, CPU ${wasm.cpu.toFixed(0)} ms (file read, plan, answer parsed; best of ${RUNS}; ` +
  `wall ${wall.map((t) => t.toFixed(0)).join(', ')} ms; CPU ${cpu.map((t) => t.toFixed(0)).join(', ')} ms)`);

if (line) {
  process.stdout.write(line);
  const native = { wall: Number(/plan (\d+) ms/.exec(line)[1]), cpu: Number(/CPU (\d+) ms/.exec(line)[1]) };
  console.log(`wasm/native ratio: wall ${(wasm.wall / native.wall).toFixed(2)}, CPU ${(wasm.cpu / native.cpu).toFixed(2)}`);
} else {
  console.log('plan 100k bench: no native figure (build/native/moodle_sync_plan_bench is not built)');
}
console.log(`wasm plan under ${TARGET_MS} ms: ${wasm.wall < TARGET_MS ? 'yes' : 'no'} (wall), ${wasm.cpu < TARGET_MS ? 'yes' : 'no'} (CPU)`);

if (option('--write')) writeFileSync(option('--write'), JSON.stringify(answer.value));
