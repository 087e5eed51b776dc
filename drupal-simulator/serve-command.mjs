// `moodle-sync simulate-drupal`: serves the Drupal simulator until SIGINT/SIGTERM. The first (and
// only) stdout line is JSON with the URL and the sync account's credentials, so a script can start
// it and read how to talk to it.

import { closeOnSignal } from '../simulator/serve-command.mjs';
import { corsForOrigin } from './cors.mjs';
import { startDrupalSimulator } from './server.mjs';

/** `clock` is the site's clock (unix seconds): the command passes the machine's. */
/** `corsOrigin`: the origin of a page allowed to read the site (CORS as services.yml `cors.config` sets it). */
export async function runSimulateDrupalCommand({ port, exportDir, state, readOnly = false, corsOrigin, clock, host = '127.0.0.1', stdout = process.stdout } = {}) {
  const sim = await startDrupalSimulator({
    port: port == null || port === '' ? 0 : Number(port),
    host,
    exportDir,
    state: state || undefined,
    readOnly: Boolean(readOnly),
    cors: corsOrigin ? corsForOrigin(corsOrigin) : undefined,
    clock,
  });
  const { username, password, client_id, client_secret } = sim.credentials;
  stdout.write(`${JSON.stringify({ url: sim.url, username, password, client_id, client_secret })}\n`);
  await closeOnSignal(sim);
  return sim;
}
