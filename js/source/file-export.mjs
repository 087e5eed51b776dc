// Source adapter for a Drupal site export: JSON:API documents in one file or in a folder of
// `.json` files, and what the export declares of its site (`site.json`, or a bundle file's own
// keys). The core reads the site URL from that declaration and the documents' own links for the
// site guard.
// Write-backs change the documents in memory and `flush()` replaces each changed file atomically,
// keeping its mode, owner and symlinks; the journal covers the time in between.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkOwnerKept, replaceFile } from '../host/replace-file.mjs';
import { SourceError, parseExport } from './export-documents.mjs';

export { SourceError };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// The text of one export file: a wrong byte is refused, not turned into U+FFFD and written back.
async function readText(file) {
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new SourceError(`${file}: cannot read the export (${e.code ?? e.message})`);
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new SourceError(`${file}: not valid UTF-8`);
  }
}

function resourcesOf(document) {
  const list = [];
  for (const key of ['data', 'included']) {
    const v = document?.[key];
    if (Array.isArray(v)) list.push(...v);
    else if (v && typeof v === 'object') list.push(v);
  }
  return list;
}

export class FileExport {
  /**
   * @param files [{ file, json, documents: [{ name, document }] }]
   * @param declaration { where, value } | null: the object that declares the export's site, and its file
   */
  constructor(files, declaration = null) {
    this.files = files;
    this.documents = files.flatMap((f) => f.documents);
    this.declaration = declaration;
    this.dirty = new Set();
    this.index = new Map();
    for (const f of files) {
      for (const { document } of f.documents) {
        for (const r of resourcesOf(document)) {
          if (r && typeof r.type === 'string' && typeof r.id === 'string') {
            const key = `${r.type}\u0000${r.id}`;
            const list = this.index.get(key) ?? [];
            list.push({ file: f, resource: r });
            this.index.set(key, list);
          }
        }
      }
    }
  }

  /** The current value of a field of an entity, or undefined when the entity is not here. */
  fieldOf(type, uuid, field) {
    const found = this.index.get(`${type}\u0000${uuid}`);
    return found ? found[0].resource.attributes?.[field] : undefined;
  }

  /** Sets a field on every copy of the entity (data and included); returns false if not found. */
  writeBack(type, uuid, field, value) {
    const found = this.index.get(`${type}\u0000${uuid}`);
    if (!found) return false;
    for (const { file, resource } of found) {
      resource.attributes ??= {};
      resource.attributes[field] = value;
      this.dirty.add(file);
    }
    return true;
  }

  /** Sets several fields on every copy of the entity (a completion's write); returns false if not found. */
  setFields(type, uuid, fields) {
    return Object.entries(fields).every(([field, value]) => this.writeBack(type, uuid, field, value));
  }

  /** What the core needs to know where the export comes from. */
  siteInput() {
    return this.declaration ? { site_declaration: this.declaration } : {};
  }

  /** Throws a SourceError, before the sync writes anywhere, when a file could not be rewritten keeping its owner. */
  async checkOwnersKept() {
    for (const f of this.files) {
      try {
        await checkOwnerKept(f.file);
      } catch (e) {
        // The owner error names the file already; a system error is named here.
        throw new SourceError(e.code ? `${f.file}: cannot be rewritten with the moodle ids (${e.code})` : e.message);
      }
    }
  }

  async flush() {
    for (const f of this.dirty) await replaceFile(f.file, `${JSON.stringify(f.json, null, 1)}\n`);
    this.dirty.clear();
  }
}

/** Reads an export file or folder. */
export async function readFileExport(exportPath) {
  let info;
  try {
    info = await stat(exportPath);
  } catch {
    throw new SourceError(`${exportPath}: the export does not exist`);
  }
  // The documents are named by their path: the same names as the files the sync rewrites.
  let parsed;
  if (info.isDirectory()) {
    const base = path.join(exportPath);
    const names = (await readdir(exportPath)).filter((n) => n.endsWith('.json')).sort();
    // A folder without a document is refused before any file is read.
    if (!names.some((n) => n !== 'site.json')) parseExport([], { base, layout: 'folder' });
    const files = [];
    for (const name of names) files.push({ name, text: await readText(path.join(base, name)) });
    parsed = parseExport(files, { base, layout: 'folder' });
  } else {
    parsed = parseExport([{ name: exportPath, text: await readText(exportPath) }], { layout: 'auto' });
  }
  const files = parsed.files.map((f) => ({ file: f.name, json: f.json, documents: f.documents }));
  return new FileExport(files, parsed.declaration);
}
