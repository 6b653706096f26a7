import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, DAVE, Sessions, closedPort, startServer } from './helpers';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { ConnectionError, MsnpError, ProtocolError, TimeoutError } from '../../main/msnp/errors';
import { MemoryListCache } from '../../main/msnp/listCache';

describe('signing in', () => {
  let server: MsnpTestServer;
  const sessions = new Sessions();
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await sessions.closeAll();
    await server.stop();
  });

  it('follows the dispatch redirect, syncs every list and goes online (the seed flow)', async () => {
    const traffic: string[] = [];
    const s = sessions.make();
    s.on('raw', (r) => traffic.push(`${r.direction === 'out' ? 'C' : 'S'}: ${r.server} ${r.line}`));
    const statuses: string[] = [];
    s.on('status', (st) => statuses.push(st));
    await s.signIn({ host: '127.0.0.1', port: server.dispatchPort, email: ALICE.email, password: ALICE.password });

    assert.deepEqual(statuses, ['connecting', 'connected', 'authenticating', 'connecting', 'connected', 'authenticating', 'online']);
    assert.ok(traffic.some((l) => l.includes(`:${server.dispatchPort} XFR`)), 'the dispatch server redirected');
    assert.ok(traffic.some((l) => l.startsWith(`C: 127.0.0.1:${server.nsPort} USR`)), 'the client reconnected to the NS');
    const snap = s.snapshot();
    assert.equal(snap.protocol, 'MSNP5');
    assert.equal(snap.self.email, ALICE.email);
    assert.equal(snap.self.nickname, 'Alice Liddell');
    assert.equal(snap.self.status, 'NLN');
    assert.deepEqual(snap.self.phones, { PHH: '1 (222) 333 4444', MOB: 'Y' });
    assert.equal(snap.privacy.blp, 'AL');
    assert.equal(snap.privacy.gtc, 'A');
    const bob = snap.contacts.find((c) => c.email === BOB.email);
    assert.ok(bob);
    assert.equal(bob.nickname, 'Bob Ünïcode ☃');
    assert.deepEqual(bob.lists, ['FL', 'AL', 'RL']);
    assert.equal(bob.phones.PHW, '+44 20 7946 0000');
    assert.equal(snap.mail.inboxUnread, 3);
    assert.equal(snap.mail.foldersUnread, 1);
    assert.ok(snap.profile['LoginTime'], 'the Hotmail profile arrived');
    assert.deepEqual(snap.warnings, []);
  });

  it('rejects a wrong password with error 911 as an authentication error', async () => {
    const s = sessions.make();
    await assert.rejects(
      s.signIn({ host: '127.0.0.1', port: server.dispatchPort, email: ALICE.email, password: 'nope' }),
      (err: unknown) => err instanceof MsnpError && err.code === 911 && err.isAuthError && /911/.test(err.message),
    );
    assert.equal(s.status, 'closed');
  });

  it('reports 924 for an account that is not verified', async () => {
    const s = sessions.make();
    await assert.rejects(
      s.signIn({ host: '127.0.0.1', port: server.dispatchPort, email: DAVE.email, password: DAVE.password }),
      (err: unknown) => err instanceof MsnpError && err.code === 924 && /verified/.test(err.message),
    );
  });

  it('explains a refused connection in one sentence', async () => {
    const port = await closedPort();
    const s = sessions.make();
    await assert.rejects(
      s.signIn({ host: '127.0.0.1', port, email: ALICE.email, password: ALICE.password }),
      (err: unknown) => err instanceof ConnectionError && err.message === `could not connect to 127.0.0.1:${port}: connection refused`,
    );
  });

  it('negotiates an older dialect when only that is offered', async () => {
    const s = await sessions.signIn(server, ALICE, { protocols: ['MSNP3', 'MSNP2', 'CVR0'] });
    assert.equal(s.protocol, 'MSNP3');
    // MSNP3 has no phone properties in SYN.
    assert.deepEqual(s.snapshot().self.phones, {});
    await s.signOut();
  });

  it('uses the cached lists when the SYN version is current and replaces them whole when stale', async () => {
    const cache = new MemoryListCache();
    const first = await sessions.signIn(server, BOB, { cache });
    const full = first.snapshot();
    await first.signOut();

    const lines: string[] = [];
    const second = sessions.make({ cache });
    second.on('raw', (r) => r.direction === 'in' && lines.push(r.line));
    await second.signIn({ host: '127.0.0.1', port: server.dispatchPort, email: BOB.email, password: BOB.password });
    assert.equal(lines.filter((l) => /^(LST|GTC|BLP|PRP|BPR) /.test(l)).length, 0, 'an up-to-date list costs no traffic');
    assert.deepEqual(
      second.snapshot().contacts.map((c) => [c.email, c.lists]),
      full.contacts.map((c) => [c.email, c.lists]),
    );
    await second.signOut();

    // Something changes on the server: the cached copy is now stale.
    const carol = await sessions.signIn(server, { email: 'carol@example.com', password: 'carolpw' });
    await carol.addToList('FL', BOB.email, BOB.email);
    await carol.signOut();

    const third = await sessions.signIn(server, BOB, { cache });
    const snap = third.snapshot();
    assert.ok(snap.listVersion > full.listVersion);
    assert.deepEqual(snap.contacts.find((c) => c.email === 'carol@example.com')?.lists, ['RL']);
    assert.deepEqual(snap.pendingAdds.map((p) => p.email), ['carol@example.com']);
    await third.signOut();
  });

  it('caches a list change together with its version, so an up-to-date SYN still has it', async () => {
    const cache = new MemoryListCache();
    const first = await sessions.signIn(server, ALICE, { cache });
    await first.setNickname('Alice Cached');
    await first.addToList('FL', DAVE.email, 'Cached Dave');
    const after = first.snapshot();
    await first.signOut();

    const lines: string[] = [];
    const second = sessions.make({ cache });
    second.on('raw', (r) => r.direction === 'in' && lines.push(r.line));
    await second.signIn({ host: '127.0.0.1', port: server.dispatchPort, email: ALICE.email, password: ALICE.password });
    assert.equal(lines.filter((l) => /^(LST|GTC|BLP|PRP|BPR) /.test(l)).length, 0, 'the SYN answered up to date');
    const snap = second.snapshot();
    assert.equal(snap.listVersion, after.listVersion);
    assert.deepEqual(snap.contacts.find((c) => c.email === DAVE.email)?.lists, ['FL']);
    assert.equal(snap.self.nickname, 'Alice Cached');
    await second.removeFromList('FL', DAVE.email);
    await second.signOut();

    const third = await sessions.signIn(server, ALICE, { cache });
    assert.equal(third.snapshot().contacts.find((c) => c.email === DAVE.email), undefined);
    await third.signOut();
  });
});

describe('servers that misbehave', () => {
  const sessions = new Sessions();
  after(() => sessions.closeAll());

  it('fails with a timeout, not a hang, when the server goes silent', async () => {
    const server = await startServer(undefined, { silentOn: ['SYN'] });
    try {
      const s = sessions.make({ requestTimeoutMs: 300 });
      await assert.rejects(
        s.signIn({ host: '127.0.0.1', port: server.dispatchPort, email: ALICE.email, password: ALICE.password }),
        (err: unknown) => err instanceof TimeoutError && /SYN/.test(err.message),
      );
      assert.equal(s.status, 'closed');
    } finally {
      await server.stop();
    }
  });

  it('reports a protocol error when the server closes in the middle of a payload', async () => {
    const server = await startServer(undefined, { closeMidPayload: true });
    try {
      const s = sessions.make();
      await assert.rejects(
        s.signIn({ host: '127.0.0.1', port: server.dispatchPort, email: ALICE.email, password: ALICE.password }),
        (err: unknown) => err instanceof ProtocolError && /middle of a command/.test(err.message),
      );
    } finally {
      await server.stop();
    }
  });

  it('sends the password as CTP to a loopback server that offers nothing else (MSNP2), and says so past MSNP2', async () => {
    const server = await startServer(undefined, { ctpOnly: true });
    try {
      const traffic: string[] = [];
      const s = sessions.make({ protocols: ['MSNP2', 'CVR0'] });
      s.on('raw', (r) => r.direction === 'out' && traffic.push(r.line));
      await s.signIn({ host: '127.0.0.1', port: server.dispatchPort, email: ALICE.email, password: ALICE.password });
      assert.equal(s.status, 'online');
      assert.equal(s.protocol, 'MSNP2');
      assert.ok(traffic.some((l) => /^USR \d+ CTP S wonderland$/.test(l)), traffic.join('\n'));
      assert.deepEqual(s.snapshot().warnings, []);
      await s.signOut();
      // CTP is documented for MSNP2 only: a later dialect still works, with a warning.
      const later = sessions.make({ protocols: ['MSNP5', 'CVR0'] });
      await later.signIn({ host: 'localhost', port: server.dispatchPort, email: ALICE.email, password: ALICE.password });
      // Once per server asked: the dispatch server and the notification server.
      assert.deepEqual(new Set(later.snapshot().warnings.map((w) => w.code)), new Set(['ctp-after-msnp2']));
      await later.signOut();
    } finally {
      await server.stop();
    }
  });

  it('signs in directly when the first server does not redirect', async () => {
    const server = await startServer(undefined, { directSignIn: true });
    try {
      const s = await sessions.signIn(server, ALICE);
      assert.equal(s.status, 'online');
      assert.equal(s.snapshot().contacts.length, 2);
      await s.signOut();
    } finally {
      await server.stop();
    }
  });

  it('tolerates swapped LST counters, late GTC/BLP, raw names, a doubled SYN reply and a CHG with a trailing field, and records each', async () => {
    const server = await startServer(undefined, {
      swapLstIndex: true,
      gtcBlpAfterLists: true,
      unencodedNames: true,
      duplicateSynReply: true,
      chgTrailingField: true,
    });
    try {
      const s = await sessions.signIn(server, ALICE);
      const snap = s.snapshot();
      const codes = new Set(snap.warnings.map((w) => w.code));
      for (const code of ['lst-index-swapped', 'gtc-after-lists', 'blp-after-lists', 'name-not-encoded', 'duplicate-reply', 'chg-trailing-field']) {
        assert.ok(codes.has(code), `warning ${code} was recorded (got ${[...codes].join(', ')})`);
      }
      assert.equal(snap.contacts.find((c) => c.email === BOB.email)?.nickname, 'Bob Ünïcode ☃');
      assert.equal(snap.privacy.gtc, 'A');
      await s.signOut();
    } finally {
      await server.stop();
    }
  });
});
