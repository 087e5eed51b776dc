// The Drupal export as the browser gets it: chosen files, a chosen folder, or files and folders
// dropped on the drop zone. Each becomes {name, text}; the name is the file's path inside the
// chosen folder ("courses.json", "site.json"), as the command line names them in a folder export.
// The drop zone is also a button: Enter or Space opens the file picker.

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// What an export folder is made of: JSON:API documents, site.json, and a sync's journal.
// The command line reads the same: the folder's own .json files, not its subfolders.
function belongsToExport(name) {
  return !name.includes('/') && (name.endsWith('.json') || name.endsWith('.moodle-sync-journal.jsonl'));
}

/** The name a file has inside the export: its path without the chosen folder's own name. */
export function exportName(file, relativePath = file.webkitRelativePath) {
  const path = (relativePath ?? '').replace(/^\/+/, '');
  const slash = path.indexOf('/');
  return slash >= 0 ? path.slice(slash + 1) : file.name;
}

async function readText(file, name) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    // A wrong byte is an error naming the file, as on the command line, not a silent U+FFFD.
    return strictUtf8.decode(bytes);
  } catch {
    throw new Error(`${name}: not valid UTF-8`);
  }
}

// A dropped folder: its own files (the export does not look into subfolders).
async function filesOfDirectory(entry) {
  const reader = entry.createReader();
  const entries = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    entries.push(...batch);
  }
  const files = [];
  for (const child of entries) {
    if (child.isFile) files.push({ file: await new Promise((resolve, reject) => child.file(resolve, reject)), name: child.name });
    else files.push({ file: null, name: `${child.name}/` });
  }
  return files;
}

async function droppedFiles(dataTransfer) {
  const entries = [...(dataTransfer.items ?? [])].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  if (entries.length === 0) return [...dataTransfer.files].map((file) => ({ file, name: file.name }));
  const files = [];
  for (const entry of entries) {
    if (entry.isDirectory) files.push(...await filesOfDirectory(entry));
    else files.push({ file: await new Promise((resolve, reject) => entry.file(resolve, reject)), name: entry.name });
  }
  return files;
}

/**
 * @param elements {filesInput, folderInput, dropZone, status}
 * @param describe async (files: [{name, text}]) -> string: the status line for a read export
 *                 ("N files, M entities"); throws an Error whose message is the problem
 */
export function createExportInput({ filesInput, folderInput, dropZone, status }, { describe }) {
  let current = Promise.resolve(null);
  let generation = 0;

  function showStatus(text, state) {
    status.textContent = text;
    status.dataset.state = state;
  }

  // Takes [{file, name}] or, for given texts, [{name, text}], and makes them the export.
  function take(candidates, label = '') {
    const mine = ++generation;
    const chosen = candidates.filter((c) => belongsToExport(c.name));
    const ignored = candidates.length - chosen.length;
    showStatus(`Reading ${chosen.length} ${chosen.length === 1 ? 'file' : 'files'}…`, 'reading');
    current = (async () => {
      try {
        if (chosen.length === 0) throw new Error(candidates.length ? 'no .json file among the files given' : 'no files given');
        const files = await Promise.all(chosen.map(async (c) => ({ name: c.name, text: c.text ?? await readText(c.file, c.name) })));
        const summary = await describe(files);
        const more = ignored ? `; ${ignored} other ${ignored === 1 ? 'entry' : 'entries'} ignored` : '';
        if (mine === generation) showStatus(`${summary}${more}${label ? ` (${label})` : ''}`, 'ready');
        return files;
      } catch (e) {
        if (mine === generation) showStatus(e.message, 'error');
        return null;
      }
    })();
    return current;
  }

  filesInput.addEventListener('change', () => {
    take([...filesInput.files].map((file) => ({ file, name: file.name })));
  });
  folderInput.addEventListener('change', () => {
    take([...folderInput.files].map((file) => ({ file, name: exportName(file) })));
  });

  dropZone.addEventListener('click', () => filesInput.click());
  dropZone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      filesInput.click();
    }
  });
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    dropZone.classList.add('dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', async (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    try {
      take(await droppedFiles(event.dataTransfer));
    } catch (e) {
      showStatus(`the dropped files could not be read: ${e.message}`, 'error');
    }
  });

  return {
    /** The export's files once read, or null when none (or none readable) is given. */
    files: () => current,
    /** Files given as text (the bundled example). */
    setFiles: (files, label) => take(files.map(({ name, text }) => ({ name, text })), label),
    clear() {
      generation++;
      filesInput.value = '';
      folderInput.value = '';
      current = Promise.resolve(null);
      showStatus('No export chosen.', 'empty');
    },
  };
}
