// The commands with a live source, as a user runs them: preview, plan, sync (first run, then
// incremental, --since, --full, --scan-deletions), the journal and the lock beside the
// configuration file, and no credential in any output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { runCli } from '../cli/cli-process.mjs';
import { assertNoCredentials, makeLiveSite } from './live-harness.mjs';

const assertHidden = (live, { stdout, stderr }) => assertNoCredentials(live, stdout + stderr);

test('preview, plan and sync of a live source; the journal lives beside the configuration', async () => {
  const live = await makeLiveSite();
  try {
    const preview = await runCli(['preview', '-c', live.configFile, '--json'], live.env);
    assert.equal(preview.code, 0, preview.stderr);
    assert.ok(JSON.parse(preview.stdout).summary.created > 10);
    assert.deepEqual(live.moodleWrites(), []);
    assert.equal(live.sim.callLog.length, 0, 'preview does not read Moodle');

    const plan = await runCli(['plan', '-c', live.configFile, '--json'], live.env);
    assert.equal(plan.code, 0, plan.stderr);
    assert.deepEqual(live.moodleWrites(), []);

    const sync = await runCli(['sync', '-c', live.configFile, '--json'], live.env);
    assert.equal(sync.code, 0, sync.stderr);
    assert.ok(JSON.parse(sync.stdout).summary.created > 10);
    await access(live.journalFile);
    await assert.rejects(access(`${live.configFile}.moodle-sync.lock`), 'the lock is gone after the run');
    for (const r of [preview, plan, sync]) assertHidden(live, r);

    live.tick();
    const again = await runCli(['sync', '-c', live.configFile, '--json', '--scan-deletions'], live.env);
    assert.equal(again.code, 0, again.stderr);
    const full = await runCli(['sync', '-c', live.configFile, '--full'], live.env);
    assert.equal(full.code, 0, full.stderr);
    const since = await runCli(['sync', '-c', live.configFile, '--since', '2020-01-01T00:00:00Z', '--json'], live.env);
    assert.equal(since.code, 0, since.stderr);
    assert.equal(JSON.parse(since.stdout).summary.failed, 0);
  } finally {
    await live.close();
  }
});

test('Drupal unreachable: sync stops with exit code 2 naming the URL', async () => {
  const live = await makeLiveSite({ config: (c) => { c.source.retries = 0; } });
  try {
    await live.drupal.close();
    const r = await runCli(['sync', '-c', live.configFile], { ...live.env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`${live.drupal.url.replace(/[.]/g, '\\.')}/jsonapi`));
    assertHidden(live, r);
  } finally {
    await live.close();
  }
});
