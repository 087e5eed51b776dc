// The admin page in headless Chromium against the simulators: the bundled example copied to a
// temporary folder, the Moodle simulator (and the Drupal simulator for a live source) on a fixed
// clock, the page served by `serve`'s handler in this process, the page driven through its DOM
// contract, and the CLI run on the same configuration to compare with.
import { cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../../simulator/server.mjs';
import { startDrupalSimulator } from '../../drupal-simulator/server.mjs';
import { loadCore } from '../../js/core.mjs';
import { adminOnlyContext, serveContext, startServer } from '../../js/host/serve-command.mjs';
import { runCli } from '../js/cli/cli-process.mjs';
import { testClock } from '../js/test-clock.mjs';

export { chromiumAvailable, CHROMIUM } from './browser.mjs';
export * from './admin-page-driver.mjs';
export const EXAMPLE = fileURLToPath(new URL('../../examples/northfield/', import.meta.url));
export const core = await loadCore();

/** The wsfunctions the core may send while it only reads (its own list, not one written here). */
export const moodleReads = () => new Set(core.moodleReads());

/**
 * A copy of the bundled example in a temporary folder, its configuration pointed at a fresh Moodle
 * simulator; `patch(config, {moodle, drupal})` edits the configuration before it is written. With
 * `live`, the Drupal simulator serves the copied export (`cors`: the origin its CORS allows) and the
 * configuration reads it through JSON:API. Resolves to the site: its folders, `configText`,
 * `configFile`, `exportFiles` (paths), the simulators, `env` for the CLI, `close()`.
 */
export async function exampleSite({ patch = (c) => c, live = false, cors } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-admin-page-'));
  await cp(EXAMPLE, dir, { recursive: true });
  const moodle = await startSimulator({ clock: testClock });
  const drupal = live ? await startDrupalSimulator({ exportDir: path.join(dir, 'export'), clock: testClock, ...(cors ? { cors: corsSettings(cors) } : {}) }) : null;
  const config = JSON.parse(await readFile(path.join(dir, 'moodle-sync.json'), 'utf8'));
  config.moodle.url = moodle.url;
  if (drupal) {
    config.site.urls = [drupal.url];
    config.source = { type: 'jsonapi', url: drupal.url };
  }
  const configText = `${JSON.stringify(patch(config, { moodle, drupal }) ?? config, null, 2)}\n`;
  const configFile = path.join(dir, 'moodle-sync.json');
  await writeFile(configFile, configText);
  const exportDir = path.join(dir, 'export');
  const exportFiles = (await readdir(exportDir)).sort().map((name) => path.join(exportDir, name));
  const env = {
    MOODLE_TOKEN: moodle.tokens.admin,
    ...(drupal ? { DRUPAL_USERNAME: drupal.credentials.username, DRUPAL_PASSWORD: drupal.credentials.password } : {}),
  };
  return {
    dir, configFile, configText, exportDir, exportFiles, moodle, drupal, env,
    close: () => Promise.allSettled([moodle.close(), drupal?.close()]),
  };
}

/** Drupal's services.yml cors.config allowing the admin page's origin to read JSON:API. */
export function corsSettings(origin) {
  return {
    enabled: true, allowedOrigins: [origin], allowedOriginsPatterns: [], allowedHeaders: ['accept', 'authorization', 'content-type'],
    allowedMethods: ['GET', 'HEAD', 'POST'], exposedHeaders: ['Date', 'Retry-After', 'WWW-Authenticate', 'Allow'], maxAge: 600, supportsCredentials: false,
  };
}

/** `moodle-sync <command> -c <site's configuration> --json` with the site's credentials: its stdout. */
export async function cliJson(site, command) {
  const r = await runCli([command, '-c', site.configFile, '--json'], command === 'preview' ? {} : site.env);
  if (r.stdout === '') throw new Error(`${command} printed nothing (exit ${r.code}): ${r.stderr}`);
  return r.stdout;
}

/**
 * The admin page served by `serve`'s handler in this process on the fixed clock: without
 * `configFile` as `serve` without -c (the page, the bundled example and its simulator), with one as
 * `serve -c` (its routes and its Drupal proxy too; `env` holds what serve needs, a push secret is
 * added for the example's completion component). Resolves to `{url, close()}`.
 */
export async function pageServer({ configFile, env = {} } = {}) {
  const ctx = configFile
    ? await serveContext(core, configFile, { env: { MOODLE_SYNC_COMPLETION_SECRET: 'admin-page-test-'.padEnd(48, 'x'), ...env }, now: testClock, adminProxy: true })
    : await adminOnlyContext({ now: testClock });
  const server = await startServer(ctx, { port: 0 });
  return { url: server.url, close: async () => { await server.close(); await ctx.close?.(); } };
}
