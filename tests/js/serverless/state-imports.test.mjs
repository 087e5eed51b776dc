// The state modules run where there is no file system (a Worker, a Lambda without a disk): none
// but the file store imports a node: builtin or touches process or Buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

const dir = new URL('../../../js/state/', import.meta.url);

test('js/state: only file-kv-store.mjs needs Node', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs') && f !== 'file-kv-store.mjs');
  assert.ok(files.length >= 7, files.join(' '));
  for (const file of files) {
    const text = readFileSync(new URL(file, dir), 'utf8');
    assert.doesNotMatch(text, /from\s+['"]node:|import\(\s*['"]node:|require\(/, file);
    assert.doesNotMatch(text, /\b(process|Buffer)\./, file);
    for (const [, target] of text.matchAll(/from\s+['"](\.[^'"]+)['"]/g)) {
      assert.notEqual(target, './file-kv-store.mjs', `${file} imports the file store`);
    }
  }
});

test('HttpKvStore calls fetch as a plain function (a Worker refuses it called on another object)', async () => {
  const { HttpKvStore } = await import('../../../js/state/http-kv-store.mjs');
  let receiver = 'unset';
  const fetchImpl = function fetchImpl() {
    receiver = this;
    return Promise.resolve(new Response(null, { status: 404 }));
  };
  assert.equal(await new HttpKvStore({ url: 'https://store.example/kv', token: 't', fetchImpl }).get('k'), null);
  assert.equal(receiver, undefined);
});
