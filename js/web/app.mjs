// The admin page: wires the inputs to the planner (which alone talks to the core and the network)
// and shows its answer. Secrets (the Moodle token, the Drupal password) are read from their fields
// only when Plan is submitted, the fields are emptied at once, and the values live on only in this
// closure and the planner: never in storage, a URL, the DOM or the console.
import { createConfigEditor } from './config-editor.mjs';
import { createExportInput } from './export-input.mjs';
import { describeExport } from './export-summary.mjs';
import { showSiteGuard } from './site-guard-view.mjs';
import { createProgress } from './progress-view.mjs';
import { showRunError } from './run-error-view.mjs';
import { downloadText, PLAN_FILENAME } from './plan-download.mjs';
import { findExample, fetchExampleToken } from './bundled-example.mjs';
import { renderPlanView } from './plan-view/plan-view.mjs';

const $ = (id) => document.getElementById(id);
const pageUrl = location.href;

let running = false;  // a plan is being made

const progress = createProgress($('progress'), $('progress-text'));
progress.start('Loading the core…');

// Loaded on demand so that the page still says what went wrong if the core cannot start here.
const plannerReady = import('./planner-client.mjs').then(({ Planner }) => Planner.start());
plannerReady.then(
  () => running || progress.finish('Ready.'),
  (e) => {
    progress.finish('');
    showRunError($('run-error'), { class: 'input', message: `the planner could not start in this browser: ${e.message}` });
  },
);

const configEditor = createConfigEditor(
  { textarea: $('config-text'), fileInput: $('config-file'), status: $('config-status'), issues: $('config-issues') },
  {
    validate: async (text, name) => (await plannerReady).validate(text, name),
    onReplaced: () => forgetExampleToken(),
  },
);
plannerReady.then(() => configEditor.check(), () => {});

const exportInput = createExportInput(
  { filesInput: $('export-files'), folderInput: $('export-folder'), dropZone: $('drop-zone'), status: $('export-status') },
  { describe: describeExport },
);

// Where Drupal's content comes from: an export, or a live Drupal read directly or through the proxy.
const drupalMode = $('drupal-mode');
function showDrupalMode() {
  const live = drupalMode.value !== 'none';
  $('export-inputs').hidden = live;
  $('drupal-credentials').hidden = !live;
}
drupalMode.addEventListener('change', showDrupalMode);
showDrupalMode();

// The bundled example's simulator token: fetched into this variable, never into the page.
let exampleToken = null;
function forgetExampleToken() {
  exampleToken = null;
  $('example-token-note').hidden = true;
}
$('forget-example-token').addEventListener('click', () => {
  forgetExampleToken();
  $('moodle-token').focus();
});

findExample(pageUrl).then((example) => {
  if (!example) return;
  const button = $('example-button');
  button.hidden = false;
  button.addEventListener('click', async () => {
    drupalMode.value = 'none';
    showDrupalMode();
    configEditor.setText(example.configText, example.configName);
    exportInput.setFiles(example.files, 'the bundled example');
    try {
      exampleToken = await fetchExampleToken(pageUrl);
    } catch {
      exampleToken = null;
    }
    $('example-token-note').hidden = exampleToken === null;
    $('plan-button').focus();
  });
});

let planView = null;
let planJson = null;

function clearPlan() {
  planView?.destroy();
  planView = null;
  planJson = null;
  $('download-plan').disabled = true;
  $('plan-empty').hidden = false;
}

function showPlan({ plan, digest, planJson: json }) {
  planView = renderPlanView($('plan-view'), { plan, digest });
  planJson = json;
  $('plan-empty').hidden = true;
  $('download-plan').disabled = false;
  showSiteGuard($('site-guard'), digest.site_guard, digest.removal_guard);
}

// Reads each secret once, empties its field, and hands back what was typed.
function takeSecret(input) {
  const value = input.value;
  input.value = '';
  return value;
}

// The journal of the last sync, as the CLI reads it beside the export or the configuration: it
// holds the ids not yet written back and, for a live Drupal, what changed since the last run.
const JOURNAL_NAME = 'moodle-sync.moodle-sync-journal.jsonl';  // the suffix tells the planner what it is
let journalFile = null;
$('journal-file').addEventListener('change', async () => {
  const file = $('journal-file').files?.[0];
  const status = $('journal-status');
  journalFile = null;
  if (!file) {
    status.textContent = 'No journal chosen: the plan is made as if no sync had run.';
    return;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    journalFile = { name: JOURNAL_NAME, text };
    const records = text.split('\n').filter((line) => line.trim()).length;
    status.textContent = `${file.name}: ${records} ${records === 1 ? 'record' : 'records'}, used by the next plan.`;
  } catch {
    status.textContent = `${file.name}: not valid UTF-8; no journal is used.`;
  }
});

/** The export's files (or none, for a live Drupal) with the chosen journal in place of any other. */
function withJournal(files) {
  if (!journalFile) return files;
  return [...(files ?? []).filter((f) => !f.name.endsWith('.moodle-sync-journal.jsonl')), journalFile];
}

function drupalInput(password) {
  if (drupalMode.value === 'none') return null;
  const username = $('drupal-username').value.trim();
  return { via: drupalMode.value, ...(username ? { username, password } : {}) };
}

$('plan-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (running) return;  // the secrets stay in their fields for the next Plan
  const token = takeSecret($('moodle-token')) || exampleToken;
  const drupalPassword = takeSecret($('drupal-password'));
  running = true;
  const button = $('plan-button');
  // aria-disabled rather than disabled: a keyboard user's focus stays on the button.
  button.setAttribute('aria-disabled', 'true');
  document.body.dataset.planState = 'running';
  showRunError($('run-error'), null);
  showSiteGuard($('site-guard'), null);
  clearPlan();
  progress.start('Starting…');
  try {
    const planner = await plannerReady;
    const files = drupalMode.value === 'none' ? await exportInput.files() : null;
    // An export that could not be read says why (its file named), not that none was given.
    const exportStatus = $('export-status');
    if (drupalMode.value === 'none' && !files && exportStatus.dataset.state === 'error') {
      throw Object.assign(new Error(exportStatus.textContent), { planError: { class: 'export', message: exportStatus.textContent } });
    }
    const answer = await planner.plan({
      configText: configEditor.text(),
      configName: configEditor.name(),
      files: withJournal(files),
      drupal: drupalInput(drupalPassword),
      moodle: token ? { token } : null,
    }, (update) => progress.update(update));
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), { planError: answer.error });
    showPlan(answer);
    const n = answer.plan.entities?.length ?? 0;
    progress.finish(`Plan ready: ${n} ${n === 1 ? 'entity' : 'entities'}${token ? ', against the Moodle read' : ', against an empty Moodle'}.`);
    document.body.dataset.planState = 'done';
  } catch (e) {
    showRunError($('run-error'), e.planError ?? { class: 'input', message: e.message });
    progress.finish('The plan could not be made.');
    document.body.dataset.planState = 'error';
  } finally {
    running = false;
    button.removeAttribute('aria-disabled');
  }
});

$('download-plan').addEventListener('click', () => {
  if (planJson !== null) downloadText(planJson, PLAN_FILENAME);
});
