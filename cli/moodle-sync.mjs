#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=65536 MALLOC_TRIM_THRESHOLD_=131072 node --max-semi-space-size=2 --expose-gc
// The moodle-sync command. Each subcommand is a thin host around the core: it reads files and
// the environment, lets the core decide, performs the I/O and prints. Exit codes: 0 done, 1 some
// entities failed, 2 configuration, credentials or site-guard problems.
import { Command, Option } from 'commander';
import { loadCore } from '../js/core.mjs';
import { loadConfigFile } from '../js/host/config-file.mjs';
import { readFileExport } from '../js/source/file-export.mjs';
import { exitCodeOf, prepareRun, previewLive, runSync } from '../js/host/sync-run.mjs';
import { formatReport } from '../js/host/report-format.mjs';
import { createProgress } from '../js/host/progress.mjs';
import { checkSetup } from '../js/host/check.mjs';
import { withRunLock } from '../js/host/run-lock.mjs';

const EXIT_SETUP = 2;

/** The machine's clock in seconds. The simulator has none of its own: the commands give it this one. */
const wallClock = () => Math.floor(Date.now() / 1000);

// Reports quote the entities' own data: a token that made its way into the data stays hidden too.
function printReport(core, report, opts, redact = (text) => text) {
  if (opts.json) console.log(redact(JSON.stringify(report, null, 2)));
  else console.log(redact(formatReport(core, report, { verbose: opts.verbose }).join('\n')));
}

const program = new Command()
  .name('moodle-sync')
  .description('Keeps a Moodle LMS in step with a Drupal site through Moodle\'s web-service REST API.')
  .showHelpAfterError();

program.command('demo')
  .description('the bundled example site synced into the bundled Moodle simulator: plan, sync, a second sync that writes nothing, then completions pulled back')
  .option('--json', 'print each report as JSON')
  .option('--live', 'read the example live from the bundled Drupal simulator: ids PATCHed into Drupal, then one edit and an incremental sync')
  .action(async (opts) => {
    const core = await loadCore();
    if (opts.live) {
      const { runLiveDemoCommand } = await import('../js/host/demo-live.mjs');
      process.exitCode = await runLiveDemoCommand(core, { json: opts.json, clock: wallClock, printReport });
      return;
    }
    const { runDemo } = await import('../js/host/demo.mjs');  // the demo brings the simulator: loaded only here
    let step = 0;
    const { reports, changed } = await runDemo(core, (title, report, lines = []) => {
      step += 1;
      if (opts.json) return;
      console.log(`\n######## ${title}\n`);
      printReport(core, report, { verbose: step !== 3 });
      if (lines.length) console.log(`\n${lines.join('\n')}`);
    }, { clock: wallClock });
    if (opts.json) console.log(JSON.stringify({ plan: reports[0], sync: reports[1], resync: reports[2], completion: reports[3], completion_fields: changed }, null, 2));
    process.exitCode = Math.max(...reports.map(exitCodeOf));
  });

program.command('check')
  .description('check the token, the site guard and that the token\'s service has every function needed')
  .requiredOption('-c, --config <file>', 'configuration file')
  .action(async (opts) => {
    const core = await loadCore();
    const prepared = await prepareRun(core, opts.config);
    const { lines, problems, warnings } = await checkSetup(core, prepared);
    for (const l of lines) console.log(prepared.redact(`ok    ${l}`));
    for (const w of warnings) console.log(prepared.redact(`warn  ${w}`));
    for (const p of problems) console.log(prepared.redact(`FAIL  ${p}`));
    if (problems.length) {
      console.log('\nSee README.md, "Set-up on the Moodle side", for the service, its functions and the token.');
      process.exitCode = EXIT_SETUP;
    }
    if (prepared.config.settings.source.type === 'jsonapi') {
      const { checkDrupal } = await import('../js/host/check-drupal.mjs');
      const drupal = await checkDrupal(core, prepared.config, prepared.source);
      for (const l of drupal.lines) console.log(prepared.redact(`ok    Drupal: ${l}`));
      for (const n of drupal.notes) console.log(prepared.redact(`note  Drupal: ${n}`));
      for (const p of drupal.problems) console.log(prepared.redact(`FAIL  Drupal: ${p}`));
      if (drupal.problems.length) {
        console.log('\nSee README.md, "Set-up on the Drupal side", for JSON:API writes, the account and its permissions.');
        process.exitCode = EXIT_SETUP;
      }
    }
  });

program.command('plan')
  .description('dry run: read Moodle and show per entity the action and the changed fields (old -> new); writes nothing')
  .requiredOption('-c, --config <file>', 'configuration file')
  .option('--json', 'print the report as JSON')
  .option('--verbose', 'list every entity, not only the problems and a few changes per component')
  .action(async (opts) => {
    const core = await loadCore();
    const prepared = await prepareRun(core, opts.config);
    const report = await runSync(core, prepared, { dryRun: true });
    printReport(core, report, opts, prepared.redact);
    process.exitCode = exitCodeOf(report);
  });

program.command('sync')
  .description('apply the sync: create, adopt and update in Moodle, write moodle ids back')
  .requiredOption('-c, --config <file>', 'configuration file')
  .option('--json', 'print the report as JSON')
  .option('--verbose', 'list every entity, not only the problems and a few changes per component')
  .option('--allow-removals', 'apply even when the removal guard would stop the run (many suspensions, removals or deletions)')
  .option('--since <time>', 'live source: read what changed since this time (RFC 3339 or unix seconds), not since the last run')
  .option('--full', 'live source: read every entity, not only what changed')
  .option('--scan-deletions', 'live source: also list every entity\'s id to find the deleted ones')
  .action(async (opts) => {
    const core = await loadCore();
    const { statePath } = await loadConfigFile(core, opts.config);
    // Two runs on the same export and journal refuse each other. The export is read once the lock
    // is held: a run that just ended has written all its ids back by then.
    let prepared;
    const report = await withRunLock(core, statePath, async (lock) => {
      if (lock.note) console.error(`moodle-sync: note: ${lock.note}`);
      prepared = await prepareRun(core, opts.config);
      const progress = createProgress();
      try {
        return await runSync(core, prepared, {
          onAction: progress.onAction, allowRemovals: opts.allowRemovals ?? false,
          full: opts.full ?? false, since: opts.since, scanDeletions: opts.scanDeletions ?? false,
        });
      } finally {
        progress.stop();
      }
    });
    printReport(core, report, opts, prepared.redact);
    process.exitCode = exitCodeOf(report);
  });

const completion = program.command('completion')
  .description('completions from Moodle to Drupal: the registration fields of the "completion" component');

completion.command('pull')
  .description('read completions from Moodle and write the changed registration fields to Drupal (no Moodle plugin needed)')
  .requiredOption('-c, --config <file>', 'configuration file')
  .option('--since <time>', 'do not read again a registration Drupal records as complete before this time (RFC 3339 or unix seconds)')
  .option('--dry-run', 'read Moodle and show the fields that would be written (old -> new); write nothing')
  .option('--json', 'print the report as JSON')
  .option('--verbose', 'list every registration, not only the problems and a few changes')
  .action(async (opts) => {
    const core = await loadCore();
    const { runCompletionPull } = await import('../js/host/completion-run.mjs');
    const pull = async () => {
      const prepared = await prepareRun(core, opts.config);
      const progress = createProgress();
      try {
        const { report } = await runCompletionPull(core, prepared, { since: opts.since, dryRun: opts.dryRun ?? false, now: wallClock(), onAction: progress.onAction });
        return { report, redact: prepared.redact };
      } finally {
        progress.stop();
      }
    };
    // A pull writes the export: it and a sync refuse each other; a dry run writes nothing.
    const { statePath } = await loadConfigFile(core, opts.config);
    const { report, redact } = opts.dryRun ? await pull() : await withRunLock(core, statePath, async (lock) => {
      if (lock.note) console.error(`moodle-sync: note: ${lock.note}`);
      return pull();
    });
    printReport(core, report, opts, redact);
    process.exitCode = exitCodeOf(report);
  });

program.command('serve')
  .description('serve the function: Drupal\'s entity events (POST /events), Moodle\'s completion pushes (/completion/<secret>), POST /sync, GET /health and the admin page (/admin/); without -c, the admin page alone with the bundled example and Moodle simulator')
  .option('-c, --config <file>', 'configuration file')
  .addOption(new Option('-p, --port <n>', 'port (0 = any free port)').default(8787).argParser(Number))
  .option('--host <address>', 'address to listen on', '127.0.0.1')
  .option('--admin-proxy', 'let the admin page read the configured Drupal through /admin/drupal/ (off: anyone who reaches serve could read Drupal through it)')
  .action(async (opts) => {
    const core = await loadCore();
    const { adminOnlyContext, serveContext, startServer } = await import('../js/host/serve-command.mjs');
    // One line per request, counts only: never a payload, never the secret.
    const log = (line) => console.log(`${new Date().toISOString()} ${line}`);
    if (!opts.config) {
      const ctx = await adminOnlyContext({ now: wallClock, log });
      const { url } = await startServer(ctx, { port: opts.port, host: opts.host });
      console.log(`moodle-sync: serving the admin page at ${url}/admin/ (no configuration: the bundled example, planned against the Moodle simulator at ${url}/simulator)`);
      return;
    }
    const ctx = await serveContext(core, opts.config, { now: wallClock, log, adminProxy: opts.adminProxy ?? false });
    const { url } = await startServer(ctx, { port: opts.port, host: opts.host });
    const others = `${url}/events, ${url}/sync and ${url}/health`;
    console.log(`${ctx.completion
      ? `moodle-sync: serving ${url}/completion/<secret> (or ${url}/completion with "Authorization: Bearer <secret>"), ${others}`
      : `moodle-sync: serving ${others}`}; the admin page at ${url}/admin/`);
  });

program.command('preview')
  .description('without reading Moodle: the plan against an empty Moodle, what a first sync would do')
  .requiredOption('-c, --config <file>', 'configuration file')
  .option('--json', 'print the preview as JSON')
  .option('--verbose', 'list every entity, not only the problems and a few changes per component')
  .action(async (opts) => {
    const core = await loadCore();
    const config = await loadConfigFile(core, opts.config);
    if (config.settings.source.type === 'jsonapi') {
      const { plan, redact } = await previewLive(core, opts.config);
      printReport(core, plan, opts, redact);
      process.exitCode = exitCodeOf(plan);
      return;
    }
    const source = await readFileExport(config.sourcePath);
    const answer = core.call('preview', { text: config.text, file: opts.config, ...source.siteInput(), documents: source.documents });
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), { exitCode: EXIT_SETUP });
    printReport(core, answer.value, opts);
    process.exitCode = exitCodeOf(answer.value);
  });

program.command('validate')
  .description('check a configuration file and list every mistake with its JSON path')
  .requiredOption('-c, --config <file>', 'configuration file')
  .action(async (opts) => {
    const { warnings } = await loadConfigFile(await loadCore(), opts.config);
    for (const w of warnings) console.error(`${opts.config}: warning: ${w.path}: ${w.message}`);
    console.log(`${opts.config}: valid`);
  });

program.command('simulate')
  .description('serve the bundled Moodle simulator on 127.0.0.1 and print its URL and tokens as one JSON line')
  .addOption(new Option('-p, --port <n>', 'port (0 = any free port)').default(0).argParser(Number))
  .option('-s, --state <file>', 'keep the simulated site in this JSON file across restarts')
  .addOption(new Option('--max-input-vars <n>', 'PHP max_input_vars of the simulated site').default(5000).argParser(Number))
  .action(async (opts) => {
    const { runSimulateCommand } = await import('../simulator/serve-command.mjs');
    await runSimulateCommand({ port: opts.port, state: opts.state, maxInputVars: opts.maxInputVars, clock: wallClock });
  });

program.command('simulate-drupal')
  .description('serve a Drupal JSON:API simulator of an export folder on 127.0.0.1 and print its URL and credentials as one JSON line')
  .addOption(new Option('-p, --port <n>', 'port (0 = any free port)').default(0).argParser(Number))
  .requiredOption('-e, --export <dir>', 'the export folder to serve (one JSON:API document per collection, site.json)')
  .option('-s, --state <file>', 'keep the simulated site in this JSON file across restarts')
  .option('--read-only', 'JSON:API accepts only reads (PATCH answers 405)')
  .option('--cors-origin <origin>', 'let a page of this origin read the site (CORS, as Drupal\'s services.yml cors.config), e.g. the admin page\'s http://127.0.0.1:8787')
  .action(async (opts) => {
    const { runSimulateDrupalCommand } = await import('../drupal-simulator/serve-command.mjs');
    await runSimulateDrupalCommand({ port: opts.port, exportDir: opts.export, state: opts.state, readOnly: opts.readOnly, corsOrigin: opts.corsOrigin, clock: wallClock });
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  console.error(`moodle-sync: ${e.message}`);
  process.exitCode = e.exitCode ?? EXIT_SETUP;
}
