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

// A text (or its parts in order) is encoded into one buffer of this many bytes, written out each
// time it fills: no part is joined with others or encoded whole. Joining pieces of a megabyte and
// encoding each into a new Buffer made, at every flush of a large export, garbage as large as the
// file in both the V8 heap and native memory (twice its size for a text beyond Latin-1), which a
// long sync kept growing its memory for.
const BUFFER_BYTES = 1 << 20;

const utf8 = new TextEncoder();

// One buffer kept for the next write: a flush every few hundred write-backs allocates nothing new.
// A write that finds it taken (two files written at once) makes its own.
let spareBuffer = null;

const isHighSurrogate = (unit) => (unit & 0xfc00) === 0xd800;
const isLowSurrogate = (unit) => (unit & 0xfc00) === 0xdc00;

async function writeAll(handle, buffer, length) {
  for (let at = 0; at < length;) at += (await handle.write(buffer, at, length - at)).bytesWritten;
}

// The text's UTF-8 bytes are the same as those of its parts joined: a pair of surrogates split
// between two parts is encoded whole (each half alone would be written as U+FFFD).
async function writeText(handle, text) {
  const buffer = spareBuffer ?? new Uint8Array(BUFFER_BYTES);
  spareBuffer = null;
  let used = 0;
  let held = '';  // a high surrogate that ended the last part
  // Encodes as much of `part` as the buffer holds and gives back the rest ('' when all of it fit).
  const fill = (part) => {
    const { read, written } = utf8.encodeInto(part, buffer.subarray(used));
    used += written;
    return read === part.length ? '' : part.slice(read);
  };
  // Writes the full buffer out and encodes the rest, until it all fits.
  const drain = async (rest) => {
    for (; rest; rest = fill(rest)) await writeOut();
  };
  const writeOut = async () => {
    await writeAll(handle, buffer, used);
    used = 0;
  };
  // Copies bytes as they are; a part of a buffer's size or more is written out from where it is.
  const copy = async (bytes) => {
    if (bytes.length >= BUFFER_BYTES) {
      await writeOut();
      await writeAll(handle, bytes, bytes.length);
      return;
    }
    for (let at = 0; at < bytes.length;) {
      const n = Math.min(bytes.length - at, BUFFER_BYTES - used);
      buffer.set(bytes.subarray(at, at + n), used);
      used += n;
      at += n;
      if (used === BUFFER_BYTES) await writeOut();
    }
  };
  try {
    for (const part of typeof text === 'string' || text instanceof Uint8Array ? [text] : text) {
      if (!part.length) continue;
      if (part instanceof Uint8Array) {
        if (held) await drain(fill(held));  // a lone half before bytes, as the joined text has it
        held = '';
        await copy(part);
        continue;
      }
      let body = part;
      if (held) {
        const paired = isLowSurrogate(part.charCodeAt(0));
        const rest = fill(paired ? held + part[0] : held);
        if (rest) await drain(rest);
        if (paired) body = part.slice(1);
        held = '';
      }
      if (isHighSurrogate(body.charCodeAt(body.length - 1))) {
        held = body[body.length - 1];
        body = body.slice(0, -1);
      }
      // Only a full buffer waits for a write: the many short parts of a flush cost no promise each.
      const rest = fill(body);
      if (rest) await drain(rest);
    }
    await drain(fill(held));
    await writeAll(handle, buffer, used);
  } finally {
    spareBuffer = buffer;
  }
}

/**
 * Replaces `file` with `text` (a string or UTF-8 bytes, or their parts in order): a kill leaves the old or the new
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
