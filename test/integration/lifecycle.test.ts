import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, Sessions, nextEvent, startServer } from './helpers';
import { ConnectionError, ProtocolError, SignedOutError } from '../../main/msnp/errors';

describe('connection lifecycle', () => {
  const sessions = new Sessions();
  after(() => sessions.closeAll());

  it('reports OUT SSD as the server shutting down', async () => {
    const server = await startServer();
    try {
      const s = await sessions.signIn(server, ALICE);
      const closed = nextEvent(s, 'closed');
      server.inject(ALICE.email, 'OUT SSD\r\n');
      const e = await closed;
      assert.equal(e.signedOutReason, 'SSD');
      assert.ok(e.error instanceof SignedOutError);
      assert.equal(e.error.message, 'the server is shutting down');
      assert.equal(s.snapshot().self.status, 'FLN');
    } finally {
      await server.stop();
    }
  });

  it('keeps the connection alive with PNG and gives up on a server that stops answering', async () => {
    const server = await startServer();
    try {
      const s = await sessions.signIn(server, ALICE, { keepAliveMs: 50, requestTimeoutMs: 200 });
      const pings: string[] = [];
      s.on('raw', (r) => r.line === 'QNG' && pings.push(r.line));
      await nextEvent(s, 'raw', (r) => r.direction === 'in' && r.line.startsWith('QNG'));
      assert.equal(s.status, 'online');
      server.quirks.silent = true;
      const closed = await nextEvent(s, 'closed');
      assert.ok(closed.error instanceof ConnectionError);
      assert.match(closed.error.message, /stopped answering/);
    } finally {
      await server.stop();
    }
  });

  it('closes with a protocol error when the server declares an oversized payload, losing nothing already known', async () => {
    const server = await startServer();
    try {
      const s = await sessions.signIn(server, ALICE, { maxPayload: 4096 });
      const closed = nextEvent(s, 'closed');
      server.inject(ALICE.email, `MSG Hotmail Hotmail ${10 * 1024 * 1024}\r\n`);
      const e = await closed;
      assert.ok(e.error instanceof ProtocolError);
      assert.match(e.error.message, /more than the 4096 allowed/);
      assert.equal(s.snapshot().contacts.length, 2, 'the contact list is still there');
    } finally {
      await server.stop();
    }
  });

  it('records a malformed server line as a warning and carries on', async () => {
    const server = await startServer();
    try {
      const s = await sessions.signIn(server, ALICE);
      const w = nextEvent(s, 'warning', (x) => x.code === 'unknown-command');
      server.inject(ALICE.email, 'ZZZ what is this\r\nNLN NLN bob@example.com\r\nNLN\r\nADD 0 RL nobody%40x\r\n');
      await w;
      // Still online and usable after the garbage.
      await s.setStatusRequest('BRB');
      const codes = s.snapshot().warnings.map((x) => x.code);
      assert.ok(codes.includes('unknown-command'));
      assert.ok(codes.includes('bad-presence'));
      assert.equal(s.status, 'online');
    } finally {
      await server.stop();
    }
  });

  it('takes an asynchronous ADD 0 RL without a list version and records the deviation', async () => {
    const server = await startServer();
    try {
      const s = await sessions.signIn(server, BOB);
      const added = nextEvent(s, 'reverseAdded');
      server.inject(BOB.email, 'ADD 0 RL zed@example.com Zed%20Z\r\n');
      const e = await added;
      assert.deepEqual(e, { email: 'zed@example.com', nickname: 'Zed Z', pending: true });
      assert.ok(s.snapshot().warnings.some((w) => w.code === 'add-without-version'));
    } finally {
      await server.stop();
    }
  });
});
