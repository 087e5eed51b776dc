// Reports for people: per entity the outcome and the changed fields (old -> new), then a summary.
const SHOWN = 60;

function short(value) {
  const text = value === undefined || value === null ? '∅' : typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…"` : text;
}

export function formatEntity(e, { dryRun = false } = {}) {
  const verb = dryRun && !['unchanged', 'ignored', 'stale', 'failed', 'skipped'].includes(e.outcome) ? `would be ${e.outcome}` : e.outcome;
  const target = e.moodle_id ? ` (moodle id ${e.moodle_id})` : '';
  const lines = [`  ${verb.padEnd(16)} ${e.resource} ${e.id || e.uuid}${target}${e.planned && e.outcome === 'blocked' ? ` — would ${e.planned}` : ''}`];
  if (e.note) lines.push(`      ${e.note}`);
  const showChanges = e.outcome !== 'unchanged' && e.outcome !== 'ignored';
  for (const [field, change] of showChanges ? Object.entries(e.changes ?? {}) : []) {
    lines.push(`      ${field}: ${short(change.old)} -> ${short(change.new)}`);
  }
  if (e.error) lines.push(`      error${e.error.class ? ` (${e.error.class})` : ''}: ${e.error.message}`);
  return lines;
}

export function formatReport(report, { verbose = true } = {}) {
  const lines = [];
  const g = report.site_guard;
  lines.push(`Site guard: ${g.writes_allowed ? 'writes allowed' : 'WRITES BLOCKED'} — ${g.reason}`);
  if (report.removal_guard && report.removal_guard.verdict !== 'pass') lines.push(`Removal guard: ${report.removal_guard.stops ? 'STOPPED' : 'allowed'} — ${report.removal_guard.message}`);
  if (report.fatal) lines.push(`Stopped: ${report.fatal.class}: ${report.fatal.message}`);
  for (const note of report.notes ?? []) lines.push(`Note: ${note}`);
  for (const c of report.causes ?? []) {
    lines.push(`Fix first: ${c.cause}; ${c.skipped} ${c.skipped === 1 ? 'entity depends on it and was' : 'entities depend on it and were'} skipped`);
  }
  let component = '';
  for (const e of report.entities) {
    if (!verbose && e.outcome === 'unchanged') continue;
    if (e.component !== component) {
      component = e.component;
      lines.push('', `== ${component}`);
    }
    lines.push(...formatEntity(e, { dryRun: report.dry_run }));
  }
  lines.push('', formatSummary(report));
  return lines;
}

export function formatSummary(report) {
  const s = report.summary;
  const rows = Object.entries(s).map(([k, v]) => `${k.padEnd(10)} ${String(v).padStart(6)}`);
  const calls = Object.entries(report.calls.by_function).map(([f, n]) => `  ${f} ${n}`);
  return [`${report.dry_run ? 'Plan (dry run, nothing written)' : 'Result'}:`, ...rows.map((r) => `  ${r}`),
    `Moodle calls: ${report.calls.total}`, ...calls].join('\n');
}
