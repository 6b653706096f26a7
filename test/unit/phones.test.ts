import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_PHONE_BYTES,
  decodePhoneValue,
  encodePhoneValue,
  isPhoneKey,
  validatePhoneValue,
} from '../../main/msnp/phones';

describe('isPhoneKey', () => {
  it('accepts the four phone properties and nothing else', () => {
    for (const key of ['PHH', 'PHW', 'PHM', 'MOB']) assert.equal(isPhoneKey(key), true, key);
    for (const key of ['MBE', 'MFN', 'phh', '', 'NICE', 'toString'])
      assert.equal(isPhoneKey(key), false, key);
  });
});

describe('validatePhoneValue', () => {
  it("encodes a number the way the docs' example sends it", () => {
    assert.deepEqual(validatePhoneValue('PHH', '1 (222) 3333'), { ok: true, encoded: '1%20(222)%203333' });
  });

  it('trims the value and lets an empty one clear the number', () => {
    assert.deepEqual(validatePhoneValue('PHW', '  555 0101 '), { ok: true, encoded: '555%200101' });
    assert.deepEqual(validatePhoneValue('PHM', '   '), { ok: true, encoded: '' });
  });

  it('accepts exactly 95 encoded bytes and refuses 96 with a sentence', () => {
    assert.deepEqual(validatePhoneValue('PHH', '1'.repeat(MAX_PHONE_BYTES)), {
      ok: true,
      encoded: '1'.repeat(95),
    });
    const tooLong = validatePhoneValue('PHH', '1'.repeat(96));
    assert.equal(tooLong.ok, false);
    if (!tooLong.ok) assert.match(tooLong.error, /too long/);
  });

  it('counts encoded bytes, not characters: 32 spaces are 96 bytes', () => {
    assert.equal(validatePhoneValue('PHH', `1${' '.repeat(31)}2`).ok, true);
    assert.equal(validatePhoneValue('PHH', `1${' '.repeat(32)}2`).ok, false);
    assert.equal(validatePhoneValue('PHM', '☎'.repeat(11)).ok, false);
  });

  it('refuses control characters in a number', () => {
    assert.equal(validatePhoneValue('PHH', '555\u00000101').ok, false);
    assert.equal(validatePhoneValue('PHH', '555\r\nOUT').ok, false);
  });

  it('takes only Y or N for MOB (either case) and refuses everything else, even empty', () => {
    assert.deepEqual(validatePhoneValue('MOB', 'Y'), { ok: true, encoded: 'Y' });
    assert.deepEqual(validatePhoneValue('MOB', 'n'), { ok: true, encoded: 'N' });
    for (const bad of ['', 'YES', 'true', '1', 'Y N']) {
      const result = validatePhoneValue('MOB', bad);
      assert.equal(result.ok, false, bad);
      if (!result.ok) assert.match(result.error, /Y .* N/);
    }
  });

  it('refuses a key that is not a phone property even if the type system was bypassed', () => {
    assert.equal(validatePhoneValue('MFN' as never, 'x').ok, false);
  });

  it('does not throw on a lone surrogate', () => {
    assert.doesNotThrow(() => validatePhoneValue('PHH', '555\uD800'));
  });
});

describe('decodePhoneValue', () => {
  it('decodes a BPR value and reads a missing one as not set', () => {
    assert.deepEqual(decodePhoneValue('PHH', '1%20(444)%20222%203333'), { value: '1 (444) 222 3333' });
    assert.deepEqual(decodePhoneValue('PHW', undefined), { value: '' });
    assert.deepEqual(decodePhoneValue('PHW', ''), { value: '' });
  });

  it('round-trips a number with spaces and non-ASCII through encodePhoneValue', () => {
    for (const value of ['+44 20 7946 0958', 'poste 12 ☎', '555-0101 ext. 3']) {
      assert.equal(decodePhoneValue('PHM', encodePhoneValue(value)).value, value);
    }
  });

  it('passes on a decoding warning and flags a MOB that is neither Y nor N', () => {
    assert.deepEqual(decodePhoneValue('PHH', '%zz'), { value: '%zz', warning: 'malformed-escape' });
    assert.deepEqual(decodePhoneValue('MOB', 'Y'), { value: 'Y' });
    assert.deepEqual(decodePhoneValue('MOB', 'maybe'), { value: 'maybe', warning: 'bad-mob-flag' });
  });
});
