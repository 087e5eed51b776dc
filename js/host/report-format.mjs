// Reports for people, rendered from the core's digest of a run's report (`digest_report`): the site
// guard, the summary per component, the problems grouped by cause, then the changes per component
// (old -> new), collapsed past a few entries unless `verbose`. What to show and in which order is
// the core's; this file only lays it out.
const SHOWN = 60;

function short(value) {
  const text = value === undefined || value === null ? '∅' : JSON.stringify(value);
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…"` : text;
}

const QUIET = new Set(['unchanged', 'ignored', 'stale', 'failed', 'skipped', 'postponed']);
const verbOf = (outcome, dryRun) => (dryRun && !QUIET.has(outcome) ? `would be ${outcome}` : outcome);
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function entryLines(entry, dryRun) {
  const target = entry.moodle_id ? ` (moodle id ${entry.moodle_id})` : '';
  const planned = entry.planned && entry.outcome === 'blocked' ? ` — would ${entry.planned}` : '';
  const lines = [`  ${verbOf(entry.outcome, dryRun).padEnd(16)} ${entry.label}${target}${planned}`];
  if (entry.note) lines.push(`      ${entry.note}`);
  for (const c of entry.changes) lines.push(`      ${c.field}: ${short(c.old)} -> ${short(c.new)}`);
  return lines;
}

function summaryLines(digest) {
  const lines = [`${digest.dry_run ? 'Plan (dry run, nothing written)' : 'Result'}:`];
  const width = Math.max(10, ...digest.summary.map((c) => c.component.length));
  for (const c of digest.summary) {
    const counts = Object.entries(c.outcomes).map(([outcome, n]) => `${n} ${verbOf(outcome, digest.dry_run)}`).join(', ');
    lines.push(`  ${c.component.padEnd(width)} ${String(c.total).padStart(6)}  ${counts}`);
  }
  if (!digest.summary.length) lines.push('  no entity');
  const calls = Object.entries(digest.calls.by_function ?? {}).map(([f, n]) => `${f} ${n}`).join(', ');
  lines.push(`Moodle calls: ${digest.calls.total ?? 0}${calls ? ` (${calls})` : ''}`);
  const planned = digest.dry_run ? digest.planned_calls : undefined;
  if (planned) {
    const writes = Object.entries(planned.by_function).map(([f, c]) => `${f} ${c.requests}/${c.items}`).join(', ');
    lines.push(`Moodle calls a sync would make: ${planned.total}${writes ? ` (requests/items: ${writes})` : ''}`);
  }
  return lines;
}

function problemLines(digest) {
  if (!digest.problems.length) return [];
  const lines = ['', '== Problems'];
  for (const p of digest.problems) {
    lines.push(`  ${plural(p.count, 'entity', 'entities')} ${p.outcome}: ${p.cause}`);
    if (p.example) lines.push(`      e.g. ${p.example}`);
    lines.push(`      ${p.entities.join(', ')}${p.more ? `, and ${p.more} more` : ''}`);
  }
  const more = digest.more_problems;
  if (more?.causes) lines.push(`  and ${plural(more.causes, 'other cause', 'other causes')} (${plural(more.entities, 'entity', 'entities')}): --verbose lists them`);
  return lines;
}

function changeLines(digest) {
  const lines = [];
  for (const block of digest.changes) {
    lines.push('', `== ${block.component}`);
    for (const entry of block.entries) lines.push(...entryLines(entry, digest.dry_run));
    if (block.more) {
      const by = Object.entries(block.more_by_outcome).map(([o, n]) => `${n} ${verbOf(o, digest.dry_run)}`).join(', ');
      lines.push(`  ... and ${block.more} more (${by}): --verbose lists them`);
    }
  }
  return lines;
}

/** Lines of text for a digest of the core (`core.call('digest_report', {report, verbose})`). */
export function formatDigest(digest) {
  const g = digest.site_guard;
  const lines = [`Site guard: ${g.writes_allowed ? 'writes allowed' : 'WRITES BLOCKED'} — ${g.reason}`];
  const removals = digest.removal_guard;
  if (removals) lines.push(`Removal guard: ${removals.stops ? 'STOPPED, nothing was written' : 'allowed'} — ${removals.message}`);
  if (digest.fatal) lines.push(`Stopped: ${digest.fatal.class}: ${digest.fatal.message}`);
  if (digest.stopped) lines.push(`Stopped by its time budget after ${digest.stopped.spent_ms} ms: run again to continue`);
  for (const note of digest.notes ?? []) lines.push(`Note: ${note}`);
  lines.push('', ...summaryLines(digest), ...problemLines(digest), ...changeLines(digest));
  return lines;
}

/** Lines of text for a run's report: short by default, every entity when `verbose`. */
export function formatReport(core, report, { verbose = false } = {}) {
  const answer = core.digestReport(report, verbose);
  if (!answer.ok) throw new Error(answer.error.message);
  return formatDigest(answer.value);
}
