// Every phase of signing in ends by itself: a close is reported with the phase it cut short, a contact list
// that stops short ends with a warning naming what is missing, and a server that speaks none of our
// versions says so.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sessions, nextEvent } from './helpers';
import { ScriptServer, SCRIPT_EMAIL, outcome, syncLines, within, type Step } from './faultsScript';
import { main } from '../../main/cli/msnp';
import { ConnectionError, ProtocolError } from '../../main/msnp/errors';
import { NoCommonVersionError, SignInClosedError } from '../../main/msnp/nsLogin';
import { describeSignInError } from '../../main/service/signInErrors';

async function signInAgainst(step: Step, options: Parameters<Sessions['make']>[0] = {}) {
  const server = await ScriptServer.start(step);
  const sessions = new Sessions();
  const s = sessions.make({ requestTimeoutMs: 2_000, syncTimeoutMs: 2_000, ...options });
  try {
    const r = await within(
      outcome(s.signIn({ host: '127.0.0.1', port: server.port, email: SCRIPT_EMAIL, password: 'x' })),
      8_000,
      'the sign-in',
    );
    return { r, s, server };
  } finally {
    await sessions.closeAll();
    await server.stop();
  }
}

/** Closes the connection when `name` (with `args` leading) arrives, after sending `first` if given. */
function closeOn(name: string, first?: (trId: number) => string): Step {
  return (c, cmd) => {
    if (cmd.name !== name) return false;
    c.end(first?.(cmd.trId!));
    return true;
  };
}

describe('a close during sign-in', () => {
  const cases: [string, Step, string][] = [
    ['the password check', closeOn('USR'), 'checking your password'],
    ['the contact list (before the SYN answer)', closeOn('SYN'), 'getting your contact list'],
    [
      'the contact list (mid-LST)',
      closeOn('SYN', (t) => syncLines(t).split('\r\n').slice(0, 4).join('\r\n') + '\r\n'),
      'getting your contact list',
    ],
    ['the first status', closeOn('CHG'), 'setting your status'],
  ];
  for (const [phase, step, words] of cases) {
    it(`during ${phase} is "the server closed the connection while ${words}"`, async () => {
      const { r, s } = await signInAgainst(step);
      assert.ok(!r.ok, 'the sign-in failed');
      assert.ok(r.error instanceof SignInClosedError, String(r.error));
      assert.ok(r.error instanceof ConnectionError && r.error.reason === 'closed');
      assert.equal(r.error.message, `the server closed the connection while ${words}`);
      assert.equal(s.status, 'closed');
      assert.equal(s.timerCount, 0);
      assert.equal(
        describeSignInError(r.error, 'the server at example.com:1863').message,
        `The server at example.com:1863 closed the connection while ${words}. Try again later, or check that it is an MSN server.`,
      );
    });
  }

  it('makes msnp login exit 1 with the sentence, not 0 with nothing', async () => {
    const server = await ScriptServer.start(closeOn('SYN', (t) => `SYN ${t} 7\r\nGTC ${t} 7 A\r\n`));
    try {
      const out: string[] = [];
      const err: string[] = [];
      const code = await within(
        main(['login', '--server', `127.0.0.1:${server.port}`, '--user', SCRIPT_EMAIL, '--password', 'x'], {
          out: (l) => void out.push(l),
          err: (l) => void err.push(l),
        }),
        10_000,
        'msnp login',
      );
      assert.equal(code, 1);
      assert.deepEqual(err, ['msnp: the server closed the connection while getting your contact list']);
    } finally {
      await server.stop();
    }
  });
});

describe('a contact list that stops short', () => {
  it('ends within the sync timeout of the last line, keeps what came and names what is missing', async () => {
    // FL announces three people and sends one; AL, BL and RL never come.
    const step: Step = (c, cmd) => {
      if (cmd.name !== 'SYN') return false;
      const t = cmd.trId!;
      c.write(`SYN ${t} 9\r\nGTC ${t} 9 A\r\nBLP ${t} 9 AL\r\nLST ${t} FL 9 1 3 bob@example.com Bob\r\n`);
      return true;
    };
    const started = Date.now();
    const { r, s } = await signInAgainst(step, { syncTimeoutMs: 300 });
    assert.ok(r.ok, String(!r.ok && r.error));
    assert.ok(Date.now() - started < 6_000, 'far less than the old fixed minute');
    const snap = s.snapshot();
    assert.deepEqual(
      snap.contacts.map((c) => [c.email, c.lists]),
      [['bob@example.com', ['FL']]],
    );
    const warning = snap.warnings.find((w) => w.code === 'sync-stopped');
    assert.ok(warning, snap.warnings.map((w) => w.code).join(', '));
    assert.match(warning.message, /FL \(2 of 3 lines\)/);
    assert.match(warning.message, /AL/);
    assert.match(warning.message, /RL/);
  });

  it('fails the sign-in in strict mode, naming what is missing', async () => {
    const step: Step = (c, cmd) => {
      if (cmd.name !== 'SYN') return false;
      const t = cmd.trId!;
      c.write(`SYN ${t} 9\r\nGTC ${t} 9 A\r\nBLP ${t} 9 AL\r\nLST ${t} FL 9 1 3 bob@example.com Bob\r\n`);
      return true;
    };
    const { r, s } = await signInAgainst(step, { syncTimeoutMs: 300, strict: true });
    assert.ok(!r.ok);
    assert.ok(r.error instanceof ProtocolError, String(r.error));
    assert.match(r.error.message, /^the server stopped sending the contact list \(missing FL \(2 of 3 lines\), AL/);
    assert.equal(s.status, 'closed');
  });
});

describe('a server with no version in common', () => {
  const verAnswers: [string, Step][] = [
    ['answers VER 0 and closes', (c, cmd) => cmd.name === 'VER' && (c.end(`VER ${cmd.trId} 0\r\n`), true)],
    ['closes without answering VER', closeOn('VER')],
    ['answers only CVR0', (c, cmd) => cmd.name === 'VER' && (c.write(`VER ${cmd.trId} CVR0\r\n`), true)],
  ];
  for (const [what, step] of verAnswers) {
    it(`says so when it ${what}`, async () => {
      const { r } = await signInAgainst(step, { protocols: ['MSNP5', 'MSNP4', 'MSNP3', 'MSNP2', 'CVR0'] });
      assert.ok(!r.ok);
      assert.ok(r.error instanceof NoCommonVersionError, String(r.error));
      assert.equal(r.error.message, 'the server does not speak MSNP2-5 (it answered no version we offered)');
      assert.equal(
        describeSignInError(r.error, 'the server at example.com:1863').message,
        'The server does not speak MSNP2-5 (it answered no version we offered).',
      );
    });
  }

  it('names the versions offered, and msnp prints it', async () => {
    const server = await ScriptServer.start(closeOn('VER'));
    try {
      const err: string[] = [];
      const code = await main(
        [
          'login',
          '--server',
          `127.0.0.1:${server.port}`,
          '--user',
          SCRIPT_EMAIL,
          '--password',
          'x',
          '--protocol',
          'MSNP5,MSNP4',
        ],
        {
          out: () => {},
          err: (l) => void err.push(l),
        },
      );
      assert.equal(code, 1);
      assert.deepEqual(err, ['msnp: the server does not speak MSNP4-5 (it answered no version we offered)']);
    } finally {
      await server.stop();
    }
  });
});

describe('a server that never answers the PNG that closes a sync without GTC and BLP', () => {
  it('still has its silence noticed by keep-alive once online', async () => {
    const step: Step = (c, cmd) => {
      if (cmd.name === 'SYN') {
        const t = cmd.trId!;
        c.write(`SYN ${t} 7\r\nLST ${t} FL 7 1 1 bob@example.com Bob\r\nLST ${t} AL 7 1 1 bob@example.com Bob\r\n`);
        c.write(`LST ${t} BL 7 0 0\r\nLST ${t} RL 7 0 0\r\n`);
        return true;
      }
      return cmd.name === 'PNG';
    };
    const server = await ScriptServer.start(step);
    const sessions = new Sessions();
    try {
      const s = sessions.make({ requestTimeoutMs: 300, syncTimeoutMs: 300, keepAliveMs: 200 });
      const closed = nextEvent(s, 'closed');
      await within(
        s.signIn({ host: '127.0.0.1', port: server.port, email: SCRIPT_EMAIL, password: 'x' }),
        8_000,
        'the sign-in',
      );
      const e = await within(closed, 8_000, 'keep-alive noticing the silence');
      assert.match(String(e.error), /no reply to PNG/);
    } finally {
      await sessions.closeAll();
      await server.stop();
    }
  });
});
