// The export and the journal hold personal data: a sync rewrites them without loosening their
// permissions, changing their owner, or replacing a symlink by a copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, chown, copyFile, lstat, mkdir, mkdtemp, readFile, readdir, rename, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fullConfig, makeSite, moodleIdOf } from './harness.mjs';
import { journalPathFor } from '../../../js/host/sync-run.mjs';

const isRoot = process.getuid?.() === 0;
const mode = async (file) => (await stat(file)).mode & 0o777;

test('a rewritten export file keeps its mode and owner; the journal is created private', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const users = path.join(site.exportDir, 'users.json');
    await chmod(users, 0o600);
    await chmod(path.join(site.exportDir, 'courses.json'), 0o640);
    if (isRoot) await chown(users, 12345, 12346);
    await site.run();
    assert.ok(moodleIdOf(await site.readExport('users.json'), 20), 'the ids were written back');
    assert.equal(await mode(users), 0o600);
    assert.equal(await mode(path.join(site.exportDir, 'courses.json')), 0o640);
    if (isRoot) {
      const { uid, gid } = await stat(users);
      assert.deepEqual([uid, gid], [12345, 12346], 'the owner is kept');
    }
    assert.equal(await mode(journalPathFor(site.exportDir)), 0o600, 'the journal is readable by its owner alone');
    assert.deepEqual((await readdir(site.exportDir)).filter((n) => n.includes('.tmp')), [], 'no temporary file is left');
  } finally {
    await site.close();
  }
});

test('an existing journal keeps its mode when the run rewrites it', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const journal = journalPathFor(site.exportDir);
    await writeFile(journal, '', { mode: 0o600 });
    await chmod(journal, 0o600);  // whatever the umask
    await site.run();
    assert.match(await readFile(journal, 'utf8'), /"kind":"enrolment"/, 'the run rewrote it');
    assert.equal(await mode(journal), 0o600);
  } finally {
    await site.close();
  }
});

test('a symlinked export file: the ids reach its target, and the link stays a link', async () => {
  const site = await makeSite({ config: await fullConfig() });
  try {
    const elsewhere = path.join(site.dir, 'people');
    await mkdir(elsewhere);
    const link = path.join(site.exportDir, 'users.json');
    const target = path.join(elsewhere, 'users.json');
    await rename(link, target);
    await chmod(target, 0o600);
    await symlink(path.join('..', 'people', 'users.json'), link);
    await site.run();
    assert.ok((await lstat(link)).isSymbolicLink(), 'the link is still a link');
    const written = JSON.parse(await readFile(target, 'utf8'));
    assert.match(String(moodleIdOf(written, 20)), /^[1-9][0-9]*$/, 'the target holds the moodle id');
    assert.equal(await mode(target), 0o600);
    assert.deepEqual((await readdir(elsewhere)).filter((n) => n !== 'users.json'), [], 'no temporary file is left beside the target');
  } finally {
    await site.close();
  }
});

// Run as an account that cannot give files away: the export must be refused, not silently re-owned.
const NOBODY = 65534;
const FILE_EXPORT = fileURLToPath(new URL('../../../js/source/file-export.mjs', import.meta.url));
const REPLACE_FILE = fileURLToPath(new URL('../../../js/host/replace-file.mjs', import.meta.url));
const EXPORT_DOCUMENTS = fileURLToPath(new URL('../../../js/source/export-documents.mjs', import.meta.url));
const EXPORT_REWRITE = fileURLToPath(new URL('../../../js/source/export-rewrite.mjs', import.meta.url));
const JSON_DEPTH = fileURLToPath(new URL('../../../js/source/json-depth.mjs', import.meta.url));
const EXPORT_SCAN = fileURLToPath(new URL('../../../js/source/export-scan.mjs', import.meta.url));
const JSON_TEXT = fileURLToPath(new URL('../../../js/source/json-text.mjs', import.meta.url));

function asNobody(script, args) {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script, ...args], { uid: NOBODY, gid: NOBODY },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

test('an export file whose owner cannot be kept is left as it is, and the sync says so before writing', { skip: !isRoot && 'needs root to run a process as another user' }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-owner-'));
  await chmod(dir, 0o777);
  const file = path.join(dir, 'users.json');
  const text = JSON.stringify({ data: [{ type: 'user--user', id: 'u1', attributes: { drupal_internal__uid: 1, field_moodle_id: null } }] });
  await writeFile(file, text);
  await chmod(file, 0o666);
  await chown(file, 12345, 12345);
  const script = `
    const { readFileExport } = await import(process.argv[1]);
    const source = await readFileExport(process.argv[2]);
    const early = await source.checkOwnersKept().then(() => 'passed', (e) => e.message);
    source.writeBack('user--user', 'u1', 'field_moodle_id', '7');
    const late = await source.flush().then(() => 'written', (e) => e.message);
    console.log(JSON.stringify({ early, late }));`;
  // The checkout may not be readable by another account (a private clone): run a copy of the
  // modules the check needs from a folder that is.
  const code = await mkdtemp(path.join(tmpdir(), 'moodle-sync-owner-code-'));
  await chmod(code, 0o755);
  for (const [from, to] of [[FILE_EXPORT, 'source/file-export.mjs'], [EXPORT_DOCUMENTS, 'source/export-documents.mjs'], [EXPORT_REWRITE, 'source/export-rewrite.mjs'],
    [JSON_DEPTH, 'source/json-depth.mjs'], [EXPORT_SCAN, 'source/export-scan.mjs'], [JSON_TEXT, 'source/json-text.mjs'],
    [REPLACE_FILE, 'host/replace-file.mjs']]) {
    await mkdir(path.join(code, path.dirname(to)), { recursive: true, mode: 0o755 });
    await chmod(path.join(code, path.dirname(to)), 0o755);
    await copyFile(from, path.join(code, to));
    await chmod(path.join(code, to), 0o644);
  }
  const r = await asNobody(script, [path.join(code, 'source/file-export.mjs'), dir]);
  assert.equal(r.code, 0, r.stderr);
  const { early, late } = JSON.parse(r.stdout);
  assert.match(early, /users\.json: owned by uid 12345, gid 12345; the sync runs as uid 65534/);
  assert.match(late, /owned by uid 12345/);
  assert.equal(await readFile(file, 'utf8'), text, 'the file is unchanged');
  assert.equal((await stat(file)).uid, 12345);
  assert.deepEqual(await readdir(dir), ['users.json'], 'no temporary file is left');
});
