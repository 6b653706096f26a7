import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatTimeLeft, isExecutableName } from '../../app/conversation';

describe('what a transfer line says', () => {
  it('flags names Windows would run, whatever their case or trailing dots and spaces', () => {
    for (const name of [
      'setup.exe',
      'LOVE-LETTER-FOR-YOU.TXT.vbs',
      'a.VBE',
      'b.msp',
      'c.scf',
      'd.application',
      'e.exe. ',
      'f.lnk',
    ])
      assert.equal(isExecutableName(name), true, name);
    for (const name of ['photo.jpg', 'notes.txt', 'exe', 'setup.exe.txt', 'archive.zip', ''])
      assert.equal(isExecutableName(name), false, name);
  });

  it('writes sizes and times left as the window shows them', () => {
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(1000), '1000 bytes');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(600_000), '586 KB');
    assert.equal(formatBytes(3 * 1024 * 1024 + 17), '3.0 MB');
    assert.equal(formatBytes(-1), '');
    assert.equal(formatTimeLeft(null), '');
    assert.equal(formatTimeLeft(0.4), 'less than a second');
    assert.equal(formatTimeLeft(1), 'about 1 second');
    assert.equal(formatTimeLeft(42), 'about 42 seconds');
    assert.equal(formatTimeLeft(600), 'about 10 minutes');
    assert.equal(formatTimeLeft(3 * 3600), 'about 3.0 hours');
  });
});
