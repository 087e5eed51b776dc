// The journal: every moodle id the engine learns is appended here (and flushed to disk) before it
// is written back to Drupal, so that a run killed at any point loses no id and the next run
// creates no duplicate. Records whose write-back has landed are dropped when the run ends.
// It names people's accounts and enrolments: it is created readable by its owner alone, and a
// rewrite keeps the mode and owner it has.
import { open, readFile } from 'node:fs/promises';
import { PRIVATE_MODE, replaceFile } from './replace-file.mjs';

export class Journal {
  constructor(file) {
    this.file = file;
  }

  /** Records of earlier runs (a cut last line, from a kill mid-write, is skipped). */
  async load() {
    let text = '';
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') return [];
      throw e;
    }
    const records = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        // the one line a kill can cut short
      }
    }
    return records;
  }

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

  /** Rewrites the journal with `keep(records)` (atomically: a kill leaves the old or the new one). */
  async compact(keep) {
    const kept = keep(await this.load());
    await replaceFile(this.file, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
    return kept.length;
  }
}
