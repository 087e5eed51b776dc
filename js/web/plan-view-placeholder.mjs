// A plain rendering of a plan, used only when the full plan view cannot be loaded: the count of
// entities per component and outcome.

export function renderPlanView(root, { plan, digest }) {
  const table = document.createElement('table');
  table.id = 'summary';
  const caption = document.createElement('caption');
  caption.textContent = `${plan.entities?.length ?? 0} entities`;
  table.append(caption);
  for (const { component, total, outcomes } of digest.summary ?? []) {
    const row = table.insertRow();
    row.insertCell().textContent = component;
    row.insertCell().textContent = `${total}: ${Object.entries(outcomes ?? {}).map(([o, n]) => `${n} ${o}`).join(', ')}`;
  }
  root.replaceChildren(table);
  return { destroy: () => root.replaceChildren() };
}
