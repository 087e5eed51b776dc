// The status line of a chosen export: how many files and entities it holds, or what is wrong with
// it, named by file. Only counts: what the entities mean is the core's business when planning.

const isJournal = (name) => name.endsWith('.moodle-sync-journal.jsonl');

function parseDocument({ name, text }) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not valid JSON (${e.message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`${name}: expected a JSON object (a JSON:API document${name === 'site.json' ? ' or {"site_url": ...}' : ''})`);
  }
  return json;
}

// A document's primary data: the entities it lists ("included" ones are only references).
function entitiesOf(document) {
  const data = document?.data;
  if (Array.isArray(data)) return data.length;
  return data && typeof data === 'object' ? 1 : 0;
}

/** "N files, M entities" for [{name, text}]; throws an Error naming the file that is wrong. */
export function describeExport(files) {
  let entities = 0;
  let journal = false;
  for (const file of files) {
    if (isJournal(file.name)) {
      journal = true;
      continue;
    }
    const json = parseDocument(file);
    if (file.name === 'site.json') continue;
    entities += Array.isArray(json.documents) ? json.documents.reduce((n, d) => n + entitiesOf(d), 0) : entitiesOf(json);
  }
  const n = files.length;
  return `${n} ${n === 1 ? 'file' : 'files'}, ${entities} ${entities === 1 ? 'entity' : 'entities'}${journal ? ', with a journal' : ''}`;
}
