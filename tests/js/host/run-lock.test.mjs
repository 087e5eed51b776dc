// The run lock's I/O around the core's decision: a second run refuses naming the holder, a dead
// run's lock is taken over, and the lock goes whatever ends the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { loadCore } from '../../../js/core.mjs';
import { acquireRunLock, lockPathFor, withRunLock } from '../../../js/host/run-lock.mjs';

const core = await loadCore();
const MARCH_FIRST = Date.UTC(2025, 2, 1, 8, 0, 0) / 1000;  // a fixed clock: the start time the lock records

async function withExport(body) {
  const dir = await mkdtemp(path.join(tmpdir(), 'run-lock-'));
  try {
    return await body(path.join(dir, 'export'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The pid of a process that has ended (its pid is free). */
async function deadPid() {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid;
}

test('the lock sits beside the journal, readable by its owner only, and names the run', async () => {
  await withExport(async (exportPath) => {
    const lock = await acquireRunLock(core, `${exportPath}/`, { clock: () => MARCH_FIRST });
    try {
      assert.equal(lock.file, `${exportPath}.moodle-sync.lock`);
      assert.equal(lockPathFor(exportPath), lock.file);
      assert.equal((await stat(lock.file)).mode & 0o777, 0o600);
      assert.deepEqual(JSON.parse(await readFile(lock.file, 'utf8')),
        { pid: process.pid, host: hostname(), started_at: '2025-03-01T08:00:00.000Z' });
      assert.equal(lock.note, '');
    } finally {
      await lock.release();
    }
    await assert.rejects(stat(lock.file), { code: 'ENOENT' });
  });
});

test('a second run refuses with the holder\'s pid, host and start time, and leaves its lock alone', async () => {
  await withExport(async (exportPath) => {
    const first = await acquireRunLock(core, exportPath, { clock: () => MARCH_FIRST });
    try {
      const held = await readFile(first.file, 'utf8');
      await assert.rejects(acquireRunLock(core, exportPath, { pid: 1 << 22, clock: () => MARCH_FIRST + 60 }), (e) => {
        assert.equal(e.name, 'RunLockError');
        assert.equal(e.exitCode, 2);
        assert.match(e.message, new RegExp(`another run holds ${first.file}: pid ${process.pid} on host ${hostname()}, started 2025-03-01T08:00:00.000Z`));
        return true;
      });
      assert.equal(await readFile(first.file, 'utf8'), held);
    } finally {
      await first.release();
    }
  });
});

test('a lock left by a dead run of this host is taken over, with a note naming it', async () => {
  await withExport(async (exportPath) => {
    const pid = await deadPid();
    await writeFile(lockPathFor(exportPath), JSON.stringify({ pid, host: hostname(), started_at: '2025-02-28T23:00:00.000Z' }));
    const lock = await acquireRunLock(core, exportPath, { clock: () => MARCH_FIRST });
    try {
      assert.match(lock.note, new RegExp(`a run that ended without removing its lock \\(pid ${pid} on host ${hostname()}, started 2025-02-28T23:00:00.000Z\\).*took it over`));
      assert.equal(JSON.parse(await readFile(lock.file, 'utf8')).pid, process.pid);
    } finally {
      await lock.release();
    }
  });
});

test('a lock of another host is never taken over: its process cannot be probed from here', async () => {
  await withExport(async (exportPath) => {
    await writeFile(lockPathFor(exportPath), JSON.stringify({ pid: await deadPid(), host: 'another-host', started_at: '2025-02-28T23:00:00.000Z' }));
    await assert.rejects(acquireRunLock(core, exportPath), /host another-host.*cannot be checked from this host/);
  });
});

test('the lock goes when the run fails', async () => {
  await withExport(async (exportPath) => {
    await assert.rejects(withRunLock(core, exportPath, async () => { throw new Error('the run failed'); }), /the run failed/);
    await assert.rejects(stat(lockPathFor(exportPath)), { code: 'ENOENT' });
    const again = await acquireRunLock(core, exportPath);
    await again.release();
  });
});

test('the lock goes when the run is ended by SIGTERM or SIGINT', async () => {
  for (const signal of ['SIGTERM', 'SIGINT']) {
    await withExport(async (exportPath) => {
      const runLock = new URL('../../../js/host/run-lock.mjs', import.meta.url).href;
      const coreUrl = new URL('../../../js/core.mjs', import.meta.url).href;
      const script = `const { acquireRunLock } = await import(${JSON.stringify(runLock)});
        const { loadCore } = await import(${JSON.stringify(coreUrl)});
        await acquireRunLock(await loadCore(), ${JSON.stringify(exportPath)});
        console.log('locked');
        setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const [line] = await once(child.stdout.setEncoding('utf8'), 'data');
      assert.match(line, /locked/);
      await stat(lockPathFor(exportPath));
      child.kill(signal);
      const [, endedBy] = await once(child, 'exit');
      assert.equal(endedBy, signal, 'the process still ends by the signal');
      await assert.rejects(stat(lockPathFor(exportPath)), { code: 'ENOENT' });
    });
  }
});

// A run of its own process: waits for the moment `at`, tries the lock, holds it a while.
const TAKER = `
  const [{ loadCore }, { acquireRunLock }] = await Promise.all([import(process.argv[1]), import(process.argv[2])]);
  const core = await loadCore();
  const [exportPath, at, dead] = process.argv.slice(3).map((v, i) => (i ? Number(v) : v));
  while (Date.now() < at) {}
  try {
    const lock = await acquireRunLock(core, exportPath, { isAlive: (pid) => pid !== dead });
    console.log('GOT');
    await new Promise((r) => setTimeout(r, 300));
    await lock.release();
  } catch {
    console.log('REFUSED');
  }`;

async function taker(exportPath, at, dead) {
  const modules = ['../../../js/core.mjs', '../../../js/host/run-lock.mjs'].map((m) => new URL(m, import.meta.url).href);
  const child = spawn(process.execPath, ['--input-type=module', '-e', TAKER, ...modules, exportPath, String(at), String(dead)]);
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  await once(child, 'exit');
  return out.trim();
}

test('two runs that find the same dead run\'s lock at once: only one of them takes it over', async () => {
  const dead = await deadPid();
  await withExport(async (exportPath) => {
    for (let trial = 0; trial < 5; trial += 1) {
      await writeFile(lockPathFor(exportPath), `${JSON.stringify({ pid: dead, host: hostname(), started_at: '2025-03-01T08:00:00.000Z' })}\n`, { mode: 0o600 });
      // Both start at the same moment (the second a few milliseconds later in some trials).
      const at = Date.now() + 1500;  // time enough for both processes to start, even on a busy machine
      const answers = await Promise.all([taker(exportPath, at, dead), taker(exportPath, at + (trial % 4), dead)]);
      assert.deepEqual(answers.sort(), ['GOT', 'REFUSED'], `trial ${trial}`);
    }
  });
});
