// The documents of a Drupal site export, from the text of its files: a folder of `.json` files
// (one JSON:API document each, and `site.json`, the site's declaration) or one bundle file whose
// `documents` holds them. No file system here: the CLI reads the files from disk, the browser page
// from what the user opened; both hand their text to parseExport and get the same documents and
// the same errors.

import { cutTooDeep } from './json-depth.mjs';
import { scanDocumentResources } from './export-scan.mjs';
import { textOf } from './json-text.mjs';

export class SourceError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SourceError';
  }
}

// JSON may escape half of a UTF-16 pair ("\\ud800"): such a string is not text and cannot be sent.
function hasLoneSurrogate(value) {
  if (typeof value === 'string') return !value.isWellFormed();
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => !k.isWellFormed() || hasLoneSurrogate(v));
  return false;
}

/**
 * The JSON object in `source` (the file `name`: its text, or its UTF-8 bytes); throws a
 * SourceError naming the file.
 */
export function parseExportFile(name, source) {
  const text = textOf(source);
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${name}: not valid JSON (${e.message})`);
  }
  cutTooDeep(json);  // the core then refuses the entity that held it, by name
  if (/\\u[dD][89a-fA-F]/.test(text) && hasLoneSurrogate(json)) {
    throw new SourceError(`${name}: holds a lone UTF-16 surrogate (\\uD800-\\uDFFF), which is not text`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new SourceError(`${name}: expected a JSON object (a JSON:API document${name.endsWith('site.json') ? ' or {"site_url": ...}' : ''})`);
  }
  return json;
}

const joinName = (base, name) => (base ? `${base.replace(/\/+$/, '')}/${name}` : name);

/**
 * The export held by `files` ([{name, text}]; `text` already decoded as strict UTF-8 by the caller,
 * or its bytes already checked to be strict UTF-8).
 * `layout`: 'folder' (each file one document, `site.json` the declaration), 'bundle' (the one file
 * holds `documents`) or 'auto' (a single file with a `documents` array is a bundle). `base`: what
 * each name is shown under (the CLI passes the export folder, so documents are named by their path).
 * Returns {documents: [{name, document}], declaration: {where, value} | null, files: [{name, text, json,
 * documents, bundle?}]}; throws a SourceError naming the file.
 */
export function parseExport(files, options = {}) {
  return readExport(files, options, parsedFile);
}

/**
 * The same export for a host that holds it as its files' text: a plain document file is only
 * scanned for its resources ({name, text, resources: [{type, id}]}, see export-scan.mjs), never
 * parsed into objects; any other file is as parseExport gives it. Returns {declaration, files}.
 */
export function indexExport(files, options = {}) {
  const { declaration, files: read } = readExport(files, options, indexedFile);
  return { declaration, files: read };
}

const parsedFile = (name, text) => {
  const json = parseExportFile(name, text);
  return { name, text, json, documents: [{ name, document: json }] };
};

const indexedFile = (name, text) => {
  const resources = scanDocumentResources(text);
  return resources ? { name, text, resources } : parsedFile(name, text);
};

function readExport(files, { base = '', layout = 'auto' }, documentFile) {
  const named = files.map((f) => ({ name: joinName(base, f.name), own: f.name, text: f.text }));
  if (layout !== 'folder' && named.length === 1) {
    const [{ name, text }] = named;
    if (layout === 'bundle') return bundleExport(name, parseExportFile(name, text), text);
    const file = documentFile(name, text);
    if (file.json && Array.isArray(file.json.documents)) return bundleExport(name, file.json, text);
    return exportOf([file], null);
  }
  const jsonFiles = named.filter((f) => f.own.endsWith('.json')).sort((a, b) => (a.own < b.own ? -1 : a.own > b.own ? 1 : 0));
  if (!jsonFiles.some((f) => f.own !== 'site.json')) {
    throw new SourceError(`${base || 'the export'}: the export folder holds no JSON:API document (.json file)`);
  }
  const parsed = [];
  let declaration = null;
  for (const { name, own, text } of jsonFiles) {
    if (own === 'site.json') declaration = { where: name, value: parseExportFile(name, text) };
    else parsed.push(documentFile(name, text));
  }
  return exportOf(parsed, declaration);
}

// One file that carries every document under `documents`; its other keys declare the site.
function bundleExport(name, json, text) {
  if (!Array.isArray(json.documents)) throw new SourceError(`${name}: expected "documents": [JSON:API documents] in a bundle file`);
  const { documents, ...ownKeys } = json;  // the documents are sent on their own
  const file = { name, text, bundle: true, json, documents: documents.map((document, i) => ({ name: `${name}#documents[${i}]`, document })) };
  return exportOf([file], { where: name, value: ownKeys });
}

function exportOf(files, declaration) {
  return { documents: files.flatMap((f) => f.documents ?? []), declaration, files };
}
