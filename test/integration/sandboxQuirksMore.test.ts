// The test server's deviations for server testing: each one really happens on the wire, and the engine
// tolerates it, naming it in a warning where it can see it.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { MsnpError, TimeoutError } from '../../main/msnp/errors';
import { MemoryListCache } from '../../main/msnp/listCache';
import { Switchboard } from '../../main/msnp/switchboard';
import { FIXED_SALT } from '../../main/sandbox/loginCommands';
import { SCRIPT_EMAIL, ScriptServer } from './faultsScript';
import { ALICE, BOB, CAROL, DAVE, nextEvent, Sessions, startServer, waitFor } from './helpers';
import { RawClient, signIn as rawSignIn } from './rawClient';

const sessions = new Sessions();

/** The test server's side of a notification connection, as much of it as the OUT OTH test reads. */
interface OldSession {
  email: string | null;
  phase: string;
  socket: Socket;
}
after(() => sessions.closeAll());

async function challenge(port: number, email: string): Promise<string> {
  const c = await RawClient.connect(port);
  try {
    c.send('VER', 'MSNP5', 'CVR0');
    await c.next();
    c.send('INF');
    await c.next();
    c.send('USR', 'MD5', 'I', email);
    return (await c.next()).args[2]!;
  } finally {
    c.raw('OUT\r\n');
  }
}

describe('sandbox deviations for server testing', () => {
  it('fixedSalt hands out the same salt at every sign-in, and the engine still signs in', async () => {
    const server = await startServer(undefined, { fixedSalt: true });
    try {
      assert.equal(await challenge(server.nsPort, ALICE.email), FIXED_SALT);
      assert.equal(await challenge(server.nsPort, BOB.email), FIXED_SALT);
      const s = await sessions.signIn(server, ALICE);
      assert.equal(s.status, 'online');
      await s.signOut();
    } finally {
      await server.stop();
    }
  });

  it('perConnectionSynVersion counts the version from 1 on each connection, so a kept version looks current', async () => {
    const server = await startServer(undefined, { perConnectionSynVersion: true });
    try {
      const first = await rawSignIn(server, ALICE);
      first.send('SYN', '0');
      const full = await first.next();
      assert.equal(full.raw, 'SYN 5 1');
      first.send('BLP', 'BL');
      await first.take((c) => c.name === 'BLP');
      first.raw('OUT\r\n');
      await first.closed;
      const second = await rawSignIn(server, ALICE);
      second.send('SYN', '1');
      assert.equal((await second.next()).raw, 'SYN 5 1');
      second.raw('PNG\r\n');
      assert.equal((await second.next()).name, 'QNG', 'nothing but the SYN line: the change is not sent');
      second.raw('OUT\r\n');
    } finally {
      await server.stop();
    }
  });

  it('perConnectionSynVersion: the engine signing in again with its kept version takes the lists whole and says the version went back', async () => {
    const server = await startServer(undefined, { perConnectionSynVersion: true });
    try {
      const cache = new MemoryListCache();
      const first = await sessions.signIn(server, ALICE, { cache });
      await first.addToList('FL', DAVE.email, 'Dave');
      assert.equal(first.snapshot().listVersion, 2);
      await first.signOut();
      const again = sessions.make({ cache });
      const warned = nextEvent(again, 'warning', (w) => w.code === 'list-version-backwards');
      const synced = nextEvent(again, 'synced');
      await again.signIn({
        host: '127.0.0.1',
        port: server.dispatchPort,
        email: ALICE.email,
        password: ALICE.password,
      });
      assert.equal((await warned).message, "the server's list version went back from 2 to 1");
      assert.deepEqual(await synced, {
        listVersion: 1,
        fromCache: false,
        contacts: again.snapshot().contacts.length,
      });
      assert.ok(again.snapshot().contacts.some((c) => c.email === DAVE.email && c.lists.includes('FL')));
      await again.signOut();
    } finally {
      await server.stop();
    }
  });

  it('errorsWithoutTrId sends error codes bare, and the engine takes one for its request with a warning', async () => {
    const server = await startServer(undefined, { errorsWithoutTrId: true });
    try {
      const raw = await rawSignIn(server, ALICE);
      raw.send('ADD', 'FL', 'not-an-address', 'x');
      assert.equal((await raw.next()).raw, '201');
      raw.raw('OUT\r\n');
      const s = await sessions.signIn(server, ALICE);
      const warned = nextEvent(s, 'warning');
      await assert.rejects(
        s.addToList('FL', 'nobody@nowhere.example'),
        (err: Error & { code?: number }) => err.code === 205,
      );
      const w = await warned;
      assert.equal(w.code, 'error-without-trid');
      assert.match(w.message, /^the server answered 20\d without its TrID$/);
    } finally {
      await server.stop();
    }
  });

  it('errorsWithoutTrId on the switchboard: CAL to someone offline gets a bare 217, which the engine takes with a warning', async () => {
    const server = await startServer(undefined, { errorsWithoutTrId: true });
    let sb: Switchboard | null = null;
    try {
      const rawNs = await rawSignIn(server, BOB);
      rawNs.send('SYN', '0');
      rawNs.send('CHG', 'NLN');
      await rawNs.take((c) => c.name === 'CHG');
      const xfr = rawNs.send('XFR', 'SB');
      const cookie = (await rawNs.take((c) => c.trId === xfr)).args[3]!;
      const rawSb = await RawClient.connect(server.sbPort);
      rawSb.send('USR', BOB.email, cookie);
      assert.equal((await rawSb.next()).args[0], 'OK');
      rawSb.send('CAL', CAROL.email);
      assert.equal((await rawSb.next()).raw, '217');
      rawSb.close();
      rawNs.raw('OUT\r\n');

      const s = await sessions.signIn(server, ALICE);
      const target = await s.requestSwitchboard();
      const board = new Switchboard({ email: ALICE.email, requestTimeoutMs: 5_000 });
      sb = board;
      const warned = waitFor<{ code: string; message: string }>(
        (l) => board.on('warning', l),
        (w) => w.code === 'error-without-trid',
      );
      await board.start({ mode: 'call', ...target });
      await assert.rejects(
        board.call(CAROL.email),
        (err: Error) => err instanceof MsnpError && err.code === 217,
      );
      assert.equal((await warned).message, 'the server answered 217 without its TrID');
    } finally {
      sb?.leave();
      await server.stop();
    }
  });

  it('a line after OUT is not acted on: the engine names it (after-out), closes the socket itself and reports why', async () => {
    // A server that says OUT OTH, sends one more line and does not close (only the client's close ends it).
    const script = await ScriptServer.start((c, cmd) => {
      if (cmd.name !== 'PNG') return false;
      c.write('OUT OTH\r\nNLN NLN bob@example.com Bob\r\n');
      return true;
    });
    try {
      const s = sessions.make();
      await s.signIn({ host: '127.0.0.1', port: script.port, email: SCRIPT_EMAIL, password: 'x' });
      const warned = nextEvent(s, 'warning', (w) => w.code === 'after-out');
      const closed = nextEvent(s, 'closed');
      s.sendCommand('PNG', []);
      assert.equal((await warned).message, 'the server sent NLN after OUT; it was not acted on');
      assert.equal((await closed).signedOutReason, 'OTH');
    } finally {
      await script.stop();
    }
  });

  it('outOthWithoutClosing sends OUT OTH but leaves the socket open; the engine closes it and reports OTH', async () => {
    const server = await startServer(undefined, { outOthWithoutClosing: true });
    try {
      const raw = await rawSignIn(server, ALICE);
      raw.send('SYN', '0');
      raw.send('CHG', 'NLN');
      await raw.take((c) => c.name === 'CHG');
      const s = await sessions.signIn(server, ALICE);
      assert.equal((await raw.take((c) => c.name === 'OUT')).raw, 'OUT OTH');
      // Read on the server, not waited out: it wrote OUT OTH and, in the same step, stopped reading (phase
      // 'closing') without ending the socket, which a close would have done at once.
      const connections = (server as unknown as { connections: Set<OldSession> }).connections;
      const old = [...connections].filter((c) => c.email === ALICE.email && c.phase === 'closing');
      assert.equal(old.length, 1, 'the replaced session reads nothing more');
      assert.equal(
        old[0]!.socket.writableEnded || old[0]!.socket.destroyed,
        false,
        'and its socket is left open',
      );
      assert.equal(raw.isClosed, false);
      raw.raw('OUT\r\n');
      const replaced = nextEvent(s, 'closed');
      const again = await sessions.signIn(server, ALICE);
      await replaced;
      assert.equal(s.status, 'closed', 'the engine closed the replaced session itself');
      await again.signOut();
    } finally {
      await server.stop();
    }
  });

  it('servicesSilent leaves FND, SDC and PAG unanswered while the rest is answered', async () => {
    const server = await startServer(undefined, { servicesSilent: true });
    try {
      const raw = await rawSignIn(server, ALICE);
      raw.send('FND', 'fname=Anna', 'lname=Smith', 'city=*', 'state=*', 'country=*');
      raw.raw('SDC 5 carol@example.com 0x0409 MSMSGS MSMSGS X X Alice 2\r\nhi');
      // Bob has not allowed pages: a server with the service would answer 220.
      raw.raw('PAG 6 bob@example.com 5\r\nhello');
      raw.send('CHG', 'NLN');
      const next = await raw.next();
      assert.equal(next.name, 'CHG', `a service was answered: ${next.raw}`);
      raw.raw('OUT\r\n');

      const s = await sessions.signIn(server, ALICE, { requestTimeoutMs: 300 });
      await assert.rejects(
        s.services.find({ firstName: 'Anna', lastName: 'Smith' }),
        (err: Error) =>
          err instanceof TimeoutError &&
          err.message === 'the server did not answer the search within 0.3 seconds',
      );
      await assert.rejects(s.services.invite('someone@example.com'), TimeoutError);
      await s.setStatusRequest('AWY');
      assert.equal(s.status, 'online', 'the unanswered services do not end the session');
      await s.signOut();
    } finally {
      await server.stop();
    }
  });
});
