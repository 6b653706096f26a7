import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBpr } from '../../main/msnp/bpr';

describe('BPR lines', () => {
  it('reads the MSNP5 shape with a list version and an address', () => {
    assert.deepEqual(parseBpr(['6', 'a@x.com', 'PHH', '1%20(222)']), { version: '6', email: 'a@x.com', key: 'PHH', value: '1%20(222)' });
  });

  it('reads a line without a version', () => {
    assert.deepEqual(parseBpr(['a@x.com', 'MOB', 'Y']), { version: undefined, email: 'a@x.com', key: 'MOB', value: 'Y' });
  });

  it('leaves the address out when the line names no one, with or without a version', () => {
    assert.deepEqual(parseBpr(['PHH', '555']), { version: undefined, email: undefined, key: 'PHH', value: '555' });
    assert.deepEqual(parseBpr(['7', 'PHW', '555']), { version: '7', email: undefined, key: 'PHW', value: '555' });
  });

  it('treats a missing or empty value as a cleared number', () => {
    assert.equal(parseBpr(['6', 'a@x.com', 'PHW']).value, undefined);
    assert.equal(parseBpr(['6', 'a@x.com', 'PHW', '']).value, undefined);
  });

  it('gives no key when it is missing or not a phone property', () => {
    assert.equal(parseBpr(['6', 'a@x.com', 'XYZ', '1']).key, undefined);
    assert.equal(parseBpr(['6', 'a@x.com']).key, undefined);
    assert.equal(parseBpr([]).key, undefined);
  });
});
