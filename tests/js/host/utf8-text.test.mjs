// The strict decoding of a host's text files: the offset of the first wrong byte, whatever came
// before it (multi-byte characters, a U+FFFD written in the file itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUtf8, Utf8Error } from '../../../js/utf8-text.mjs';

const offsetOf = (bytes) => {
  try {
    decodeUtf8(Uint8Array.from(bytes));
    return -1;
  } catch (e) {
    assert.ok(e instanceof Utf8Error);
    return e.offset;
  }
};

test('UTF-8 text is decoded as it is', () => {
  assert.equal(decodeUtf8(new TextEncoder().encode('café € 😀 \uFFFD')), 'café € 😀 \uFFFD');
});

test('the first wrong byte is named by its offset', () => {
  const prefix = [...new TextEncoder().encode('é😀\uFFFD')];  // 2 + 4 + 3 bytes
  assert.equal(offsetOf([...prefix, 0xff, 0x41]), 9);
  assert.equal(offsetOf([0x41, 0xc3, 0x28]), 1, 'a sequence cut short');
  assert.equal(offsetOf([0x41, 0xed, 0xa0, 0x80]), 1, 'a UTF-16 surrogate');
  assert.equal(offsetOf([0xc0, 0xaf]), 0, 'an overlong form');
  assert.equal(offsetOf([0x41, 0xe2, 0x82]), 1, 'cut at the end');
  assert.match(new Utf8Error(9, 0xff).message, /^not valid UTF-8 at byte offset 9: the byte 0xFF does not begin a UTF-8 character/);
});
