// Source adapter for a Drupal site export: JSON:API documents in one file or in a folder of
// `.json` files, and the site's URL (from `site.json`, a bundle's `site_url`, or the documents'
// own `links.self.href`), which the site guard checks.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export class SourceError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SourceError';
  }
}

async function readJson(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SourceError(`${file}: cannot read the export (${e.code ?? e.message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${file}: not valid JSON (${e.message})`);
  }
}

function siteFromLinks(documents) {
  for (const { document } of documents) {
    const href = document?.links?.self?.href;
    if (typeof href === 'string') {
      const at = href.indexOf('/jsonapi');
      if (at > 0) return href.slice(0, at);
    }
  }
  return '';
}

/** Reads an export: `{ siteUrl, documents: [{ name, document }] }`. */
export async function readFileExport(exportPath) {
  let info;
  try {
    info = await stat(exportPath);
  } catch {
    throw new SourceError(`${exportPath}: the export does not exist`);
  }
  const documents = [];
  let siteUrl = '';
  if (info.isDirectory()) {
    const names = (await readdir(exportPath)).filter((n) => n.endsWith('.json')).sort();
    for (const name of names) {
      const file = path.join(exportPath, name);
      const json = await readJson(file);
      if (name === 'site.json') siteUrl = typeof json.site_url === 'string' ? json.site_url : '';
      else documents.push({ name: file, document: json });
    }
  } else {
    const json = await readJson(exportPath);
    if (Array.isArray(json.documents)) {
      siteUrl = typeof json.site_url === 'string' ? json.site_url : '';
      json.documents.forEach((document, i) => documents.push({ name: `${exportPath}#documents[${i}]`, document }));
    } else {
      documents.push({ name: exportPath, document: json });
    }
  }
  return { siteUrl: siteUrl || siteFromLinks(documents), documents };
}
