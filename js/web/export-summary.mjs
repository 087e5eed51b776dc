// The status line of a chosen export: how many files and entities it holds, or what is wrong with
// it, named by file. The files are parsed as the command line parses an export; what the entities
// mean is the core's business when planning.
import { parseExport } from '../source/export-documents.mjs';

const isJournal = (name) => name.endsWith('.moodle-sync-journal.jsonl');

// A document's primary data: the entities it lists ("included" ones are only references).
function entitiesOf(document) {
  const data = document?.data;
  if (Array.isArray(data)) return data.length;
  return data && typeof data === 'object' ? 1 : 0;
}

/** "N files, M entities" for [{name, text}]; throws an Error naming the file that is wrong. */
export function describeExport(files) {
  const { documents } = parseExport(files.filter((f) => !isJournal(f.name)));
  const entities = documents.reduce((n, d) => n + entitiesOf(d.document), 0);
  const journal = files.some((f) => isJournal(f.name));
  const n = files.length;
  return `${n} ${n === 1 ? 'file' : 'files'}, ${entities} ${entities === 1 ? 'entity' : 'entities'}${journal ? ', with a journal' : ''}`;
}
