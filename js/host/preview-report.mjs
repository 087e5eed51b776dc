// A preview as people read it: per component the entities with their action, then the calls.
const BODY_SHOWN = 220;

function entityLine(row) {
  const action = row.action.padEnd(7);
  const target = row.moodle_id ? ` -> moodle id ${row.moodle_id}` : row.idnumber ? ` as ${row.idnumber}` : '';
  let line = `  ${action} ${row.entity}${target}`;
  if (row.reason) line += `  (${row.reason})`;
  for (const issue of row.issues ?? []) line += `\n            ${issue.field}: ${issue.message}`;
  return line;
}

/** Lines of text for a preview answer of the core. */
export function formatPreview(preview) {
  const lines = [];
  const guard = preview.site_guard;
  lines.push(`Site guard: ${guard.writes_allowed ? 'writes allowed' : 'WRITES BLOCKED'} (${guard.reason})`);
  for (const c of preview.components) {
    lines.push('', `== ${c.component} (${c.entity_type}): ${c.entities.length} entities`);
    for (const row of c.entities) lines.push(entityLine(row));
    for (const call of c.calls) {
      const body = call.body.length > BODY_SHOWN ? `${call.body.slice(0, BODY_SHOWN)}… (${call.body.length} bytes)` : call.body;
      lines.push(`  call ${call.wsfunction}: ${call.items} items, ${call.variables} variables`, `       ${body}`);
    }
  }
  const s = preview.summary;
  lines.push('', `Summary: ${s.create} to create, ${s.update} to update, ${s.ignore} ignored, ${s.waiting} waiting for another entity, ${s.failed} with errors`);
  return lines;
}
