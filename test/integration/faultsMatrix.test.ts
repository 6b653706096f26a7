// The fault matrix: a server that closes, or falls silent, at each step of signing in and of a
// conversation. Every case ends by itself within its timeout with its sentence, and leaves nothing behind:
// no socket open, no timer of the engine's or the server's running. Adding a step is adding a row.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, Sessions, startServer, waitFor } from './helpers';
import { eventually, openTcpSockets, outcome, within } from './faultsScript';
import { ConversationManager } from '../../main/msnp/conversations';
import type { Conversation, ConversationEvents } from '../../main/msnp/conversation';
import type { NotificationSession } from '../../main/msnp/notificationSession';
import type { Fault } from '../../main/sandbox/quirks';
import type { MsnpTestServer } from '../../main/sandbox/server';

/** Short enough for a quick matrix, long enough for a loaded machine to answer a healthy step. */
const TIMEOUT_MS = 400;
/** How long any case may take: a few timeouts in a row at most, with room to spare. */
const CASE_LIMIT_MS = 6_000;

const SESSION = {
  requestTimeoutMs: TIMEOUT_MS,
  connectTimeoutMs: TIMEOUT_MS,
  syncTimeoutMs: TIMEOUT_MS,
  keepAliveMs: 0,
};
const CONVERSATION = { requestTimeoutMs: TIMEOUT_MS, callTimeoutMs: TIMEOUT_MS };

/** What a case must end with: signed in, or an error whose `Name: message` matches. */
type Expect = 'online' | RegExp;

const closeAt = (server: Fault['server'], command: string, afterLines?: number): Fault => ({
  server,
  command,
  action: 'close',
  afterLines,
});
const silentAt = (server: Fault['server'], command: string, afterLines?: number): Fault => ({
  server,
  command,
  action: 'silent',
  afterLines,
});

// MSNP5's full SYN answer for Alice: SYN, GTC, BLP, five PRP lines, then her two FL entries with four BPR
// lines after each: the tenth line falls between them.
const MID_LST = 10;

/** A warning the case must also have left: its code and what its message must say. */
type Warning = [string, RegExp];

const SIGN_IN: [string, Fault, Expect, Warning?][] = [
  [
    'dispatch VER, closed',
    closeAt('dispatch', 'VER'),
    /NoCommonVersionError: the server does not speak MSNP4-5/,
  ],
  ['dispatch VER, silent', silentAt('dispatch', 'VER'), /TimeoutError: the server did not answer VER/],
  ['dispatch INF, closed', closeAt('dispatch', 'INF'), /closed the connection while checking your password/],
  ['dispatch INF, silent', silentAt('dispatch', 'INF'), /did not answer INF/],
  [
    'dispatch USR I, closed',
    closeAt('dispatch', 'USR MD5 I'),
    /closed the connection while checking your password/,
  ],
  ['dispatch USR I, silent', silentAt('dispatch', 'USR MD5 I'), /did not answer USR/],
  ['XFR, then the dispatch server closes', closeAt('dispatch', 'USR MD5 I', 1), 'online'],
  ['XFR, then the dispatch server stays open and silent', silentAt('dispatch', 'USR MD5 I', 1), 'online'],
  ['notification VER, closed', closeAt('ns', 'VER'), /NoCommonVersionError/],
  ['notification VER, silent', silentAt('ns', 'VER'), /did not answer VER/],
  ['notification INF, closed', closeAt('ns', 'INF'), /closed the connection while checking your password/],
  ['notification INF, silent', silentAt('ns', 'INF'), /did not answer INF/],
  [
    'notification USR I, closed',
    closeAt('ns', 'USR MD5 I'),
    /closed the connection while checking your password/,
  ],
  ['notification USR I, silent', silentAt('ns', 'USR MD5 I'), /did not answer USR/],
  ['USR S, closed', closeAt('ns', 'USR MD5 S'), /closed the connection while checking your password/],
  ['USR S, silent', silentAt('ns', 'USR MD5 S'), /did not answer USR/],
  [
    'SYN, closed before its answer',
    closeAt('ns', 'SYN'),
    /closed the connection while getting your contact list/,
  ],
  ['SYN, silent', silentAt('ns', 'SYN'), /did not answer SYN/],
  [
    'the SYN line, then closed',
    closeAt('ns', 'SYN', 1),
    /closed the connection while getting your contact list/,
  ],
  [
    'the SYN line, then silent',
    silentAt('ns', 'SYN', 1),
    /did not answer CHG/,
    ['sync-stopped', /missing FL \(none sent\), AL \(none sent\).*GTC, BLP/],
  ],
  ['mid-LST, closed', closeAt('ns', 'SYN', MID_LST), /closed the connection while getting your contact list/],
  [
    'mid-LST, silent',
    silentAt('ns', 'SYN', MID_LST),
    /did not answer CHG/,
    ['sync-stopped', /missing FL \(1 of 2 lines\), AL \(none sent\)/],
  ],
  ['CHG, closed', closeAt('ns', 'CHG'), /closed the connection while setting your status/],
  ['CHG, silent', silentAt('ns', 'CHG'), /did not answer CHG/],
];

/** Waits until nothing is left: the engine's timers, the server's timers and every socket. */
async function nothingLeft(server: MsnpTestServer, timers: () => number): Promise<void> {
  await eventually(() => timers() === 0, 3_000, `the engine still had ${timers()} timers`);
  await eventually(() => openTcpSockets() === 0, 3_000, `${openTcpSockets()} sockets were still open`);
  assert.equal(server.timers.count, 0, 'the server has no timer left');
}

describe('the sign-in fault matrix', () => {
  for (const [step, fault, expected, warning] of SIGN_IN) {
    it(`${step}: ${expected === 'online' ? 'signs in anyway' : `ends with ${expected.source}`}`, async () => {
      const server = await startServer(undefined, { faults: [fault] });
      const sessions = new Sessions();
      const s = sessions.make(SESSION);
      try {
        const r = await within(
          outcome(
            s.signIn({
              host: '127.0.0.1',
              port: server.dispatchPort,
              email: ALICE.email,
              password: ALICE.password,
            }),
          ),
          CASE_LIMIT_MS,
          step,
        );
        if (expected === 'online') assert.ok(r.ok, String(!r.ok && r.error));
        else {
          assert.ok(!r.ok, 'the sign-in failed');
          assert.match(`${r.error.name}: ${r.error.message}`, expected);
          assert.equal(s.status, 'closed');
        }
        if (warning) {
          const found = s.snapshot().warnings.find((w) => w.code === warning[0]);
          assert.ok(found, `warning ${warning[0]}`);
          assert.match(found.message, warning[1]);
        }
        await sessions.closeAll();
        await nothingLeft(server, () => s.timerCount);
      } finally {
        await sessions.closeAll();
        await server.stop();
      }
    });
  }
});

const SWITCHBOARD: [string, Fault | null, RegExp, { bobAnswers?: boolean; signedOut?: boolean }?][] = [
  // The notification server itself is gone: the whole session ends, and the conversation with it.
  ['XFR SB, closed', closeAt('ns', 'XFR SB'), /closed before the message could be sent/, { signedOut: true }],
  ['XFR SB, silent', silentAt('ns', 'XFR SB'), /^The server did not open the conversation in time/],
  ['switchboard USR, closed', closeAt('sb', 'USR'), /^The connection to the server was lost/],
  ['switchboard USR, silent', silentAt('sb', 'USR'), /^The server did not open the conversation in time/],
  ['CAL, closed', closeAt('sb', 'CAL'), /could not be reached/],
  ['CAL, silent', silentAt('sb', 'CAL'), /could not be reached/],
  [
    'CAL RINGING, then closed before JOI',
    closeAt('sb', 'CAL', 1),
    /^The conversation ended before anyone joined/,
  ],
  ['no JOI: the ring is never answered', null, /did not answer/, { bobAnswers: false }],
  [
    'MSG, closed before its ACK',
    closeAt('sb', 'MSG'),
    /^The connection to the conversation was lost before the message was confirmed/,
  ],
  [
    'MSG, silent: no ACK',
    silentAt('sb', 'MSG'),
    /^The server did not confirm the message within 0.4 seconds/,
  ],
];

describe('the switchboard fault matrix', () => {
  for (const [step, fault, expected, options] of SWITCHBOARD) {
    it(`${step}: the message fails with ${expected.source}`, async () => {
      const server = await startServer(undefined, { faults: fault ? [fault] : [] });
      const sessions = new Sessions();
      const conversations: Conversation[] = [];
      const managers: ConversationManager[] = [];
      const engines: NotificationSession[] = [];
      const engine = async (account: typeof ALICE, withManager: boolean): Promise<void> => {
        const ns = await sessions.signIn(server, account, SESSION);
        engines.push(ns);
        if (!withManager) return;
        const m = new ConversationManager(ns, CONVERSATION);
        m.on('conversation', (e) => conversations.push(e.conversation));
        managers.push(m);
      };
      try {
        await engine(BOB, options?.bobAnswers !== false);
        await engine(ALICE, true);
        const c = managers[managers.length - 1]!.open([BOB.email]);
        const [id] = c.sendText('hello');
        const delivery = await within(
          waitFor<ConversationEvents['delivery']>(
            (l) => c.on('delivery', l),
            (d) => d.id === id,
            CASE_LIMIT_MS,
            'delivery',
          ),
          CASE_LIMIT_MS,
          step,
        );
        assert.equal(delivery.status, 'failed');
        assert.match(delivery.error ?? '', expected);
        const alice = engines[engines.length - 1]!;
        assert.equal(alice.status, options?.signedOut ? 'closed' : 'online');
        for (const m of managers) m.closeAll();
        await sessions.closeAll();
        const timers = (): number =>
          engines.reduce((n, e) => n + e.timerCount, 0) + conversations.reduce((n, x) => n + x.timerCount, 0);
        await nothingLeft(server, timers);
      } finally {
        for (const m of managers) m.closeAll();
        await sessions.closeAll();
        await server.stop();
      }
    });
  }
});
