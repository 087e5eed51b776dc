// State stores (core/include/moodle_sync/state_store.hpp): where a run keeps what the next run
// needs. The core decides what the records say and what is kept; a store only reads and writes.
//
// FileStateStore: the journal beside the export (JSON lines). It names people's accounts and
// enrolments: created readable by its owner alone; a rewrite keeps the mode and owner it has and
// is atomic. Records of older versions are read as they are: the core migrates them.
// MemoryStateStore (memory-state-store.mjs): the same operations in memory, for tests and hosts
// without a file.
import { open, readFile } from 'node:fs/promises';
import { PRIVATE_MODE, replaceFile } from './replace-file.mjs';
import { parseJournalText } from './memory-state-store.mjs';

export { MemoryStateStore } from './memory-state-store.mjs';

export class FileStateStore {
  constructor(file) {
    this.file = file;
  }

  /** Records of earlier runs (a cut last line, from a kill mid-write, is skipped). */
  async load() {
    return parseJournalText(await this.loadText());
  }

  /**
   * The file's text as it is ('' when there is none), for the core to read (engine input
   * `journal_text`): a people site's tens of thousands of records are never objects here.
   */
  async loadText() {
    try {
      return await readFile(this.file, 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') return '';
      throw e;
    }
  }

  /** Appends and flushes to disk before it resolves: the records are durable before the call they announce. */
  async append(records) {
    const handle = await open(this.file, 'a+', PRIVATE_MODE);  // the mode applies only when this creates it
    try {
      // A kill can leave a last line without its end: start on a fresh line, or it would swallow ours.
      const { size } = await handle.stat();
      const last = Buffer.alloc(1);
      if (size > 0) await handle.read(last, 0, 1, size - 1);
      const lead = size > 0 && last[0] !== 0x0a ? '\n' : '';
      await handle.write(lead + records.map((r) => `${JSON.stringify(r)}\n`).join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Replaces the whole state (atomically: a kill leaves the old or the new one). */
  async replace(records) {
    await this.replaceText(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  /** The same, with the file's whole text (the core writes it: action `journal_replace`). */
  async replaceText(text) {
    await replaceFile(this.file, text);
  }
}
