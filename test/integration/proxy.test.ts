// Every notification-server and switchboard connection through a proxy server (SOCKS 5, SOCKS 4, HTTP
// CONNECT), counted by local proxies, and each way a proxy can fail as its own error.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { ALICE, BOB, Sessions, closedPort, incoming, startServer, waitFor } from './helpers';
import { startHttpProxy, startSocksProxy, type TestProxy } from '../support/proxyServers';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { ConversationManager } from '../../main/msnp/conversations';
import type { ConversationEvents } from '../../main/msnp/conversation';
import { ConnectionError, ProxyError } from '../../main/msnp/errors';
import type { ProxyConfig } from '../../main/msnp/proxy';
import { DEFAULT_FORMAT } from '../../app/messageFormat';
import { describeSignInError } from '../../main/service/signInErrors';

const OPTS = { callTimeoutMs: 3_000, requestTimeoutMs: 3_000 };

describe('connecting through a proxy server', () => {
  let server: MsnpTestServer;
  const sessions = new Sessions();
  const proxies: TestProxy[] = [];
  const managers: ConversationManager[] = [];
  const proxy = async (start: Promise<TestProxy>) => {
    const p = await start;
    proxies.push(p);
    return p;
  };
  const signIn = (config: ProxyConfig) => sessions.signIn(server, ALICE, { proxy: config });
  const signInFails = async (config: ProxyConfig): Promise<ProxyError> => {
    const err = await signIn(config).then(
      () => assert.fail('the sign-in should have failed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ProxyError, `a ProxyError, not ${String(err)}`);
    return err;
  };
  const ports = () => ({
    ds: `127.0.0.1:${server.dispatchPort}`,
    ns: `127.0.0.1:${server.nsPort}`,
    sb: `127.0.0.1:${server.sbPort}`,
  });

  before(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    for (const m of managers.splice(0)) m.closeAll();
    await sessions.closeAll();
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });
  after(async () => {
    await server.stop();
  });

  it('signs in through SOCKS 5, the redirected NS and both ends of a conversation going through it', async () => {
    const socks = await proxy(startSocksProxy());
    const config: ProxyConfig = { type: 'socks5', host: '127.0.0.1', port: socks.port };
    const alice = await signIn(config);
    assert.equal(alice.status, 'online');
    assert.deepEqual(
      socks.relayed,
      [ports().ds, ports().ns],
      'the dispatch server, then the NS it redirected to',
    );
    assert.equal(alice.proxy, config);

    const bob = await sessions.signIn(server, BOB, { proxy: config });
    const aliceChats = new ConversationManager(alice, OPTS);
    const bobChats = new ConversationManager(bob, OPTS);
    managers.push(aliceChats, bobChats);
    const ringing = incoming(bobChats);
    const chat = aliceChats.open([BOB.email]);
    const delivered = waitFor<ConversationEvents['delivery']>((l) => chat.on('delivery', l));
    chat.sendText('through the proxy', DEFAULT_FORMAT);
    const bobSide = await ringing;
    const heard = await waitFor<ConversationEvents['message']>(
      (l) => bobSide.on('message', l),
      (m) => m.direction === 'in',
    );
    assert.equal(heard.text, 'through the proxy');
    assert.equal((await delivered).status, 'delivered');
    // Alice called (XFR's switchboard) and Bob answered the ring: two switchboard connections, both relayed.
    assert.deepEqual(
      socks.relayed.filter((t) => t === ports().sb),
      [ports().sb, ports().sb],
    );
    assert.equal(socks.relayed.length, 6, 'two sign-ins of two connections each, and two switchboards');
  });

  it('signs in through SOCKS 5 with a user name and password', async () => {
    const socks = await proxy(
      startSocksProxy({ credentials: { user: 'mad hatter', password: 'tea party' } }),
    );
    const alice = await signIn({
      type: 'socks5',
      host: '127.0.0.1',
      port: socks.port,
      user: 'mad hatter',
      password: 'tea party',
    });
    assert.equal(alice.status, 'online');
    assert.equal(socks.relayed.length, 2);
  });

  it('says when SOCKS 5 refuses the password, and when it wants one that was not given', async () => {
    const socks = await proxy(startSocksProxy({ credentials: { user: 'hatter', password: 'right' } }));
    const wrong = await signInFails({
      type: 'socks5',
      host: '127.0.0.1',
      port: socks.port,
      user: 'hatter',
      password: 'wrong',
    });
    assert.equal(wrong.problem, 'credentialsRefused');
    assert.equal(
      wrong.message,
      `the proxy server at 127.0.0.1:${socks.port} did not accept the user name and password`,
    );
    const none = await signInFails({ type: 'socks5', host: '127.0.0.1', port: socks.port });
    assert.equal(none.problem, 'credentialsNeeded');
    assert.equal(
      describeSignInError(none, 'the server at example.com:1863').message,
      `The proxy server at 127.0.0.1:${socks.port} needs a user name and password. Enter them in Options ▸ Connection.`,
    );
    assert.deepEqual(socks.relayed, []);
  });

  it('signs in through SOCKS 4', async () => {
    const socks = await proxy(startSocksProxy());
    const alice = await signIn({ type: 'socks4', host: '127.0.0.1', port: socks.port, user: 'alice' });
    assert.equal(alice.status, 'online');
    assert.deepEqual(socks.relayed, [ports().ds, ports().ns]);
  });

  it('signs in through an HTTP proxy with CONNECT, with and without Basic authentication', async () => {
    const open = await proxy(startHttpProxy());
    assert.equal((await signIn({ type: 'http', host: '127.0.0.1', port: open.port })).status, 'online');
    assert.deepEqual(open.relayed, [ports().ds, ports().ns]);
    await sessions.closeAll();

    const guarded = await proxy(startHttpProxy({ credentials: { user: 'alice', password: 'rabbit hole' } }));
    const alice = await signIn({
      type: 'http',
      host: '127.0.0.1',
      port: guarded.port,
      user: 'alice',
      password: 'rabbit hole',
    });
    assert.equal(alice.status, 'online');
    assert.equal(guarded.relayed.length, 2);
    const wrong = await signInFails({
      type: 'http',
      host: '127.0.0.1',
      port: guarded.port,
      user: 'alice',
      password: 'nope',
    });
    assert.equal(wrong.problem, 'credentialsRefused');
    const none = await signInFails({ type: 'http', host: '127.0.0.1', port: guarded.port });
    assert.equal(none.problem, 'credentialsNeeded');
  });

  it('says the proxy is not reachable when nothing listens on its port', async () => {
    const port = await closedPort();
    const err = await signInFails({ type: 'socks5', host: '127.0.0.1', port });
    assert.equal(err.problem, 'unreachable');
    assert.ok(err instanceof ConnectionError, 'a failure to connect, for whatever handles those');
    assert.equal(
      describeSignInError(err, 'the server at example.com:1863').message,
      `Butterfly could not reach the proxy server at 127.0.0.1:${port}. Check its address in Options ▸ Connection.`,
    );
    const http = await signInFails({ type: 'http', host: '127.0.0.1', port });
    assert.equal(http.problem, 'unreachable');
  });

  it('says the proxy could not reach the server, or refused the connection', async () => {
    const dead = await closedPort();
    const socks = await proxy(startSocksProxy());
    const session = sessions.make({ proxy: { type: 'socks5', host: '127.0.0.1', port: socks.port } });
    const signIn = (s: typeof session) =>
      s.signIn({ host: '127.0.0.1', port: dead, email: ALICE.email, password: ALICE.password });
    const unreachable = await signIn(session).catch((e: unknown) => e);
    assert.ok(unreachable instanceof ProxyError);
    assert.equal(unreachable.problem, 'serverUnreachable');
    assert.equal(
      unreachable.message,
      `the proxy server at 127.0.0.1:${socks.port} could not reach 127.0.0.1:${dead}`,
    );

    const http = await proxy(startHttpProxy());
    const viaHttp = await signIn(
      sessions.make({ proxy: { type: 'http', host: '127.0.0.1', port: http.port } }),
    ).catch((e: unknown) => e);
    assert.ok(viaHttp instanceof ProxyError);
    assert.equal(viaHttp.problem, 'serverUnreachable');

    const strict = await proxy(startSocksProxy({ refuseWith: 2 }));
    const refused = await signInFails({ type: 'socks5', host: '127.0.0.1', port: strict.port });
    assert.equal(refused.problem, 'refused');
    const forbidding = await proxy(startHttpProxy({ refuseWith: 403 }));
    assert.equal(
      (await signInFails({ type: 'http', host: '127.0.0.1', port: forbidding.port })).problem,
      'refused',
    );
  });

  it('says a server that answers like no proxy is not one, and times out one that never answers', async () => {
    // Something else on the port: it greets in its own way and hangs up.
    const other = net.createServer((s) => s.end('220 mail.example.com ESMTP\r\n').resume());
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherPort = (other.address() as net.AddressInfo).port;
    try {
      const notSocks = await signInFails({ type: 'socks5', host: '127.0.0.1', port: otherPort });
      assert.equal(notSocks.problem, 'notAProxy');
      assert.equal(
        notSocks.message,
        `the proxy server at 127.0.0.1:${otherPort} did not answer as a SOCKS 5 proxy`,
      );
      const notHttp = await signInFails({ type: 'http', host: '127.0.0.1', port: otherPort });
      assert.equal(notHttp.problem, 'notAProxy');
      assert.match(notHttp.message, /did not answer as an HTTP proxy$/);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }

    // It reads (so it sees the other side close) and never says a word.
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => held.push(s.resume()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const s = sessions.make({ connectTimeoutMs: 200, proxy: { type: 'socks5', host: '127.0.0.1', port } });
      const err = await s
        .signIn({
          host: '127.0.0.1',
          port: server.dispatchPort,
          email: ALICE.email,
          password: ALICE.password,
        })
        .catch((e: unknown) => e);
      assert.ok(err instanceof ConnectionError && !(err instanceof ProxyError), String(err));
      assert.equal(err.reason, 'timeout');
      assert.equal(s.timerCount, 0, 'nothing left running');
      // The proxy's socket was let go: the silent server sees it close.
      await Promise.all(
        held.map((h) => (h.closed ? Promise.resolve() : new Promise((resolve) => h.once('close', resolve)))),
      );
    } finally {
      for (const h of held) h.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
