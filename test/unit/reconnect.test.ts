// Reconnecting after the connection dropped: the schedule of tries, which endings and failures are worth
// another try, the words a person reads, and the test-only backoff of browser mode.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionState } from '../../app/contract';
import type { AccountSnapshot, Contact } from '../../app/types';
import {
  ConnectionError,
  MsnpError,
  PlainPasswordRefusedError,
  ProtocolError,
  SignedOutError,
  TimeoutError,
} from '../../main/msnp/errors';
import {
  DEFAULT_BACKOFF,
  reconnectDelayMs,
  reconnectsAfter,
  worthAnotherTry,
} from '../../main/service/reconnectPolicy';
import { LastSeen } from '../../main/service/reconnectView';
import { ReconnectWait } from '../../main/service/reconnectWait';
import { describeDrop, reconnectConversationEnd } from '../../main/service/signInErrors';
import { testReconnectBackoff } from '../../main/web/browserMode';
import { statusBarText } from '../../renderer/status';
import { reconnectLine } from '../../renderer/stores/session';

const never = () => 0;
const always = () => 0.999999;

describe('reconnectDelayMs', () => {
  it('doubles from one second up to a minute, and stays there', () => {
    const waits = Array.from({ length: 10 }, (_, i) => reconnectDelayMs(i + 1, DEFAULT_BACKOFF, never));
    assert.deepEqual(waits, [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('takes up to a fifth off each wait at random, never adding to it', () => {
    assert.equal(
      reconnectDelayMs(1, DEFAULT_BACKOFF, () => 0.5),
      900,
    );
    assert.equal(reconnectDelayMs(3, DEFAULT_BACKOFF, always), 3_200);
    assert.equal(reconnectDelayMs(50, DEFAULT_BACKOFF, always), 48_000);
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const full = reconnectDelayMs(attempt, DEFAULT_BACKOFF, never);
      for (const r of [0, 0.1, 0.37, 0.5, 0.9, 0.999]) {
        const wait = reconnectDelayMs(attempt, DEFAULT_BACKOFF, () => r);
        assert.ok(wait <= full && wait >= full * 0.8, `try ${attempt}, random ${r}: ${wait} of ${full}`);
      }
    }
  });

  it('takes the random source it is given, one draw per wait', () => {
    let draws = 0;
    reconnectDelayMs(4, DEFAULT_BACKOFF, () => {
      draws += 1;
      return 0.25;
    });
    assert.equal(draws, 1);
  });

  it('follows a shorter schedule for tests', () => {
    const quick = { baseMs: 20, maxMs: 70, jitter: 0 };
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => reconnectDelayMs(n, quick, always)),
      [20, 40, 70, 70],
    );
  });

  it('stays within the cap whatever the attempt or the random source says', () => {
    for (const attempt of [0, -3, 1.7, Number.NaN, Number.POSITIVE_INFINITY, 1e9]) {
      const wait = reconnectDelayMs(attempt, DEFAULT_BACKOFF, never);
      assert.ok(Number.isFinite(wait) && wait >= 1_000 && wait <= 60_000, `attempt ${attempt}: ${wait}`);
    }
    assert.equal(reconnectDelayMs(0, DEFAULT_BACKOFF, never), 1_000, 'the first try at the least');
    for (const r of [-1, 2, Number.NaN, Number.POSITIVE_INFINITY]) {
      const wait = reconnectDelayMs(2, DEFAULT_BACKOFF, () => r);
      assert.ok(wait >= 1_600 && wait <= 2_000, `random ${r}: ${wait}`);
    }
  });
});

describe('ReconnectWait', () => {
  it('runs the try when its wait is over, not before, and says when that is', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let now = 1_000_000;
    const wait = new ReconnectWait({ random: () => 0 }, () => now);
    const tries: number[] = [];
    assert.equal(
      wait.start(3, () => tries.push(3)),
      now + 4_000,
    );
    assert.equal(wait.waiting, true);
    t.mock.timers.tick(3_999);
    now += 3_999;
    assert.deepEqual(tries, []);
    t.mock.timers.tick(1);
    assert.deepEqual(tries, [3]);
    assert.equal(wait.waiting, false);
  });

  it('keeps one wait at a time, and a cleared wait runs nothing', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const wait = new ReconnectWait({ backoff: { baseMs: 100, maxMs: 400, jitter: 0 } });
    const tries: number[] = [];
    wait.start(1, () => tries.push(1));
    wait.start(2, () => tries.push(2));
    t.mock.timers.tick(150);
    assert.equal(tries.length, 0, 'the first wait was replaced');
    t.mock.timers.tick(50);
    assert.deepEqual([...tries], [2]);
    wait.start(3, () => tries.push(3));
    wait.clear();
    t.mock.timers.tick(60_000);
    assert.deepEqual(tries, [2]);
    assert.equal(wait.waiting, false);
  });
});

describe('reconnectsAfter', () => {
  it('reconnects after a lost connection, a silent server or a reply not understood', () => {
    assert.equal(
      reconnectsAfter(new ConnectionError('the server closed the connection', 'closed'), undefined),
      true,
    );
    assert.equal(reconnectsAfter(new ConnectionError('reset', 'reset'), undefined), true);
    assert.equal(reconnectsAfter(new ConnectionError('no answer to PNG', 'timeout'), undefined), true);
    assert.equal(reconnectsAfter(new ProtocolError('a payload too large'), undefined), true);
    assert.equal(reconnectsAfter(undefined, undefined), true);
  });

  it('does not reconnect after OUT OTH or OUT SSD, or any OUT but RCT', () => {
    assert.equal(reconnectsAfter(new SignedOutError('OTH'), 'OTH'), false);
    assert.equal(reconnectsAfter(undefined, 'SSD'), false);
    assert.equal(reconnectsAfter(new SignedOutError('SSD'), undefined), false);
    assert.equal(reconnectsAfter(undefined, ''), false);
    assert.equal(reconnectsAfter(undefined, 'XYZ'), false);
    assert.equal(reconnectsAfter(new SignedOutError('RCT'), 'RCT'), true);
  });
});

describe('worthAnotherTry', () => {
  it('tries again while the server is down, silent, busy or hanging up', () => {
    assert.equal(worthAnotherTry(new ConnectionError('could not connect: ECONNREFUSED', 'refused')), true);
    assert.equal(worthAnotherTry(new ConnectionError('could not connect: ENOTFOUND', 'dns')), true);
    assert.equal(worthAnotherTry(new TimeoutError('VER', 5_000)), true);
    assert.equal(worthAnotherTry(new MsnpError(600, 1)), true);
    assert.equal(worthAnotherTry(new MsnpError(500, 1)), true);
    assert.equal(worthAnotherTry(new ProtocolError('the server closed the connection during sign-in')), true);
    assert.equal(worthAnotherTry(new SignedOutError('RCT')), true);
    assert.equal(worthAnotherTry(new ProtocolError('the server answered VER with 0')), true);
  });

  it('stops when the account or the password is refused, or the server signs you out', () => {
    for (const code of [911, 928, 924, 205, 208, 917, 923])
      assert.equal(worthAnotherTry(new MsnpError(code, 2)), false, `error ${code}`);
    assert.equal(worthAnotherTry(new PlainPasswordRefusedError('example.com')), false);
    assert.equal(worthAnotherTry(new SignedOutError('OTH')), false);
    assert.equal(worthAnotherTry(new SignedOutError('SSD')), false);
    assert.equal(worthAnotherTry(new Error('something else')), false);
    assert.equal(worthAnotherTry('not even an error'), false);
  });
});

describe('the words while reconnecting', () => {
  const SENTENCE = /^[A-Z][^\n]*[.]$/;

  it('says why the connection dropped, in one sentence without advice', () => {
    assert.equal(
      describeDrop(new ConnectionError('closed', 'closed'), undefined),
      'The connection to the server was lost.',
    );
    assert.equal(
      describeDrop(new ConnectionError('x', 'timeout'), undefined),
      'The server stopped answering.',
    );
    assert.equal(describeDrop(new SignedOutError('RCT'), 'RCT'), 'The server asked Butterfly to reconnect.');
    assert.match(describeDrop(new ProtocolError('bad'), undefined), /could not understand/);
    assert.match(describeDrop(undefined, undefined), SENTENCE);
  });

  it('tells each conversation that it has ended and where a new one starts', () => {
    const line = reconnectConversationEnd('The connection to the server was lost.');
    assert.match(line, /^The connection to the server was lost\. This conversation has ended/);
    assert.match(line, /start a new one from your contact list\.$/);
  });

  const reconnecting = (retryAt: number | null): SessionState => ({
    phase: 'reconnecting',
    progress: '',
    error: 'The connection to the server was lost.',
    needsVerification: false,
    reconnect: { attempt: 2, retryAt },
  });

  it('counts down to the next try in whole seconds, and says when a try is under way', () => {
    assert.equal(reconnectLine(reconnecting(10_000), 6_000), 'Reconnecting… (next try in 4 s)');
    assert.equal(reconnectLine(reconnecting(10_000), 6_001), 'Reconnecting… (next try in 4 s)');
    assert.equal(reconnectLine(reconnecting(10_000), 9_999), 'Reconnecting… (next try in 1 s)');
    assert.equal(reconnectLine(reconnecting(10_000), 12_000), 'Reconnecting… (next try in 1 s)', 'never 0 s');
    assert.equal(reconnectLine(reconnecting(null), 12_000), 'Reconnecting… (trying now)');
    assert.equal(
      reconnectLine({ phase: 'signedOut', progress: '', error: '', needsVerification: false }, 0),
      '',
    );
  });

  it('says Reconnecting in the status bar', () => {
    assert.equal(statusBarText(false, 'reconnecting'), 'Reconnecting…');
  });
});

describe('LastSeen', () => {
  const contact = (email: string, status: Contact['status']): Contact => ({
    email,
    nickname: email.split('@')[0]!,
    lists: ['FL', 'AL'],
    status,
    phones: {},
  });
  const account = (contacts: Contact[], self: Contact['status'] = 'NLN') =>
    ({
      self: { email: 'me@example.com', nickname: 'Me', status: self, phones: {} },
      contacts,
    }) as unknown as AccountSnapshot;

  it('keeps the presence the windows last heard, over the engine marking everyone offline', () => {
    const seen = new LastSeen(account([contact('a@x', 'NLN'), contact('b@x', 'BSY'), contact('c@x', 'FLN')]));
    seen.heard({ type: 'contact', contact: contact('B@x', 'AWY'), removed: false });
    seen.heard({ type: 'contact', contact: contact('c@x', 'NLN'), removed: true });
    seen.heard({ type: 'notice', message: 'ignored' });
    const dropped = account([contact('a@x', 'FLN'), contact('b@x', 'FLN'), contact('d@x', 'FLN')], 'FLN');
    const view = seen.view(dropped, 'BRB');
    assert.deepEqual(
      view.contacts.map((c) => [c.email, c.status]),
      [
        ['a@x', 'NLN'],
        ['b@x', 'AWY'],
        ['d@x', 'FLN'],
      ],
    );
    assert.equal(view.self.status, 'BRB');
    assert.equal(dropped.contacts[0]!.status, 'FLN', 'the dropped snapshot itself is left alone');
  });
});

describe('testReconnectBackoff (browser mode, tests only)', () => {
  it('reads BASE or BASE,MAX in milliseconds', () => {
    assert.deepEqual(testReconnectBackoff('200'), { baseMs: 200, maxMs: 800 });
    assert.deepEqual(testReconnectBackoff(' 50,400 '), { baseMs: 50, maxMs: 400 });
  });

  it('ignores anything else, so a stray value never changes the real schedule', () => {
    for (const value of [undefined, '', '0', '-5', 'fast', '1.5', '400,100', '1,2,3', '9999999'])
      assert.equal(testReconnectBackoff(value), undefined, String(value));
  });
});
