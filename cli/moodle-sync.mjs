#!/usr/bin/env node
// The moodle-sync command. Each subcommand is a thin host around the core: it reads files and
// the environment, asks the core, and prints; exit codes: 0 done, 1 some entities failed,
// 2 configuration, credentials or guard problems.
import { Command, Option } from 'commander';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../js/core.mjs';
import { loadConfigFile } from '../js/host/config-file.mjs';
import { readFileExport } from '../js/source/file-export.mjs';
import { formatPreview } from '../js/host/preview-report.mjs';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../examples/northfield/moodle-sync.json', import.meta.url));
const EXIT_SETUP = 2;

async function previewFromConfig(configFile) {
  const core = await loadCore();
  const config = await loadConfigFile(core, configFile);
  const source = await readFileExport(config.sourcePath);
  return core.call('preview', { text: config.text, file: configFile, site_url: source.siteUrl, documents: source.documents });
}

function printPreview(answer, asJson) {
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { exitCode: EXIT_SETUP });
  if (asJson) console.log(JSON.stringify(answer.value, null, 2));
  else console.log(formatPreview(answer.value).join('\n'));
  return answer.value.summary.failed > 0 ? 1 : 0;
}

const program = new Command()
  .name('moodle-sync')
  .description('Keeps a Moodle LMS in step with a Drupal site through Moodle\'s web-service REST API.')
  .showHelpAfterError();

program.command('demo')
  .description('preview the bundled example site (examples/northfield): every entity, its action and the Moodle calls')
  .option('--json', 'print the preview as JSON')
  .action(async (opts) => {
    console.log(`Example site: ${EXAMPLE_CONFIG}\n`);
    process.exitCode = printPreview(await previewFromConfig(EXAMPLE_CONFIG), opts.json);
  });

program.command('preview')
  .description('dry run without reading Moodle: map every entity and show the calls a first sync would make')
  .requiredOption('-c, --config <file>', 'configuration file')
  .option('--json', 'print the preview as JSON')
  .action(async (opts) => {
    process.exitCode = printPreview(await previewFromConfig(opts.config), opts.json);
  });

program.command('validate')
  .description('check a configuration file and list every mistake with its JSON path')
  .requiredOption('-c, --config <file>', 'configuration file')
  .action(async (opts) => {
    await loadConfigFile(await loadCore(), opts.config);
    console.log(`${opts.config}: valid`);
  });

program.command('simulate')
  .description('serve the bundled Moodle simulator on 127.0.0.1 and print its URL and tokens as one JSON line')
  .addOption(new Option('-p, --port <n>', 'port (0 = any free port)').default(0).argParser(Number))
  .option('-s, --state <file>', 'keep the simulated site in this JSON file across restarts')
  .addOption(new Option('--max-input-vars <n>', 'PHP max_input_vars of the simulated site').default(5000).argParser(Number))
  .action(async (opts) => {
    const { runSimulateCommand } = await import('../js/simulator/serve-command.mjs');
    await runSimulateCommand({ port: opts.port, state: opts.state, maxInputVars: opts.maxInputVars });
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  console.error(`moodle-sync: ${e.message}`);
  process.exitCode = e.exitCode ?? EXIT_SETUP;
}
