// The account service with Options ▸ Connection's proxy: stored with the settings, its password kept
// encrypted (or, without a secret store, only in memory), and used by the next sign-in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MsnpTestServer, type SandboxAccountInit } from '../../main/sandbox/server';
import { startSocksProxy, type TestProxy } from '../support/proxyServers';
import { validateCall } from '../../main/service/validate';
import { makeService, request, tempDir, testSecrets } from './serviceHelpers';

const ME: SandboxAccountInit = { email: 'me@proxy.example', password: 'through-the-wall', nickname: 'Me' };
const CREDENTIALS = { user: 'gate keeper', password: 'open sesame' };

describe('the account service signing in through a proxy', () => {
  let server: MsnpTestServer;
  let socks: TestProxy;
  let address: string;
  before(async () => {
    server = new MsnpTestServer({ accounts: [ME] });
    await server.start();
    address = `127.0.0.1:${server.dispatchPort}`;
    socks = await startSocksProxy({ credentials: CREDENTIALS });
  });
  after(async () => {
    await socks.close();
    await server.stop();
  });

  it('keeps the proxy in the settings and its password encrypted, and signs in through it after a restart', async () => {
    const dir = await tempDir();
    const secrets = testSecrets();
    const first = await makeService({ secrets }, dir);
    const before = (await first.service.getSnapshot()).settings.proxy;
    assert.deepEqual(
      before,
      { type: 'none', host: '', port: 1080, user: '', hasPassword: false },
      'old settings files load with no proxy',
    );
    const proxy = { type: 'socks5' as const, host: '127.0.0.1', port: socks.port, user: CREDENTIALS.user };
    await first.service.updateSettings({ proxy: { ...proxy, password: CREDENTIALS.password } });
    assert.deepEqual((await first.service.getSnapshot()).settings.proxy, { ...proxy, hasPassword: true });
    await first.service.signIn(request(ME.email, ME.password, address));
    assert.equal((await first.service.getSnapshot()).session.phase, 'online');
    assert.deepEqual(socks.relayed, [address, `127.0.0.1:${server.nsPort}`]);
    await first.service.signOut();
    await first.close();

    const settings = await readFile(path.join(dir, 'settings.json'), 'utf8');
    assert.deepEqual((JSON.parse(settings) as { proxy: unknown }).proxy, proxy);
    const kept = await readFile(path.join(dir, 'secrets.json'), 'utf8');
    assert.ok(
      !settings.includes(CREDENTIALS.password) && !kept.includes(CREDENTIALS.password),
      'the password is never in plain text',
    );

    // The same secret store after a restart (the tests' cipher lives in this process).
    const second = await makeService({ secrets }, dir);
    assert.deepEqual((await second.service.getSnapshot()).settings.proxy, { ...proxy, hasPassword: true });
    await second.service.signIn(request(ME.email, ME.password, address));
    assert.equal(socks.relayed.length, 4);
    await second.service.signOut();

    // Turned off and on again, the proxy keeps its password.
    await second.service.updateSettings({ proxy: { ...proxy, type: 'none' } });
    assert.equal((await second.service.getSnapshot()).settings.proxy.hasPassword, false);
    await second.service.updateSettings({ proxy });
    assert.deepEqual((await second.service.getSnapshot()).settings.proxy, { ...proxy, hasPassword: true });

    // Another user name does not inherit the password, and the proxy says what is missing.
    await second.service.updateSettings({ proxy: { ...proxy, user: 'someone else' } });
    assert.equal((await second.service.getSnapshot()).settings.proxy.hasPassword, false);
    await assert.rejects(
      second.service.signIn(request(ME.email, ME.password, address)),
      /^Error: The proxy server at 127\.0\.0\.1:\d+ needs a user name and password\. Enter them in Options ▸ Connection\.$/,
    );
    await second.close();
  });

  it('without a secret store (browser mode) keeps the proxy password in memory only', async () => {
    const t = await makeService({ environment: 'browser' });
    const proxy = { type: 'socks5' as const, host: '127.0.0.1', port: socks.port, user: CREDENTIALS.user };
    await t.service.updateSettings({ proxy: { ...proxy, password: CREDENTIALS.password } });
    const settings = (await t.service.getSnapshot()).settings;
    assert.equal(settings.canRememberPassword, false);
    assert.equal(settings.proxy.hasPassword, true);
    await t.service.signIn(request(ME.email, ME.password, address));
    assert.equal((await t.service.getSnapshot()).session.phase, 'online');
    await t.service.signOut();
    const secrets = await readFile(path.join(t.dir, 'secrets.json'), 'utf8').catch(() => '');
    assert.ok(!secrets.includes('proxy'), 'nothing of the proxy password on disk');
    // Forgetting it: the next sign-in has none to give.
    await t.service.updateSettings({ proxy: { ...proxy, password: '' } });
    assert.equal((await t.service.getSnapshot()).settings.proxy.hasPassword, false);
    await assert.rejects(
      t.service.signIn(request(ME.email, ME.password, address)),
      /needs a user name and password\. Enter them in Options ▸ Connection\.$/,
    );
    await t.close();
  });

  it('refuses a proxy setting that cannot be used, in one sentence', () => {
    const call = (proxy: unknown) => () => validateCall('updateSettings', [{ proxy }]);
    assert.throws(
      call({ type: 'socks5', host: '', port: 1080, user: '' }),
      /: Type the address of the proxy server\.$/,
    );
    assert.throws(
      call({ type: 'http', host: 'proxy.example', port: 0, user: '' }),
      /The proxy port is a number from 1 to 65535\./,
    );
    assert.throws(
      call({ type: 'socks6', host: 'proxy.example', port: 1080, user: '' }),
      /The proxy is None, SOCKS 4, SOCKS 5 or HTTP\./,
    );
    assert.throws(
      call({ type: 'http', host: 'bad host', port: 8080, user: '' }),
      /That is not a proxy server address/,
    );
    assert.throws(
      call({ type: 'http', host: 'p', port: 8080, user: '', password: 'x'.repeat(300) }),
      /That proxy password is too long\./,
    );
    assert.throws(call({ type: 'http', host: 'p', port: 8080, user: '', extra: 1 }));
    assert.deepEqual(
      validateCall('updateSettings', [{ proxy: { type: 'none', host: '', port: 1080, user: '' } }]),
      [{ proxy: { type: 'none', host: '', port: 1080, user: '' } }],
    );
  });
});
