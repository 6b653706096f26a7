// Reconnecting over real sockets: the account service signs in again by itself when the connection drops
// (the server closing it, or going away and coming back on the same ports), on its backoff schedule, with
// the status the person chose; a sign-out or Cancel stops the tries; OUT OTH and OUT SSD are not retried.
// The schedule is shortened through the service's `reconnect` option, never waited out in real seconds.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { MessengerEvent, SessionState } from '../../app/contract';
import type { MessageStyle } from '../../app/conversation';
import { ConversationManager } from '../../main/msnp/conversations';
import { MsnpTestServer, type SandboxAccountInit } from '../../main/sandbox/server';
import type { ReconnectOptions } from '../../main/service/sessionController';
import { Sessions } from './helpers';
import { makeService, request, type TestService } from './serviceHelpers';

const ME: SandboxAccountInit = {
  email: 'me@test.example',
  password: 'reconnect-horse-17',
  nickname: 'Me',
  forward: ['friend@test.example'],
  allow: ['friend@test.example'],
};
const FRIEND: SandboxAccountInit = {
  email: 'friend@test.example',
  password: 'friendpw',
  nickname: 'Friend',
  forward: ['me@test.example'],
  allow: ['me@test.example'],
};
const PLAIN: MessageStyle = {
  font: 'Microsoft Sans Serif',
  bold: false,
  italic: false,
  underline: false,
  strikeout: false,
  color: '#000000',
};

/** 40, 80, 160, 160 … ms, less a tenth (the random source is fixed at 0.5 of a fifth). */
const QUICK: ReconnectOptions = { backoff: { baseMs: 40, maxMs: 160, jitter: 0.2 }, random: () => 0.5 };
const QUICK_WAITS = [36, 72, 144, 144, 144, 144];
const LOST = 'The connection to the server was lost.';

type SessionEvent = Extract<MessengerEvent, { type: 'session' }>;

describe('reconnecting after the connection drops', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  const sessions = new Sessions();
  afterEach(async () => {
    await sessions.closeAll();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });

  type Ports = { dispatch: number; ns: number; sb: number };
  const portsOf = (s: MsnpTestServer): Ports => ({ dispatch: s.dispatchPort, ns: s.nsPort, sb: s.sbPort });

  async function server(accounts = [ME, FRIEND], ports?: Ports) {
    const s = new MsnpTestServer({ accounts, ...(ports ? { ports } : {}) });
    await s.start();
    cleanups.push(() => s.stop());
    return s;
  }

  async function service(deps: Parameters<typeof makeService>[0] = {}): Promise<TestService> {
    const t = await makeService({ reconnect: QUICK, ...deps });
    cleanups.push(() => t.close());
    return t;
  }

  const signIn = (t: TestService, s: MsnpTestServer) =>
    t.service.signIn(request(ME.email, ME.password, `127.0.0.1:${s.dispatchPort}`));

  /** Closes the account's notification connection from the server's side, as a network drop would. */
  function drop(s: MsnpTestServer, email: string): void {
    const account = s.store.get(email);
    const signedIn = account && s.sessionOf(account);
    if (!signedIn) throw new Error(`${email} is not signed in`);
    signedIn.close();
  }

  /** The session states the service reported from event index `from` on. */
  const statesSince = (t: TestService, from: number): SessionState[] =>
    t.events.slice(from).flatMap((e) => (e.type === 'session' ? [e.session] : []));

  /** Resolves once `check` holds, checked now and after every event the service emits; rejects after timeoutMs. */
  function until(
    t: TestService,
    check: () => Promise<boolean>,
    what: string,
    timeoutMs = 5_000,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        off();
        if (err) reject(err);
        else resolve();
      };
      const probe = () =>
        void check().then(
          (ok) => ok && finish(),
          (err: unknown) => finish(err as Error),
        );
      const timer = setTimeout(() => finish(new Error(`not ${what} within ${timeoutMs} ms`)), timeoutMs);
      const off = t.service.subscribe(probe);
      probe();
    });
  }

  const presenceOf = async (t: TestService, email: string) =>
    (await t.service.getSnapshot()).account?.contacts.find((c) => c.email === email)?.status;

  it('signs in again after a drop mid-session, with the status you chose and everyone’s presence back', async () => {
    const s = await server();
    const friend = await sessions.signIn(s, FRIEND);
    const friendManager = new ConversationManager(friend, { requestTimeoutMs: 3_000, callTimeoutMs: 3_000 });
    cleanups.push(async () => friendManager.closeAll());
    const t = await service();
    await signIn(t, s);
    await t.service.setStatus('BSY');
    const before = await t.service.openConversation([FRIEND.email]);
    await t.service.sendMessage(before, 'before the drop', PLAIN);
    await t.next('line', (e) => e.line.kind === 'message' && e.line.delivery === 'delivered');

    const from = t.events.length;
    const back = t.next('session', (e) => e.session.phase === 'online');
    const signedInAgain = s.waitFor('signedIn', (e) => e.email === ME.email);
    drop(s, ME.email);
    await back;
    await signedInAgain;

    const states = statesSince(t, from);
    assert.deepEqual(states[0], {
      phase: 'reconnecting',
      progress: '',
      error: LOST,
      needsVerification: false,
      reconnect: { attempt: 1, retryAt: states[0]!.reconnect!.retryAt },
    });
    assert.equal(typeof states[0]!.reconnect!.retryAt, 'number');
    assert.deepEqual(states[1]?.reconnect, { attempt: 1, retryAt: null }, 'then the first try, under way');
    assert.deepEqual(states.at(-1), { phase: 'online', progress: '', error: '', needsVerification: false });
    assert.ok(
      states.every((st) => st.phase === 'reconnecting' || st.phase === 'online'),
      `never signed out on the way: ${states.map((st) => st.phase).join(', ')}`,
    );

    // The windows heard: the account gone (their conversations end), the list as last seen (Friend still
    // online, you still Busy) to show greyed, and the new session's account.
    const accounts = t.events.slice(from).flatMap((e) => (e.type === 'account' ? [e.account] : []));
    assert.equal(accounts.length, 3);
    assert.equal(accounts[0], null);
    assert.equal(accounts[1]?.self.status, 'BSY');
    assert.equal(accounts[1]?.contacts.find((c) => c.email === FRIEND.email)?.status, 'NLN');
    assert.equal(accounts[2]?.self.status, 'BSY');

    assert.equal(s.onlineStatus(ME.email), 'BSY', 'the server sees the status you chose');
    await until(t, async () => (await presenceOf(t, FRIEND.email)) === 'NLN', 'Friend online again');

    // The conversation cut off says so and stays ended; a new one starts from the list and works.
    const ended = t.events
      .slice(from)
      .flatMap((e) => (e.type === 'line' && e.conversationId === before ? [e.line] : []))
      .filter((l) => l.kind === 'system');
    assert.equal(ended.length, 1);
    assert.match(
      ended[0]!.kind === 'system' ? ended[0]!.text : '',
      /^The connection to the server was lost\. This conversation has ended; .* start a new one from your contact list\.$/,
    );
    await assert.rejects(t.service.sendMessage(before, 'into the old one', PLAIN), /has ended/);
    const fresh = await t.service.openConversation([FRIEND.email]);
    assert.notEqual(fresh, before);
    await t.service.sendMessage(fresh, 'after the drop', PLAIN);
    await t.next(
      'line',
      (e) => e.conversationId === fresh && e.line.kind === 'message' && e.line.delivery === 'delivered',
    );
  });

  it('keeps trying on its schedule while the server is gone, and comes back when it listens again', async () => {
    const first = await server();
    const ports = portsOf(first);
    await sessions.signIn(first, FRIEND);
    const t = await service();
    await signIn(t, first);
    await t.service.setStatus('AWY');

    // When each wait was announced, how long it said, and when its try started.
    const waits: { attempt: number; said: number; at: number; began?: number }[] = [];
    t.service.subscribe((e) => {
      const r = e.type === 'session' ? e.session.reconnect : undefined;
      if (!r) return;
      if (r.retryAt !== null)
        waits.push({ attempt: r.attempt, said: r.retryAt - Date.now(), at: Date.now() });
      else {
        const wait = waits.find((w) => w.attempt === r.attempt);
        if (wait) wait.began = Date.now();
      }
    });
    const thirdWait = t.next(
      'session',
      (e) => e.session.reconnect?.attempt === 3 && e.session.reconnect.retryAt !== null,
    );
    await first.stop();
    await thirdWait;

    // While it waits, a late window gets the list as last seen and the state of the tries.
    const meanwhile = await t.service.getSnapshot();
    assert.equal(meanwhile.session.phase, 'reconnecting');
    assert.equal(meanwhile.session.error, LOST);
    assert.equal(meanwhile.account?.self.status, 'AWY');
    assert.equal(meanwhile.account?.contacts.find((c) => c.email === FRIEND.email)?.status, 'NLN');
    assert.ok(
      t.warnings.some((w) => /^Reconnecting to the server at 127\.0\.0\.1:\d+ failed \(try 1\)/.test(w)),
    );

    const again = await server([ME, FRIEND], ports);
    await t.next('session', (e) => e.session.phase === 'online', 5_000);

    assert.ok(waits.length >= 3, `at least three waits: ${JSON.stringify(waits)}`);
    waits.forEach((w, i) => {
      assert.equal(w.attempt, i + 1, 'the tries are counted one by one');
      const planned = QUICK_WAITS[i]!;
      assert.ok(
        w.said <= planned && w.said >= planned - 20,
        `wait ${w.attempt} said ${w.said} ms, planned ${planned}`,
      );
      // Timers may fire a millisecond early by Date.now()'s rounding, never much.
      if (w.began !== undefined)
        assert.ok(w.began - w.at >= planned - 2, `try ${w.attempt} began after ${w.began - w.at} ms`);
    });
    assert.equal(again.onlineStatus(ME.email), 'AWY', 'back with the status you chose');
    assert.equal(await presenceOf(t, FRIEND.email), 'FLN', 'Friend has not come back yet');
    await sessions.signIn(again, FRIEND);
    await until(t, async () => (await presenceOf(t, FRIEND.email)) === 'NLN', 'Friend shown online');
  });

  it('keeps the password in memory only: nothing written holds it after a reconnect', async () => {
    const s = await server();
    const t = await service();
    await signIn(t, s);
    const back = t.next('session', (e) => e.session.phase === 'online');
    drop(s, ME.email);
    await back;
    await t.service.signOut();
    const files = await readdir(t.dir, { recursive: true, withFileTypes: true });
    for (const f of files.filter((e) => e.isFile())) {
      const text = await readFile(path.join(f.parentPath, f.name), 'utf8');
      assert.ok(!text.includes(ME.password), `${f.name} holds the password`);
    }
  });

  /** Signed in, then the server gone: resolves at the first wait, with the ports the server had. */
  async function waiting(t: TestService): Promise<Ports> {
    const s = await server();
    const ports = portsOf(s);
    await signIn(t, s);
    const wait = t.next(
      'session',
      (e) => e.session.phase === 'reconnecting' && e.session.reconnect?.retryAt !== null,
    );
    await s.stop();
    await wait;
    return ports;
  }

  /** Nothing more from the service for a few of the longest waits: no try was left behind. */
  async function quiet(t: TestService, from: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 3 * 160));
    // The inspector's count of traffic lines trails the last lines by its throttle; a new try would show in the
    // session's own events, which must be none.
    const after = t.events.slice(from).filter((e) => e.type !== 'inspector');
    assert.deepEqual(after, [], 'no event after the tries stopped');
  }

  it('stops trying when you cancel during a wait, and leaves you signed out with the reason', async () => {
    const t = await service({ reconnect: { backoff: { baseMs: 150, maxMs: 160 }, random: () => 0 } });
    await waiting(t);
    const from = t.events.length;
    await t.service.cancelSignIn();
    const after = t.events.slice(from);
    assert.deepEqual(
      after.map((e) => e.type),
      ['session', 'account'],
    );
    assert.deepEqual((after[0] as SessionEvent).session, {
      phase: 'signedOut',
      progress: '',
      error: 'The connection to the server was lost. Sign in again when you are back online.',
      needsVerification: false,
    });
    assert.equal((await t.service.getSnapshot()).account, null);
    await quiet(t, t.events.length);
  });

  it('stops trying when you sign out during a wait, as any sign-out you chose', async () => {
    const t = await service({ reconnect: { backoff: { baseMs: 150, maxMs: 160 }, random: () => 0 } });
    await waiting(t);
    const from = t.events.length;
    await t.service.signOut();
    assert.deepEqual((t.events[from] as SessionEvent).session, {
      phase: 'signedOut',
      progress: '',
      error: '',
      needsVerification: false,
    });
    await quiet(t, t.events.length);
    // And a new sign-in is possible at once.
    const s = await server();
    await signIn(t, s);
    assert.equal(t.service.sessionState.phase, 'online');
  });

  it('stops a try under way when you cancel, closing its connection', async () => {
    const t = await service();
    const ports = await waiting(t);
    // A listener on the server's port that takes the connection and never answers: the try waits on VER.
    const silent = net.createServer();
    const accepted: net.Socket[] = [];
    const connected = new Promise<net.Socket>((resolve) =>
      silent.on('connection', (socket) => {
        accepted.push(socket);
        socket.on('error', () => {});
        resolve(socket);
      }),
    );
    cleanups.push(async () => {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    await new Promise<void>((resolve) => silent.listen(ports.dispatch, '127.0.0.1', resolve));
    const socket = await connected;
    assert.equal(t.service.sessionState.phase, 'reconnecting');
    assert.equal(t.service.sessionState.reconnect?.retryAt, null, 'a try is under way');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await t.service.cancelSignIn();
    assert.equal(t.service.sessionState.phase, 'signedOut');
    await closed;
    const from = t.events.length;
    await quiet(t, from);
    assert.equal(accepted.length, 1, 'no other try connected');
  });

  it('does not reconnect when you sign in somewhere else (OUT OTH)', async () => {
    const s = await server();
    const t = await service();
    await signIn(t, s);
    const from = t.events.length;
    const ended = t.next('session', (e) => e.session.phase === 'signedOut');
    await sessions.signIn(s, ME);
    assert.equal((await ended).session.error, 'You signed in somewhere else, so you were signed out here.');
    assert.equal((await t.service.getSnapshot()).account, null);
    await quiet(t, t.events.length);
    assert.ok(!statesSince(t, from).some((st) => st.phase === 'reconnecting'));
  });

  it('does not reconnect when the server shuts down (OUT SSD)', async () => {
    const s = await server();
    const t = await service();
    await signIn(t, s);
    const from = t.events.length;
    const ended = t.next('session', (e) => e.session.phase === 'signedOut');
    s.inject(ME.email, 'OUT SSD\r\n');
    assert.equal(
      (await ended).session.error,
      'The server is shutting down, so you were signed out. Try again later.',
    );
    await quiet(t, t.events.length);
    assert.ok(!statesSince(t, from).some((st) => st.phase === 'reconnecting'));
    assert.equal(s.isOnline(ME.email), false);
  });

  it('stops trying when the server no longer accepts your password, and says so', async () => {
    const first = await server();
    const ports = portsOf(first);
    const t = await service();
    await signIn(t, first);
    const wait = t.next('session', (e) => e.session.reconnect?.retryAt !== null);
    await first.stop();
    await wait;
    const ended = t.next('session', (e) => e.session.phase === 'signedOut');
    await server([{ ...ME, password: 'changed-elsewhere' }, FRIEND], ports);
    assert.equal(
      (await ended).session.error,
      'The server did not accept your e-mail address or password. Check them and sign in again.',
    );
    assert.equal(t.events.at(-1)?.type, 'account');
    await quiet(t, t.events.length);
  });
});
