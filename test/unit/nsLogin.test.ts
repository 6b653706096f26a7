import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseProtocol, md5Response, parseHostPort } from '../../main/msnp/nsLogin';
import { ProtocolError } from '../../main/msnp/errors';

describe('sign-in helpers', () => {
  it('answers the MD5 challenge with lowercase hex md5(salt + password)', () => {
    // RFC 1321's test vector for "abc", split between salt and password.
    assert.equal(md5Response('a', 'bc'), '900150983cd24fb0d6963f7d28e17f72');
    assert.match(md5Response('salt', 'pw'), /^[0-9a-f]{32}$/);
    assert.equal(md5Response('', 'abc'), '900150983cd24fb0d6963f7d28e17f72');
  });

  it('takes the dialect the server chose, and the highest offered one when it echoes a list', () => {
    const warnings: string[] = [];
    const warn = (code: string): void => void warnings.push(code);
    assert.equal(chooseProtocol(['MSNP5', 'MSNP4', 'CVR0'], ['MSNP5'], warn, ''), 'MSNP5');
    assert.equal(chooseProtocol(['MSNP5', 'MSNP4', 'CVR0'], ['MSNP4'], warn, ''), 'MSNP4');
    assert.deepEqual(warnings, []);
    assert.equal(chooseProtocol(['MSNP5', 'MSNP4', 'CVR0'], ['MSNP4', 'MSNP5', 'CVR0'], warn, ''), 'MSNP5');
    assert.deepEqual(warnings, ['ver-several']);
  });

  it('refuses a server that chose nothing or something never offered', () => {
    const warn = (): void => {};
    assert.throws(() => chooseProtocol(['MSNP5', 'CVR0'], ['0'], warn, 'VER 1 0'), (e: unknown) => e instanceof ProtocolError && /none of the offered/.test(e.message));
    assert.throws(() => chooseProtocol(['MSNP5', 'CVR0'], ['MSNP8'], warn, 'VER 1 MSNP8'), /not offered/);
  });

  it('reads host:port from redirects', () => {
    assert.deepEqual(parseHostPort('10.0.0.5:1863'), { host: '10.0.0.5', port: 1863 });
    assert.deepEqual(parseHostPort('example.com'), { host: 'example.com', port: 1863 });
    assert.deepEqual(parseHostPort('[::1]:1864'), { host: '::1', port: 1864 });
    assert.equal(parseHostPort('a:99999'), null);
    assert.equal(parseHostPort('a:b:c'), null);
  });
});
