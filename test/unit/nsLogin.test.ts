import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseProtocol,
  handshake,
  isLoopbackHost,
  mayUsePlainPassword,
  md5Response,
  NoCommonVersionError,
  parseHostPort,
  versionRange,
} from '../../main/msnp/nsLogin';
import { PlainPasswordRefusedError, ProtocolError } from '../../main/msnp/errors';
import type { Connection } from '../../main/msnp/connection';
import type { Command } from '../../main/msnp/command';

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

  it('refuses a server that chose nothing, only CVR0 or something never offered, naming what was offered', () => {
    const warn = (): void => {};
    for (const replied of [['0'], [], ['CVR0'], ['MSNP8']]) {
      assert.throws(
        () => chooseProtocol(['MSNP5', 'MSNP4', 'CVR0'], replied, warn, `VER 1 ${replied.join(' ')}`),
        (e: unknown) =>
          e instanceof NoCommonVersionError &&
          e instanceof ProtocolError &&
          e.message === 'the server does not speak MSNP4-5 (it answered no version we offered)',
      );
    }
  });

  it('names the versions offered as a range', () => {
    assert.equal(versionRange(['MSNP5', 'MSNP4', 'MSNP3', 'MSNP2', 'CVR0']), 'MSNP2-5');
    assert.equal(versionRange(['MSNP5', 'CVR0']), 'MSNP5');
    assert.equal(versionRange(['MSNP5', 'MSNP3']), 'MSNP3 or MSNP5');
    assert.equal(versionRange(['MSNP2', 'MSNP4', 'MSNP5']), 'MSNP2, MSNP4 or MSNP5');
  });

  it('reads host:port from redirects', () => {
    assert.deepEqual(parseHostPort('10.0.0.5:1863'), { host: '10.0.0.5', port: 1863 });
    assert.deepEqual(parseHostPort('example.com'), { host: 'example.com', port: 1863 });
    assert.deepEqual(parseHostPort('[::1]:1864'), { host: '::1', port: 1864 });
    assert.equal(parseHostPort('a:99999'), null);
    assert.equal(parseHostPort('a:b:c'), null);
  });

  it('knows which servers are on this computer', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST.', 'sandbox.localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of ['128.0.0.1', '10.0.0.5', '192.168.1.1', 'example.com', 'localhost.example.com', '127.0.0.1.nip.io', '::2', '1::1', '']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });

  it('sends a CTP password only to a loopback server, unless the caller allows it', () => {
    assert.equal(mayUsePlainPassword({ host: '127.0.0.1' }), true);
    assert.equal(mayUsePlainPassword({ host: 'localhost', address: '::1' }), true);
    assert.equal(mayUsePlainPassword({ host: 'msn.example.org', address: '203.0.113.5' }), false);
    assert.equal(mayUsePlainPassword({ host: '203.0.113.5' }, false), false);
    // The address connected to decides over the name.
    assert.equal(mayUsePlainPassword({ host: 'localhost', address: '203.0.113.5' }), false);
    assert.equal(mayUsePlainPassword({ host: 'msn.example.org', address: '203.0.113.5' }, true), true);
  });

  it('refuses a remote server that offers only CTP before sending the address or the password', async () => {
    const sent: string[] = [];
    const reply = (name: string, args: string[]): Command => ({ name, trId: 1, args, raw: [name, 1, ...args].join(' ') }) as Command;
    const fake = {
      remoteHost: 'msn.example.org',
      remoteAddress: '203.0.113.5',
      remotePort: 1863,
      request: async (name: string, args: string[] = []) => {
        sent.push([name, ...args].join(' '));
        return name === 'VER' ? reply('VER', ['MSNP2']) : name === 'INF' ? reply('INF', ['CTP']) : reply('USR', ['CTP', 'S']);
      },
    } as unknown as Connection;
    const options = { email: 'a@example.com', password: 'secret', protocols: ['MSNP2', 'CVR0'] };
    await assert.rejects(
      handshake(fake, options, () => {}),
      (e: unknown) =>
        e instanceof PlainPasswordRefusedError &&
        e.message === 'the server asked for the password in plain text, which Butterfly does not send over the network',
    );
    assert.deepEqual(sent, ['VER MSNP2 CVR0', 'INF']);
    // Allowed explicitly, the same server gets the password.
    sent.length = 0;
    await handshake(fake, { ...options, allowPlainPassword: true }, () => {}).catch(() => {});
    assert.deepEqual(sent, ['VER MSNP2 CVR0', 'INF', 'USR CTP I a@example.com', 'USR CTP S secret']);
  });
});
