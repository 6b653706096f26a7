// A hostile or broken server can neither crash, hang nor fool Butterfly: a handler that throws ends its
// session with a sentence, a fatal framing error beside the CHG reply is a close whatever the order, and an
// error reply without a TrID settles the one request it can belong to.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, Sessions, incoming, nextEvent, startServer, waitFor } from './helpers';
import { ScriptServer, outcome, within, type Step } from './faultsScript';
import { main } from '../../main/cli/msnp';
import { ConversationManager } from '../../main/msnp/conversations';
import type { ConversationEvents } from '../../main/msnp/conversation';
import { ProtocolError } from '../../main/msnp/errors';

const HANDLER_SENTENCE = 'the server sent something Butterfly could not handle, so the connection was closed';

describe('a command handler that throws', () => {
  const sessions = new Sessions();
  after(() => sessions.closeAll());

  it('ends the notification session with a sentence, not the process', async () => {
    const server = await startServer();
    try {
      const alice = await sessions.signIn(server, ALICE);
      alice.on('presence', () => {
        throw new Error('a listener bug');
      });
      const closed = nextEvent(alice, 'closed');
      const bob = await sessions.signIn(server, BOB);
      const e = await closed;
      assert.ok(e.error instanceof ProtocolError, String(e.error));
      assert.equal(e.error.message, HANDLER_SENTENCE);
      assert.match(
        String((e.error as Error & { cause?: unknown }).cause),
        /a listener bug/,
        'the original error is kept for the log',
      );
      assert.equal(alice.status, 'closed');
      assert.equal(alice.timerCount, 0);
      assert.equal(bob.status, 'online', 'the other session is untouched');
    } finally {
      await server.stop();
    }
  });

  it('ends a switchboard with a sentence, and the conversation hears why', async () => {
    const server = await startServer();
    try {
      const alice = new ConversationManager(await sessions.signIn(server, ALICE), {
        requestTimeoutMs: 3_000,
        callTimeoutMs: 3_000,
      });
      const bob = new ConversationManager(await sessions.signIn(server, BOB), {
        requestTimeoutMs: 3_000,
        callTimeoutMs: 3_000,
      });
      const theirs = incoming(alice);
      const mine = bob.open([ALICE.email]);
      mine.sendText('first');
      const conversation = await theirs;
      await waitFor<ConversationEvents['message']>(
        (l) => conversation.on('message', l),
        (m) => m.text === 'first',
      );
      conversation.on('message', () => {
        throw new Error('a window bug');
      });
      const gone = waitFor<ConversationEvents['disconnected']>((l) => conversation.on('disconnected', l));
      mine.sendText('second');
      const e = await gone;
      assert.ok(e.error instanceof ProtocolError, String(e.error));
      assert.equal(e.error.message, HANDLER_SENTENCE);
      alice.closeAll();
      bob.closeAll();
    } finally {
      await server.stop();
    }
  });

  it('makes msnp exit 1 with the sentence instead of dying with a stack trace', async () => {
    const server = await startServer();
    try {
      const out: string[] = [];
      const err: string[] = [];
      const io = {
        out: (line: string) => {
          if (line.includes('has just signed in')) throw new Error('stdout is gone');
          out.push(line);
        },
        err: (line: string) => void err.push(line),
      };
      const online = server.waitFor('status', (e) => e.email === ALICE.email && e.status === 'NLN');
      const run = main(
        [
          'login',
          '--server',
          `127.0.0.1:${server.dispatchPort}`,
          '--user',
          ALICE.email,
          '--password',
          ALICE.password,
          '--wait',
          '20',
        ],
        io,
      );
      await online;
      await sessions.signIn(server, BOB);
      const code = await within(run, 10_000, 'msnp login');
      assert.equal(code, 1);
      assert.deepEqual(err, [`msnp: ${HANDLER_SENTENCE}`]);
    } finally {
      await server.stop();
    }
  });
});

describe('a fatal framing error in the same chunk as the CHG reply', () => {
  const GARBAGE = 'MSG Hotmail Hotmail notalength\r\n';
  const cases: [string, (t: number, status: string) => string][] = [
    ['after the reply', (t, status) => `CHG ${t} ${status}\r\n${GARBAGE}`],
    ['before the reply', (t, status) => `${GARBAGE}CHG ${t} ${status}\r\n`],
  ];
  for (const [where, chunk] of cases) {
    it(`closes the session when the garbage comes ${where}, never reading "online"`, async () => {
      const step: Step = (c, cmd) => {
        if (cmd.name !== 'CHG') return false;
        c.write(chunk(cmd.trId!, cmd.args[0]!));
        return true;
      };
      const server = await ScriptServer.start(step);
      const sessions = new Sessions();
      try {
        const s = sessions.make({ keepAliveMs: 50 });
        const statuses: string[] = [];
        s.on('status', (st) => statuses.push(st));
        const closed = nextEvent(s, 'closed');
        const r = await within(
          outcome(
            s.signIn({ host: '127.0.0.1', port: server.port, email: 'alice@example.com', password: 'x' }),
          ),
          5_000,
          'sign-in',
        );
        assert.equal(r.ok, false, 'the sign-in fails');
        assert.ok(!r.ok && r.error instanceof ProtocolError, String(!r.ok && r.error));
        const e = await closed;
        assert.ok(e.error instanceof ProtocolError);
        assert.ok(!statuses.includes('online'), statuses.join(' '));
        assert.equal(s.status, 'closed');
        assert.equal(s.timerCount, 0, 'no keep-alive left running');
      } finally {
        await server.stop();
      }
    });
  }

  it('makes msnp login exit 1, not 0', async () => {
    const server = await ScriptServer.start((c, cmd) => {
      if (cmd.name !== 'CHG') return false;
      c.write(`CHG ${cmd.trId} NLN\r\n${GARBAGE}`);
      return true;
    });
    try {
      const err: string[] = [];
      const code = await within(
        main(
          [
            'login',
            '--server',
            `127.0.0.1:${server.port}`,
            '--user',
            'alice@example.com',
            '--password',
            'x',
            '--wait',
            '1',
          ],
          { out: () => {}, err: (l) => void err.push(l) },
        ),
        10_000,
        'msnp login',
      );
      assert.equal(code, 1);
      assert.match(err.join('\n'), /^msnp: MSG arrived without a valid payload length$/);
    } finally {
      await server.stop();
    }
  });
});

describe('an error reply without a TrID', () => {
  const sessions = new Sessions();
  after(() => sessions.closeAll());

  /** The sandbox for the notification server; XFR SB sends the client to a scripted switchboard. */
  async function setUp(cal: Step) {
    const sb = await ScriptServer.start((c, cmd) => {
      if (cmd.name === 'USR') c.write(`USR ${cmd.trId} OK ${ALICE.email} Alice\r\n`);
      else if (cmd.name === 'CAL') cal(c, cmd);
      else if (cmd.name === 'OUT') c.end();
      return true;
    });
    const server = await startServer();
    server.setHandler('XFR', {
      trId: true,
      minArgs: 1,
      when: 'online',
      run: (s, cmd) => s.send('XFR', cmd.trId, ['SB', `127.0.0.1:${sb.port}`, 'CKI', '17.1234']),
    });
    const manager = new ConversationManager(await sessions.signIn(server, ALICE), {
      requestTimeoutMs: 20_000,
      callTimeoutMs: 20_000,
    });
    return {
      manager,
      async stop() {
        manager.closeAll();
        await sb.stop();
        await server.stop();
      },
    };
  }

  for (const code of ['217', '207']) {
    it(`settles the one pending CAL at once when it is a bare ${code}`, async () => {
      const h = await setUp((c) => c.write(`${code}\r\n`));
      try {
        const c = h.manager.open([BOB.email]);
        const failed = waitFor<ConversationEvents['callFailed']>(
          (l) => c.on('callFailed', l),
          () => true,
          5_000,
          'callFailed',
        );
        const [id] = c.sendText('hello');
        const delivery = waitFor<ConversationEvents['delivery']>(
          (l) => c.on('delivery', l),
          (d) => d.id === id,
          5_000,
          'delivery',
        );
        // Far sooner than the 20 seconds the call may ring: the bare error settled it.
        const [call, sent] = await Promise.all([failed, delivery]);
        assert.equal(call.code, Number(code));
        assert.equal(sent.status, 'failed');
        if (code === '217')
          assert.equal(sent.error, 'Bob Ünïcode ☃ is not online, so your message could not be delivered.');
        else assert.doesNotMatch(sent.error ?? '', /did not answer|in time/);
      } finally {
        await h.stop();
      }
    });
  }

  it('is reported at once with its meaning when two calls could have earned it', async () => {
    let calls = 0;
    const h = await setUp((c) => {
      calls += 1;
      if (calls === 2) c.write('217\r\n');
    });
    try {
      const c = h.manager.open([BOB.email, 'carol@example.com']);
      const warning = waitFor<ConversationEvents['warning']>(
        (l) => c.on('warning', l),
        (w) => w.code === 'unexpected-error',
        5_000,
        'warning',
      );
      c.sendText('hello both');
      const w = await warning;
      assert.match(w.message, /217/);
      assert.match(w.message, /not online/);
    } finally {
      await h.stop();
    }
  });
});
