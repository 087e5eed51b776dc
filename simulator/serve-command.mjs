// `moodle-sync simulate`: runs the simulator until SIGINT/SIGTERM. The first (and only) stdout line
// is JSON with the URL and the tokens, so a script can start it and read how to talk to it.

import { startSimulator } from './server.mjs';

/** `clock` is the site's clock (seconds since the epoch): the command passes the machine's. */
export async function runSimulateCommand({ port, state, maxInputVars, clock, host = '127.0.0.1', stdout = process.stdout } = {}) {
  // Options may come straight from argv (strings) or be left out (undefined/null).
  const sim = await startSimulator({
    port: port == null || port === '' ? 0 : Number(port),
    host,
    stateFile: state || undefined,
    maxInputVars: maxInputVars == null || maxInputVars === '' ? 5000 : Number(maxInputVars),
    clock,
  });
  stdout.write(`${JSON.stringify({ url: sim.url, tokens: sim.tokens })}\n`);
  await closeOnSignal(sim);
  return sim;
}

/** Resolves once SIGINT or SIGTERM has closed `sim` (a simulator with `close()`). */
export function closeOnSignal(sim) {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // The state file is written after every write; closing only waits for open requests.
      sim.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
