// The conformance suite on the file store, and what only a folder on disk can show: private modes,
// safe file names, a lock left by a dead process.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { FileKvStore } from '../../../js/state/file-kv-store.mjs';
import { kvConformance } from './support/kv-conformance.mjs';

async function open() {
  const root = await mkdtemp(path.join(tmpdir(), 'kv-file-'));
  const dir = path.join(root, 'state', 'kv');
  return { store: new FileKvStore(dir), dir, close: () => rm(root, { recursive: true, force: true }) };
}

kvConformance('FileKvStore', open, {
  extra: {
    'a new folder is 0700, every file 0600 (keys and values may name people)': async (kv, { dir }) => {
      const oldMask = process.umask(0o022);
      try {
        await kv.put('person/jane', { email: 'jane@example.org' });
        await kv.put('person/john', { email: 'john@example.org' }, { ifVersion: null });
      } finally {
        process.umask(oldMask);
      }
      assert.equal((await stat(dir)).mode & 0o777, 0o700);
      for (const name of await readdir(dir)) assert.equal((await stat(path.join(dir, name))).mode & 0o777, 0o600, name);
    },
    'file names hold no "/", ".." or anything outside the folder, whatever the key': async (kv, { dir }) => {
      await kv.put('../../escape', 1);
      await kv.put('/etc/passwd', 2);
      await kv.put('x'.repeat(1000), 3);
      const names = await readdir(dir);
      assert.equal(names.length, 3);
      for (const name of names) assert.match(name, /^[khA-Za-z0-9_%-]+$/);
      assert.equal((await kv.get('../../escape')).value, 1);
      assert.deepEqual((await kv.list('')).sort(), ['../../escape', '/etc/passwd', 'x'.repeat(1000)].sort());
    },
    'a lock left by a dead process is taken over; a live holder\'s is waited for, whatever the clock says': async (kv, { dir }) => {
      await kv.put('k', 1);
      const [name] = await readdir(dir);
      const lock = path.join(dir, `${name}.lock`);
      await writeFile(lock, JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), tag: 'dead' }), { mode: 0o600 });
      assert.equal((await kv.put('k', 2)).ok, true);
      assert.equal((await kv.get('k')).value, 2);
      assert.deepEqual(await readdir(dir), [name], 'no lock, draft or temporary file is left');
      // Held by a live process (this one), and dated long ago: it is waited for all the same.
      await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), tag: 'alive' }), { mode: 0o600 });
      await utimes(lock, new Date(0), new Date(0));
      let done = false;
      const writing = kv.put('k', 3).then((r) => { done = true; return r; });
      await new Promise((resolve) => { setTimeout(resolve, 100); });
      assert.equal(done, false, 'waits while the lock is held');
      assert.equal((await kv.get('k')).value, 2);
      await unlink(lock);
      assert.equal((await writing).ok, true);
      assert.equal((await kv.get('k')).value, 3);
    },
    'a lock of another machine is taken over once it is old by the file system\'s clock': async (kv, { dir }) => {
      await kv.put('k', 1);
      const [name] = await readdir(dir);
      const lock = path.join(dir, `${name}.lock`);
      await writeFile(lock, JSON.stringify({ pid: 1, host: 'another-machine', tag: 'old' }), { mode: 0o600 });
      await utimes(lock, new Date(0), new Date(0));
      assert.equal((await kv.put('k', 2)).ok, true);
    },
  },
});
