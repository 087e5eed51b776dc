// The bundled example, offered when the page is served by `moodle-sync serve` without a
// configuration: the example's configuration and export (GET ../example.json) and the bundled
// simulator's token (GET ../example-token), which is handed back to the caller and never shown.

/** {configText, configName, files: [{name, text}]} when the server offers the example, else null. */
export async function findExample(pageUrl) {
  try {
    const answer = await fetch(new URL('../example.json', pageUrl), { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!answer.ok) return null;
    const example = await answer.json();
    const usable = typeof example?.configText === 'string' && Array.isArray(example.files)
      && example.files.every((f) => typeof f?.name === 'string' && typeof f?.text === 'string');
    return usable ? { configName: 'moodle-sync.json', ...example } : null;
  } catch {
    return null;  // a static deployment has no example: the button stays hidden
  }
}

/** The bundled simulator's token, or null when the server gives none. */
export async function fetchExampleToken(pageUrl) {
  const answer = await fetch(new URL('../example-token', pageUrl), { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!answer.ok) return null;
  const { token } = await answer.json();
  return typeof token === 'string' && token !== '' ? token : null;
}
