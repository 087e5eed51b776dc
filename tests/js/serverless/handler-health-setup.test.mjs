// The handler's answers when a secret or the configuration is missing: never a value, only the
// name of what to set.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHandler } from '../../../js/serverless/handler.mjs';
import { MemoryKvStore } from '../../../js/state/kv-store.mjs';
import { core } from './handler-harness.mjs';
import { startFunction } from './handler-harness.mjs';

test('without a health token set, /health answers 503 naming the variable', async () => {
  const fn = await startFunction({ env: { MOODLE_SYNC_HEALTH_TOKEN: '' } });
  try {
    const answer = await fn.send('/health', { method: 'GET', headers: { authorization: 'Bearer anything-at-all-0123456789abcdef' } });
    assert.equal(answer.status, 503);
    assert.match(answer.body.message, /MOODLE_SYNC_HEALTH_TOKEN/);
  } finally {
    await fn.close();
  }
});

test('without an events secret, a signed route answers 503 naming the variable, never a value', async () => {
  const fn = await startFunction({ env: { MOODLE_SYNC_EVENTS_SECRET: 'tiny-value' } });
  try {
    const answer = await fn.signed('/events', { op: 'update', type: 'node--course', uuid: '1b5fe941-c8f1-5244-9986-7801df666730' });
    assert.equal(answer.status, 503);
    assert.match(answer.body.message, /MOODLE_SYNC_EVENTS_SECRET/);
    assert.ok(!answer.text.includes('tiny-value'));
  } finally {
    await fn.close();
  }
});

test('without a configuration the handler answers 500 and its log names the variable', async () => {
  const lines = [];
  const handler = createHandler({ loadCore: async () => core, store: new MemoryKvStore(), log: (l) => lines.push(l) });
  const answer = await handler.handle(new Request('http://function.test/health'), {}, {});
  assert.equal(answer.status, 500);
  assert.match(lines.join('\n'), /MOODLE_SYNC_CONFIG/);
});
