// The Drupal simulator in a process of its own, serving a generated site, driven by its parent
// over IPC (bench/simulator-process.mjs): the parent's figures then hold none of the site's
// memory and none of its serving work. The site's clock is the generated site's export time
// plus an offset the parent moves.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDrupalSimulator } from '../drupal-simulator/server.mjs';
import { generatedPeopleExport } from '../examples/generated-site.mjs';

const options = JSON.parse(process.argv[2]);
const EXPORTED = 1790000000;  // the generated site's export time: every entity's `changed`
let offset = 3600;

const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-drupal-bench-'));
const exportDir = path.join(dir, 'export');
await mkdir(exportDir);
for (const [name, doc] of Object.entries(generatedPeopleExport(options.site))) await writeFile(path.join(exportDir, name), JSON.stringify(doc));
await writeFile(path.join(exportDir, 'site.json'), JSON.stringify({ site_url: 'https://learn.northfield.example', exported: new Date(EXPORTED * 1000).toISOString() }));

const sim = await startDrupalSimulator({ exportDir, clock: () => EXPORTED + offset, latencyMs: options.latencyMs ?? 0 });

const handlers = {
  /** The calls from `from` on, without their paths unless asked (the log can be long). */
  calls: ({ from = 0, paths = false }) => {
    const calls = sim.calls.slice(from);
    return { end: sim.calls.length, calls: calls.map((c) => (paths ? c : { method: c.method, status: c.status, path: c.path.split('?')[0] })) };
  },
  now: () => EXPORTED + offset,
  tick: ({ seconds }) => { offset += seconds; return EXPORTED + offset; },
  /** Edits `count` entities of `type` spread over the collection; `numbered` values end with the entity's number. */
  editSpread: ({ type, count, attribute, value, numbered = false }) => {
    const all = sim.resources(type);
    const step = Math.floor(all.length / count);
    const edited = [];
    for (let i = 0; i < count; i += 1) {
      const r = all[i * step];
      sim.edit(type, r.id, { [attribute]: numbered ? `${value} ${i}` : value });
      edited.push(r.id);
    }
    return edited;
  },
  /** Posts entity events like the webhooks module to `url` from now on (webhooks.mjs `add` settings). */
  webhook: (settings) => { sim.webhooks.add(settings); return true; },
  /**
   * A bulk edit of `count` entities of `type` (the first ones) spread evenly over `durationMs`, each
   * save posting its events; resolves once every POST is answered: `{ edited, statuses }`.
   */
  editBurst: async ({ type, count, attribute, value, durationMs }) => {
    const all = sim.resources(type).slice(0, count);
    const started = performance.now();
    for (const [i, r] of all.entries()) {
      const due = started + (durationMs * i) / count;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      sim.edit(type, r.id, { [attribute]: `${value} ${i}` });
    }
    await sim.webhooks.idle();
    const statuses = {};
    for (const d of sim.webhooks.deliveries) statuses[d.status ?? d.error] = (statuses[d.status ?? d.error] ?? 0) + 1;
    return { edited: all.map((r) => r.id), seconds: (performance.now() - started) / 1000, statuses };
  },
  remove: ({ type, count }) => {
    const all = sim.resources(type);
    const removed = all.slice(-count).map((r) => r.id);
    for (const id of removed) sim.remove(type, id);
    return removed;
  },
  close: async () => { await sim.close(); setImmediate(() => process.exit(0)); return true; },
};

process.on('message', async ({ id, op, args }) => {
  try {
    process.send({ id, value: await handlers[op](args ?? {}) });
  } catch (e) {
    process.send({ id, error: e.message });
  }
});
process.send({ ready: { url: sim.url, credentials: sim.credentials } });
