// Source adapter for a Drupal site export: JSON:API documents in one file or in a folder of
// `.json` files, and what the export declares of its site (`site.json`, or a bundle file's own
// keys). The core reads the site URL from that declaration and the documents' own links for the
// site guard.
// The export is held as its files' text as read, in UTF-8 bytes: half the memory of a string once
// a file holds any character beyond Latin-1, and the core takes them as they are (json-text.mjs
// reads them). Write-backs are kept beside it and `flush()`
// replaces each changed file atomically (keeping its mode, owner and symlinks) by that text with
// every value written so far changed, written in parts: a flush makes no new copy of the file's
// text, so a run that flushes a large file many times leaves no copies of it behind. The journal
// covers the time between flushes.
import { isUtf8 } from 'node:buffer';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkOwnerKept, replaceFile } from '../host/replace-file.mjs';
import { SourceError, indexExport } from './export-documents.mjs';
import { cutTooDeep, wasCut } from './json-depth.mjs';
import { editedParts, forEachResource, resourceEditsAt, rewriteExportParts } from './export-rewrite.mjs';
import { textOf } from './json-text.mjs';

export { SourceError };

const BYTE_ORDER_MARK = Uint8Array.of(0xef, 0xbb, 0xbf);

// The text of one export file, as its UTF-8 bytes: a wrong byte is refused, not turned into U+FFFD
// and written back. A byte order mark is not part of the JSON text: it is left out here (the text's
// bytes are then noted in `marked`), and a flush writes it back in front of the text.
async function readText(file, marked) {
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new SourceError(`${file}: cannot read the export (${e.code ?? e.message})`);
  }
  if (!isUtf8(bytes)) throw new SourceError(`${file}: not valid UTF-8`);
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) return bytes;
  const text = bytes.subarray(3);
  marked.add(text);
  return text;
}

// The resources of a parsed document, as a scanned file lists them.
function resourcesOf(document) {
  const list = [];
  for (const key of ['data', 'included']) {
    const v = document?.[key];
    if (Array.isArray(v)) list.push(...v);
    else if (v && typeof v === 'object') list.push(v);
  }
  return list.filter((r) => r && typeof r.type === 'string' && typeof r.id === 'string');
}

const keyOf = (type, uuid) => `${type}\u0000${uuid}`;

export class FileExport {
  /**
   * @param files [{ file, text, bundle, resources: [{ type, id }] } or { file, text, bundle, documents:
   *   [{ name, document }] }]: the file's resources, or its parsed documents (a bundle, an unusual
   *   file), which are only indexed, never kept: the export is held as its text alone
   * @param declaration { where, value } | null: the object that declares the export's site, and its file
   */
  constructor(files, declaration = null) {
    this.declaration = declaration;
    this.dirty = new Set();
    // type -> uuid -> the file that holds a copy of the entity, or the files when several do. By
    // type, then uuid: a key made of both, and a list for each entity, took a people site's
    // export 5 MB more than the uuids themselves.
    this.index = new Map();
    this.files = files.map((f) => {
      // A file with a value cut for its depth is handed to the core parsed and cut, never as its text.
      const documents = f.documents ?? [];
      const deep = documents.some((d) => wasCut(d.document));
      const held = { file: f.file, text: f.text, marked: f.marked ?? false, bundle: f.bundle, deep, names: f.documents ? documents.map((d) => d.name) : [f.file], pending: new Map(),
        starts: null, edits: new Map(), changed: new Set() };
      for (const r of f.resources ?? documents.flatMap((d) => resourcesOf(d.document))) {
        let byUuid = this.index.get(r.type);
        if (!byUuid) this.index.set(r.type, (byUuid = new Map()));
        const there = byUuid.get(r.id);
        if (there === undefined) byUuid.set(r.id, held);
        else if (Array.isArray(there)) {
          if (!there.includes(held)) there.push(held);
        } else if (there !== held) byUuid.set(r.id, [there, held]);
      }
      return held;
    });
  }

  // A file's text with every write-back of this run: the text as held, or its parts in order.
  #currentText(f) {
    if (f.pending.size === 0) return f.text;
    return rewriteExportParts(f.text, (type, uuid) => f.pending.get(keyOf(type, uuid)), { bundle: f.bundle });
  }

  /** The documents as objects ([{name, document}]), parsed from the text on each call. */
  get documents() {
    return this.files.flatMap((f) => {
      const json = JSON.parse(textOf(this.#currentText(f)));
      if (f.deep || f.bundle) cutTooDeep(json);
      const documents = f.bundle ? json.documents : [json];
      return documents.map((document, i) => ({ name: f.names[i], document }));
    });
  }

  /**
   * The documents as the core's engine takes them: a file's text as it is ({name, text}, its bytes
   * or their parts with the values written), handed over without being parsed here; the documents
   * of a bundle file as objects.
   */
  engineDocuments() {
    return this.files.flatMap((f) => {
      if (!f.bundle && !f.deep) return [{ name: f.names[0], text: this.#currentText(f) }];
      const json = JSON.parse(textOf(this.#currentText(f)));
      cutTooDeep(json);  // the core then refuses the entity that held the value, by name
      return (f.bundle ? json.documents : [json]).map((document, i) => ({ name: f.names[i], document }));
    });
  }

  /** Sets a field on every copy of the entity (data and included); returns false if not found. */
  writeBack(type, uuid, field, value) {
    const found = this.index.get(type)?.get(uuid);
    if (!found) return false;
    for (const f of Array.isArray(found) ? found : [found]) {
      const fields = f.pending.get(keyOf(type, uuid)) ?? {};
      fields[field] = value;
      f.pending.set(keyOf(type, uuid), fields);
      f.changed.add(keyOf(type, uuid));
      this.dirty.add(f);
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

  // Only the written values change in a file: every other byte is kept as it was. The values
  // written stay pending: each flush writes the text as read with all of them.
  async flush() {
    for (const f of this.dirty) await replaceFile(f.file, [...(f.marked ? [BYTE_ORDER_MARK] : []), ...editedParts(f.text, this.#editsOf(f))]);
    this.dirty.clear();
  }

  // The edits of every value written so far: the file's text is read for its resources' places
  // once, and only the entities written since the last flush are edited again (reading the whole
  // text at every flush made most of a long sync's garbage). The same edits as
  // rewriteExportParts makes.
  #editsOf(f) {
    if (!f.starts) {
      f.starts = new Map();
      forEachResource(f.text, (type, uuid, at) => {
        const starts = f.starts.get(keyOf(type, uuid));
        if (starts) starts.push(at);
        else f.starts.set(keyOf(type, uuid), [at]);
      }, { bundle: f.bundle });
    }
    const fieldsOf = (type, uuid) => f.pending.get(keyOf(type, uuid));
    for (const key of f.changed) f.edits.set(key, resourceEditsAt(f.text, f.starts.get(key) ?? [], fieldsOf));
    f.changed.clear();
    return [...f.edits.values()].flat();
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
  const marked = new Set();  // the texts of the files that begin with a byte order mark
  if (info.isDirectory()) {
    const base = path.join(exportPath);
    const names = (await readdir(exportPath)).filter((n) => n.endsWith('.json')).sort();
    // A folder without a document is refused before any file is read.
    if (!names.some((n) => n !== 'site.json')) indexExport([], { base, layout: 'folder' });
    const files = [];
    for (const name of names) files.push({ name, text: await readText(path.join(base, name), marked) });
    parsed = indexExport(files, { base, layout: 'folder' });
  } else {
    parsed = indexExport([{ name: exportPath, text: await readText(exportPath, marked) }], { layout: 'auto' });
  }
  const files = parsed.files.map((f) => ({ file: f.name, text: f.text, marked: marked.has(f.text), bundle: f.bundle, resources: f.resources, documents: f.documents }));
  return new FileExport(files, parsed.declaration);
}
