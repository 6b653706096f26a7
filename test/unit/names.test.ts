import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ENCODED_NAME, decodeName, encodeName } from '../../main/msnp/names';

describe('encodeName', () => {
  it('percent-encodes spaces and non-ASCII as UTF-8 so the field never holds a space', () => {
    assert.equal(encodeName('example user'), 'example%20user');
    assert.equal(encodeName('caf\u00e9'), 'caf%C3%A9');
    assert.equal(encodeName('\u{1F98B}'), '%F0%9F%A6%8B');
    assert.equal(encodeName('100% sure'), '100%25%20sure');
  });

  it('turns line breaks and tabs into one space so a name cannot smuggle a command', () => {
    assert.equal(encodeName('a\r\nOUT\tb'), 'a%20OUT%20b');
  });

  it('replaces a lone surrogate instead of throwing', () => {
    assert.equal(encodeName('a\uD800'), 'a%EF%BF%BD');
    assert.equal(encodeName('\uDC00b'), '%EF%BF%BDb');
    assert.equal(encodeName('\uD83D\uDE00'), '%F0%9F%98%80');
  });

  it('keeps the classic limit available to callers', () => {
    assert.equal(MAX_ENCODED_NAME, 387);
  });
});

describe('decodeName', () => {
  it('round-trips names with spaces, accents, CJK, emoji and percent signs, without warnings', () => {
    for (const name of [
      'example user',
      'Zoë  & Chloé',
      '\u65e5\u672c\u8a9e',
      '\u{1F98B} butterfly \u{1F600}',
      '100% %20 literal',
      '(*^_^*) ~!',
    ]) {
      assert.deepEqual(decodeName(encodeName(name)), { value: name });
    }
  });

  it('reads a plain ASCII field as it is', () => {
    assert.deepEqual(decodeName('anotheruser@hotmail.com'), { value: 'anotheruser@hotmail.com' });
    assert.deepEqual(decodeName(''), { value: '' });
  });

  it('keeps a raw % as written and warns of a malformed escape', () => {
    assert.deepEqual(decodeName('100%'), { value: '100%', warning: 'malformed-escape' });
    assert.deepEqual(decodeName('%'), { value: '%', warning: 'malformed-escape' });
  });

  it('keeps %zz as written and still decodes the good escapes beside it', () => {
    assert.deepEqual(decodeName('a%zz%20b'), { value: 'a%zz b', warning: 'malformed-escape' });
  });

  it('turns a truncated UTF-8 sequence into U+FFFD with a warning', () => {
    assert.deepEqual(decodeName('%E2%82'), { value: '\uFFFD', warning: 'invalid-utf8' });
    assert.deepEqual(decodeName('ok%E2%82%20'), { value: 'ok\uFFFD ', warning: 'invalid-utf8' });
    assert.deepEqual(decodeName('%FF'), { value: '\uFFFD', warning: 'invalid-utf8' });
  });

  it('passes unencoded UTF-8 through with a warning, alone or mixed with escapes', () => {
    assert.deepEqual(decodeName('caf\u00e9'), { value: 'caf\u00e9', warning: 'not-encoded' });
    assert.deepEqual(decodeName('caf\u00e9%20bar'), { value: 'caf\u00e9 bar', warning: 'not-encoded' });
    assert.deepEqual(decodeName('\u{1F600}%zz'), { value: '\u{1F600}%zz', warning: 'malformed-escape' });
  });

  it('never throws, whatever the field', () => {
    for (const field of [
      '%',
      '%%',
      '%%%41',
      '%E2%82%AC%',
      '%C0%AF',
      '%ED%A0%80',
      '\uD800%41',
      '%00',
      'a%2',
      '%g0',
    ]) {
      assert.doesNotThrow(() => decodeName(field), field);
      assert.equal(typeof decodeName(field).value, 'string');
    }
  });

  it('does not decode twice: %2520 becomes the text %20', () => {
    assert.deepEqual(decodeName('%2520'), { value: '%20' });
  });
});
