// `sync` holds the export's run lock: a second sync refuses while a run holds it, a dead run's
// lock is taken over, and the lock goes when the run ends, a failed run included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { exampleConfig, withSite } from '../sync/harness.mjs';
import { runCli } from './cli-process.mjs';

const lockOf = (site) => `${site.exportDir}.moodle-sync.lock`;

test('sync refuses while another run holds the lock, naming its pid, host and start time, and sends nothing', async () => {
  await withSite({ config: await exampleConfig() }, async (site) => {
    const held = JSON.stringify({ pid: process.pid, host: hostname(), started_at: '2025-03-01T08:00:00.000Z' });
    await writeFile(lockOf(site), held);
    const r = await runCli(['sync', '-c', site.configFile], site.env);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`another run holds ${lockOf(site)}: pid ${process.pid} on host ${hostname()}, started 2025-03-01T08:00:00.000Z`));
    assert.deepEqual(site.writeCalls(), []);
    assert.equal(await readFile(lockOf(site), 'utf8'), held, 'the holder keeps its lock');
  });
});

test('sync takes over the lock of a dead run with a note, and removes it when done', async () => {
  await withSite({ config: await exampleConfig() }, async (site) => {
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    await writeFile(lockOf(site), JSON.stringify({ pid: child.pid, host: hostname(), started_at: '2025-03-01T07:00:00.000Z' }));
    const r = await runCli(['sync', '-c', site.configFile, '--json'], site.env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`note: a run that ended without removing its lock \\(pid ${child.pid} on host ${hostname()}, started 2025-03-01T07:00:00.000Z\\)`));
    assert.equal(JSON.parse(r.stdout).summary.created, 12);
    await assert.rejects(stat(lockOf(site)), { code: 'ENOENT' });
  });
});

test('the lock is removed after a failed run', async () => {
  await withSite({ config: await exampleConfig() }, async (site) => {
    await site.editExport('courses.json', (doc) => { doc.data[0].attributes.field_start_date = 'early spring'; });
    const failed = await runCli(['sync', '-c', site.configFile], site.env);
    assert.equal(failed.code, 1, failed.stderr);
    await assert.rejects(stat(lockOf(site)), { code: 'ENOENT' });
  });
  await withSite({ config: await exampleConfig() }, async (site) => {
    await mkdir(`${site.exportDir}.moodle-sync-journal.jsonl`);  // a journal that cannot be read stops the run
    const stopped = await runCli(['sync', '-c', site.configFile], site.env);
    assert.equal(stopped.code, 2, stopped.stdout + stopped.stderr);
    assert.match(stopped.stderr, /EISDIR/);
    await assert.rejects(stat(lockOf(site)), { code: 'ENOENT' });
  });
});
