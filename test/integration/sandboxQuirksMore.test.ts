// The test server's deviations for server testing: each one really happens on the wire, and the engine
// tolerates it, naming it in a warning where it can see it.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { FIXED_SALT } from '../../main/sandbox/loginCommands';
import { ALICE, BOB, nextEvent, Sessions, startServer } from './helpers';
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
      raw.send('CHG', 'NLN');
      const next = await raw.next();
      assert.equal(next.name, 'CHG', `FND was answered: ${next.raw}`);
      raw.raw('OUT\r\n');
    } finally {
      await server.stop();
    }
  });
});
