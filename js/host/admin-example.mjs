// What `moodle-sync serve` without a configuration offers the admin page: the bundled example
// (examples/northfield, its moodle.url pointed at this server's /simulator) and a fresh Moodle
// simulator in memory, answered under /simulator/. The simulator's admin token is handed out only
// by /admin/example-token, for the page's "Bundled example" button; it is never in example.json.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../../simulator/server.mjs';

export const EXAMPLE_DIR = fileURLToPath(new URL('../../examples/northfield/', import.meta.url));
export const SIMULATOR_PATTERN = /^\/simulator(?:\/.*)?$/;

/** The example for the page: {configText, configName, files: [{name, text}]}, Moodle at `${origin}/simulator`. */
export async function exampleForPage(origin, dir = EXAMPLE_DIR) {
  const config = JSON.parse(await readFile(path.join(dir, 'moodle-sync.json'), 'utf8'));
  config.moodle.url = `${origin}/simulator`;
  const exportDir = path.resolve(dir, config.source.path);
  const names = (await readdir(exportDir)).filter((n) => n.endsWith('.json')).sort();
  const files = await Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(exportDir, name), 'utf8') })));
  return { configText: `${JSON.stringify(config, null, 2)}\n`, configName: 'moodle-sync.json', files };
}

/**
 * Starts the simulator (its clock: `clock()`, unix seconds) on a private port of 127.0.0.1 and
 * returns the routes' contexts: `simulator` (/simulator/<path> forwarded to it) and `example`.
 */
export async function startAdminExample({ clock }) {
  const sim = await startSimulator({ clock });
  const forward = async (request) => {
    const { pathname, search } = new URL(request.url);
    const target = `${sim.url}${pathname.slice('/simulator'.length) || '/'}${search}`;
    const headers = {};
    const contentType = request.headers.get('content-type');
    if (contentType !== null) headers['content-type'] = contentType;
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const answer = await fetch(target, { method: request.method, headers, body: hasBody ? await request.arrayBuffer() : undefined, redirect: 'manual' });
    const kept = {};
    for (const [name, value] of answer.headers) if (name === 'content-type' || name.startsWith('access-control-')) kept[name] = value;
    return new Response(request.method === 'HEAD' ? null : await answer.arrayBuffer(), { status: answer.status, headers: kept });
  };
  return {
    simulator: { handle: forward },
    example: { json: (origin) => exampleForPage(origin), token: () => sim.tokens.admin },
    close: () => sim.close(),
  };
}
