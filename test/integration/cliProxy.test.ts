// msnp --proxy: the command line signs in through a local SOCKS 5 or HTTP proxy, and says in one
// sentence what is wrong with a proxy address it cannot use.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, startServer } from './helpers';
import { runMsnp } from './cliRun';
import { startHttpProxy, startSocksProxy, type TestProxy } from '../support/proxyServers';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { parseProxy, UsageError } from '../../main/cli/args';

describe('msnp --proxy', () => {
  let server: MsnpTestServer;
  let socks: TestProxy;
  let web: TestProxy;
  const login = (proxy: string) =>
    runMsnp([
      'login',
      '--server',
      `127.0.0.1:${server.dispatchPort}`,
      '--user',
      ALICE.email,
      '--password',
      ALICE.password,
      '--proxy',
      proxy,
    ]);
  before(async () => {
    server = await startServer();
    socks = await startSocksProxy({ credentials: { user: 'cli', password: 'p@ss word' } });
    web = await startHttpProxy();
  });
  after(async () => {
    await Promise.all([socks.close(), web.close()]);
    await server.stop();
  });

  it('signs in through SOCKS 5 with a user name and password, and through HTTP', async () => {
    const r = await login(`socks5://cli:p%40ss%20word@127.0.0.1:${socks.port}`);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(socks.relayed, [`127.0.0.1:${server.dispatchPort}`, `127.0.0.1:${server.nsPort}`]);
    const h = await login(`http://127.0.0.1:${web.port}`);
    assert.equal(h.code, 0, h.stderr);
    assert.equal(web.relayed.length, 2);
  });

  it('exits 1 with the proxy sentence when it refuses the password', async () => {
    const r = await login(`socks5://cli:wrong@127.0.0.1:${socks.port}`);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      `msnp: the proxy server at 127.0.0.1:${socks.port} did not accept the user name and password`,
    );
  });

  it('exits 2 with one sentence for a proxy address it cannot use', async () => {
    const r = await login('ftp://127.0.0.1:21');
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr.trim(),
      'msnp: --proxy must be socks5://, socks4:// or http:// followed by HOST:PORT, not "ftp://127.0.0.1:21"',
    );
    for (const bad of [
      'socks5://127.0.0.1',
      'socks5://:1080',
      'not a url',
      'http://h:8080/path',
      'socks5://h:99999',
    ])
      assert.throws(() => parseProxy(bad), UsageError, bad);
    assert.throws(() => parseProxy('socks4://u:p@h:1080'), /SOCKS 4 proxy takes a user name but no password/);
    // The refusal repeats the address but never a password typed in it.
    for (const [typed, shown] of [
      ['socks5://me:s3cret@proxy.example', '"socks5://…@proxy.example"'],
      ['me:s3cret@proxy.example:1080', '"…@proxy.example:1080"'],
      ['socks5://me:p@ss@w0rd@h', '"socks5://…@h"'],
    ])
      assert.throws(
        () => parseProxy(typed!),
        (err: Error) => err.message.endsWith(shown!) && !/s3cret|w0rd/.test(err.message),
        typed,
      );
    assert.deepEqual(parseProxy('socks4://me@10.0.0.1:1080'), {
      type: 'socks4',
      host: '10.0.0.1',
      port: 1080,
      user: 'me',
      password: undefined,
    });
    assert.deepEqual(parseProxy('http://[::1]:3128'), {
      type: 'http',
      host: '::1',
      port: 3128,
      user: undefined,
      password: undefined,
    });
  });
});
