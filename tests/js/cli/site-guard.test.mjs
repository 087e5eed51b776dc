// The site guard reads every document of the export: a folder that mixes production documents
// with a staging site's writes nothing, whichever document comes first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { SITE_URL, fullConfig, makeSite } from '../sync/harness.mjs';
import { runCli, snapshot } from './cli-process.mjs';

const STAGING = 'https://staging.northfield.example';

test('an export without site.json that mixes production courses with staging users: sync and check refuse, naming both', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    await rm(path.join(site.exportDir, 'site.json'));
    await site.editExport('users.json', (doc) => { doc.links.self.href = `${STAGING}/jsonapi/user/user`; });
    const exportBefore = await snapshot(site.exportDir);

    const r = await runCli(['sync', '-c', site.configFile, '--json'], site.env);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const { site_guard: guard, summary } = JSON.parse(r.stdout);
    assert.equal(guard.writes_allowed, false);
    const first = path.join(site.exportDir, 'course_categories.json');
    const users = path.join(site.exportDir, 'users.json');
    assert.equal(guard.reason, `the export mixes documents of 2 Drupal sites: ${SITE_URL} (${first}) and ${STAGING} (${users}, `
      + 'not a configured site): nothing will be written to Moodle. Export each site into a folder of its own');
    assert.equal(summary.created, 0);
    assert.deepEqual(site.writeCalls(), []);
    assert.deepEqual(await site.users('idnumber', ['user-20', 'user-21']), [], 'no staging user reached Moodle');
    assert.deepEqual(await snapshot(site.exportDir), exportBefore);

    const check = await runCli(['check', '-c', site.configFile], site.env);
    assert.equal(check.code, 2);
    assert.match(check.stdout, /^FAIL {2}Site guard: the export mixes documents of 2 Drupal sites/m);
  } finally {
    await site.close();
  }
});

test('a document from another site than site.json declares: nothing is written', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    await site.editExport('registrations.json', (doc) => { doc.links.self.href = `${STAGING}/jsonapi/registration/course_registration`; });
    const report = await site.run();
    assert.equal(report.site_guard.writes_allowed, false);
    assert.match(report.site_guard.reason, /site\.json\) and https:\/\/staging\.northfield\.example \(\S*registrations\.json, not a configured site\)/);
    assert.deepEqual(site.writeCalls(), []);
  } finally {
    await site.close();
  }
});
