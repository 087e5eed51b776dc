// The completion receiver served from this process on a free port, in front of a copy of the
// example export: `serve`'s own code (serveContext + startServer) with the test clock, its log
// lines kept for the assertions.
import { chmod, cp, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXAMPLE, core, fullConfig } from '../sync/harness.mjs';
import { serveContext, startServer } from '../../../js/host/serve-command.mjs';
import { TEST_NOW } from '../test-clock.mjs';

export { core };
export const SECRET = 'k3VtRz9q-completion-secret-0123456789abcdef';
export const REGISTRATIONS = 'registrations.json';
export const COURSES = 'courses.json';

/** A configuration and export copy in a temporary folder; `patch` edits the configuration. */
export async function exportCopy({ patch = (c) => c, moodleUrl = 'http://127.0.0.1:9' } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-completion-'));
  const exportDir = path.join(dir, 'export');
  await cp(path.join(EXAMPLE, 'export'), exportDir, { recursive: true });
  const config = await fullConfig();
  config.moodle.url = moodleUrl;
  const configFile = path.join(dir, 'moodle-sync.json');
  await writeFile(configFile, JSON.stringify(patch(config) ?? config, null, 2));
  return {
    dir, exportDir, configFile,
    file: (name) => path.join(exportDir, name),
    async read(name) {
      return JSON.parse(await readFile(path.join(exportDir, name), 'utf8'));
    },
    async bytes(name) {
      return readFile(path.join(exportDir, name));
    },
    async stat(name) {
      return stat(path.join(exportDir, name));
    },
    chmod: (name, mode) => chmod(path.join(exportDir, name), mode),
  };
}

/** The export copy served by the receiver; `env` is the run's environment (secret, Moodle token). */
export async function startReceiver({ env = {}, now = () => TEST_NOW, patch, moodleUrl } = {}) {
  const site = await exportCopy({ patch, moodleUrl });
  const lines = [];
  const runEnv = { MOODLE_TOKEN: 'receiver-test-token', MOODLE_SYNC_COMPLETION_SECRET: SECRET, ...env };
  const ctx = await serveContext(core, site.configFile, { env: runEnv, now, log: (line) => lines.push(line) });
  const server = await startServer(ctx, { port: 0 });
  return {
    ...site, url: server.url, lines, close: server.close,
    /** One request to the receiver: `{status, body, text, headers}`. */
    async send(pathname, { method = 'POST', body, contentType = 'application/json', headers = {} } = {}) {
      const response = await fetch(`${server.url}${pathname}`, {
        method,
        headers: { ...(body !== undefined && contentType ? { 'content-type': contentType } : {}), ...headers },
        body,
      });
      const text = await response.text();
      let json;
      try { json = JSON.parse(text); } catch { json = undefined; }
      return { status: response.status, body: json, text, headers: response.headers };
    },
  };
}

/** A registration of the export copy by its uuid. */
export async function registration(site, uuid) {
  return (await site.read(REGISTRATIONS)).data.find((r) => r.id === uuid);
}
