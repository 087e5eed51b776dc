// `moodle-sync simulate-drupal` as a user runs it: one JSON line with the URL and the sync
// account's credentials, a site that answers them, read-only mode, and a state file that keeps
// PATCHed values and the credentials across a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { firstLine, startCli } from '../cli/cli-process.mjs';
import { COURSE_DE, NORTHFIELD, basic } from './helpers.mjs';

async function start(args) {
  const started = startCli(['simulate-drupal', '--port', '0', '--export', NORTHFIELD, ...args]);
  return { started, info: JSON.parse(await firstLine(started)) };
}

async function stop(started) {
  started.child.kill('SIGTERM');
  const r = await started.exited;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.split('\n').filter(Boolean).length, 1, `exactly one line: ${r.stdout}`);
}

const patch = (info, value) => fetch(`${info.url}/jsonapi/node/course/${COURSE_DE}`, {
  method: 'PATCH',
  headers: { authorization: basic(info.username, info.password), 'content-type': 'application/vnd.api+json' },
  body: JSON.stringify({ data: { type: 'node--course', id: COURSE_DE, attributes: { field_moodle_id: value } } }),
});

test('simulate-drupal prints one JSON line and keeps PATCHed values and credentials in its state file', async () => {
  const state = path.join(mkdtempSync(path.join(tmpdir(), 'moodle-sync-simulate-drupal-')), 'drupal.json');
  const first = await start(['--state', state]);
  try {
    assert.deepEqual(Object.keys(first.info).sort(), ['client_id', 'client_secret', 'password', 'url', 'username']);
    assert.match(first.info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const entry = await (await fetch(`${first.info.url}/jsonapi`, { headers: { authorization: basic(first.info.username, first.info.password) } })).json();
    assert.ok(entry.meta.links.me, 'the printed credentials log in');
    assert.equal((await patch(first.info, '31')).status, 200);
  } finally {
    await stop(first.started);
  }
  const second = await start(['--state', state]);
  try {
    assert.equal(second.info.password, first.info.password);
    assert.equal(second.info.client_secret, first.info.client_secret);
    const course = await (await fetch(`${second.info.url}/jsonapi/node/course/${COURSE_DE}`, { headers: { authorization: basic(second.info.username, second.info.password) } })).json();
    assert.equal(course.data.attributes.field_moodle_id, '31');
  } finally {
    await stop(second.started);
  }
});

test('simulate-drupal --read-only answers PATCH with 405', async () => {
  const { started, info } = await start(['--read-only']);
  try {
    const r = await patch(info, '1');
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET');
  } finally {
    await stop(started);
  }
});
