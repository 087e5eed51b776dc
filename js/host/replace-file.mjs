// Replacing a file atomically without changing what it is. The export and the journal hold
// personal data: a rewrite keeps the file's mode and owner, writes through a symlink to its
// target (the link stays a link), and its temporary copy is never readable by others.
import { randomBytes } from 'node:crypto';
import { lstat, open, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** The mode of a file that did not exist before: its owner's alone. */
export const PRIVATE_MODE = 0o600;

const MAX_LINKS = 40;  // like the kernel's limit: a loop of links is an error, not a hang

/** The file a write to `file` replaces: the end of its symlink chain, even when that does not exist yet. */
export async function replacementTarget(file) {
  let current = file;
  for (let hops = 0; hops <= MAX_LINKS; hops += 1) {
    try {
      return await realpath(current);
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
    let info;
    try {
      info = await lstat(current);
    } catch (e) {
      if (e.code === 'ENOENT') return current;  // a new file
      throw e;
    }
    if (!info.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), await readlink(current));  // a link to a file still to be made
  }
  throw new Error(`${file}: too many levels of symbolic links`);
}

async function statOrNull(file) {
  try {
    return await stat(file);
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw e;
  }
}

function ownerError(target, original) {
  const self = typeof process.geteuid === 'function' ? `uid ${process.geteuid()}` : 'this user';
  return new Error(`${target}: owned by uid ${original.uid}, gid ${original.gid}; the sync runs as ${self} and cannot give a ` +
    'rewritten copy that owner, so the file is left as it is: run the sync as the file\'s owner or as root');
}

// A temporary file beside the target (a rename never crosses file systems), created exclusively
// and private, so a link planted at its name is never followed and nobody reads it half-made.
async function createTemp(target) {
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  return { temp, handle: await open(temp, 'wx', PRIVATE_MODE) };
}

// chown before chmod: changing the owner clears the set-id bits.
async function giveOwnerAndMode(handle, target, original, mode) {
  if (original) {
    const made = await handle.stat();
    if (made.uid !== original.uid || made.gid !== original.gid) {
      try {
        await handle.chown(original.uid, original.gid);
      } catch (e) {
        if (e.code === 'EPERM') throw ownerError(target, original);
        throw e;
      }
    }
  }
  await handle.chmod(original ? original.mode & 0o7777 : mode);
}

// A text given as its parts is written in pieces of about this many characters, never joined whole;
// a part longer than that (the rest of an export after its last write-back, or a whole text) is
// written in slices of it: joining or encoding it whole made a copy as large as the file (twice its
// size in memory for a text with one character beyond Latin-1).
const PIECE = 1 << 20;

const isHighSurrogate = (unit) => (unit & 0xfc00) === 0xd800;
const isLowSurrogate = (unit) => (unit & 0xfc00) === 0xdc00;

// Slices never end between the halves of a surrogate pair: each half alone would be written as U+FFFD.
async function writeSlices(handle, text) {
  for (let from = 0; from < text.length;) {
    let to = Math.min(from + PIECE, text.length);
    if (isHighSurrogate(text.charCodeAt(to - 1)) && isLowSurrogate(text.charCodeAt(to))) to += 1;
    await handle.writeFile(text.slice(from, to));  // on from where the last write ended
    from = to;
  }
}

async function writeText(handle, text) {
  let piece = [];
  let size = 0;
  const writePiece = async () => {
    if (piece.length) await handle.writeFile(piece.join(''));
    piece = [];
    size = 0;
  };
  for (const part of typeof text === 'string' ? [text] : text) {
    if (part.length >= PIECE) {
      await writePiece();
      await writeSlices(handle, part);
      continue;
    }
    piece.push(part);
    size += part.length;
    if (size >= PIECE) await writePiece();
  }
  await writePiece();
}

/**
 * Replaces `file` with `text` (a string, or its parts in order): a kill leaves the old or the new
 * content. An existing file keeps its mode and owner; a new one gets `mode` (private by default).
 */
export async function replaceFile(file, text, { mode = PRIVATE_MODE } = {}) {
  const target = await replacementTarget(file);
  const original = await statOrNull(target);
  const { temp, handle } = await createTemp(target);
  try {
    try {
      await writeText(handle, text);
      await giveOwnerAndMode(handle, target, original, mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => {});
    throw e;
  }
}

/**
 * Throws, before anything is changed, when `file` belongs to someone this process cannot give a
 * rewritten copy to. A trial copy is made only for a file of another owner: a sync as root or as
 * the file's owner costs nothing.
 */
export async function checkOwnerKept(file) {
  if (typeof process.geteuid !== 'function' || process.geteuid() === 0) return;
  const target = await replacementTarget(file);
  const original = await statOrNull(target);
  if (!original || (original.uid === process.geteuid() && original.gid === process.getegid())) return;
  const { temp, handle } = await createTemp(target);
  try {
    await giveOwnerAndMode(handle, target, original, PRIVATE_MODE);
  } finally {
    await handle.close();
    await unlink(temp).catch(() => {});
  }
}
