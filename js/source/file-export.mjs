// Source adapter for a Drupal site export: JSON:API documents in one file or in a folder of
// `.json` files, and what the export declares of its site (`site.json`, or a bundle file's own
// keys). The core reads the site URL from that declaration and the documents' own links for the
// site guard.
// Write-backs change the documents in memory and `flush()` replaces each changed file atomically,
// keeping its mode, owner and symlinks; the journal covers the time in between.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkOwnerKept, replaceFile } from '../host/replace-file.mjs';

export class SourceError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SourceError';
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// JSON may escape half of a UTF-16 pair ("\\ud800"): such a string is not text and cannot be sent.
function hasLoneSurrogate(value) {
  if (typeof value === 'string') return !value.isWellFormed();
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => !k.isWellFormed() || hasLoneSurrogate(v));
  return false;
}

async function readJson(file) {
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new SourceError(`${file}: cannot read the export (${e.code ?? e.message})`);
  }
  let text;
  try {
    text = strictUtf8.decode(bytes);  // a wrong byte is refused, not turned into U+FFFD and written back
  } catch {
    throw new SourceError(`${file}: not valid UTF-8`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${file}: not valid JSON (${e.message})`);
  }
  if (/\\u[dD][89a-fA-F]/.test(text) && hasLoneSurrogate(json)) {
    throw new SourceError(`${file}: holds a lone UTF-16 surrogate (\\uD800-\\uDFFF), which is not text`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new SourceError(`${file}: expected a JSON object (a JSON:API document${file.endsWith('site.json') ? ' or {"site_url": ...}' : ''})`);
  }
  return json;
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
  const files = [];
  let declaration = null;
  if (info.isDirectory()) {
    const names = (await readdir(exportPath)).filter((n) => n.endsWith('.json')).sort();
    if (!names.some((n) => n !== 'site.json')) throw new SourceError(`${exportPath}: the export folder holds no JSON:API document (.json file)`);
    for (const name of names) {
      const file = path.join(exportPath, name);
      const json = await readJson(file);
      if (name === 'site.json') declaration = { where: file, value: json };
      else files.push({ file, json, documents: [{ name: file, document: json }] });
    }
  } else {
    const json = await readJson(exportPath);
    if (Array.isArray(json.documents)) {
      const { documents, ...ownKeys } = json;  // the documents are sent on their own
      declaration = { where: exportPath, value: ownKeys };
      files.push({ file: exportPath, json, documents: json.documents.map((document, i) => ({ name: `${exportPath}#documents[${i}]`, document })) });
    } else {
      files.push({ file: exportPath, json, documents: [{ name: exportPath, document: json }] });
    }
  }
  return new FileExport(files, declaration);
}
