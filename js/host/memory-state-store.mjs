// The state store in memory, and the reading of a journal's text: no file system here, so a host
// without one (the browser page, a test) keeps a run's journal the way FileStateStore does.

/** The records of a journal file's text (JSON lines; a cut last line, from a kill mid-write, is skipped). */
export function parseJournalText(text) {
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

export class MemoryStateStore {
  constructor(records = []) {
    this.records = structuredClone(records);
  }

  async load() {
    return structuredClone(this.records);
  }

  async append(records) {
    this.records.push(...structuredClone(records));
  }

  async replace(records) {
    this.records = structuredClone(records);
  }
}
